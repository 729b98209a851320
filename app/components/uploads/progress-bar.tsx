import { cn } from '~/lib/utils';

/**
 * A determinate progress bar with its accessible name and value; the numbers a sighted person
 * reads next to it are given as `valueText` so a screen reader hears the same thing.
 */
export function ProgressBar({
  value,
  label,
  valueText,
  tone = 'primary',
  className,
}: {
  /** 0..1 */
  value: number;
  label: string;
  valueText?: string;
  tone?: 'primary' | 'success' | 'danger' | 'muted';
  className?: string;
}) {
  const percent = Math.max(0, Math.min(100, Math.round(value * 100)));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={valueText ?? `${percent}%`}
      className={cn('h-2 w-full overflow-hidden rounded-full bg-muted', className)}
    >
      <div
        className={cn(
          'h-full rounded-full transition-[width] duration-300 motion-reduce:transition-none',
          tone === 'primary' && 'bg-primary',
          tone === 'success' && 'bg-success',
          tone === 'danger' && 'bg-danger',
          tone === 'muted' && 'bg-muted-foreground',
        )}
        style={{ width: `${percent}%` }}
      />
    </div>
  );
}

/** Grey placeholder blocks while something loads; hidden from assistive technology. */
export function Skeleton({ className }: { className?: string }) {
  return (
    <div
      aria-hidden="true"
      className={cn('animate-pulse rounded-md bg-muted motion-reduce:animate-none', className)}
    />
  );
}
