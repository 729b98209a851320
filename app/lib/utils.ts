import { clsx, type ClassValue } from 'clsx';
import { twMerge } from 'tailwind-merge';

/** Joins class names, letting later Tailwind utilities override earlier conflicting ones. */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}

const integerFormat = new Intl.NumberFormat('en-US');

/** Fixed locale so the server and the browser render the same digits (no hydration mismatch). */
export function formatCount(value: number): string {
  return integerFormat.format(value);
}
