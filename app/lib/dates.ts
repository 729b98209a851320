// Dates are formatted by hand, never with the runtime's locale or time zone, so the Worker and
// every browser render identical text (see docs/decisions/0003-design-system.md).

/** "2026-11-28 04:15:09 UTC" */
export function formatUtcSeconds(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "2026-11-28" (UTC) */
export function formatDay(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 10);
}

/**
 * "just now", "5 minutes ago", "3 hours ago", "2 days ago" (or "in 5 minutes"), from epoch
 * milliseconds. `now` comes from the loader, so the server and the browser print the same words.
 */
export function formatRelative(at: number, now: number): string {
  const seconds = Math.round((now - at) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  const units: Array<[string, number]> = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  const [unit, size] = units.find(([, s]) => abs >= s) ?? ['minute', 60];
  const n = Math.max(1, Math.round(abs / size));
  const words = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return seconds >= 0 ? `${words} ago` : `in ${words}`;
}

/** "2026-11-28 04:15 UTC" from epoch milliseconds. */
export function formatUtcMinutes(at: number): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
