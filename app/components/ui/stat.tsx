import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from '~/lib/utils';

interface StatProps {
  label: string;
  value: string;
  hint?: ReactNode;
  icon?: LucideIcon;
  className?: string;
}

/** One headline number. Render inside <StatGrid> (a <dl>): the label is the term, value the data. */
export function Stat({ label, value, hint, icon: Icon, className }: StatProps) {
  return (
    <div
      className={cn(
        'rounded-xl border border-border bg-card p-5 text-card-foreground shadow-xs',
        className,
      )}
    >
      <dt className="flex items-center justify-between gap-2 text-sm font-medium text-muted-foreground">
        {label}
        {Icon ? <Icon aria-hidden="true" className="size-4" /> : null}
      </dt>
      <dd className="mt-2 text-3xl font-semibold tracking-tight tabular-nums">{value}</dd>
      {hint ? <dd className="mt-1 text-xs text-muted-foreground">{hint}</dd> : null}
    </div>
  );
}

export function StatGrid({ children, className }: { children: ReactNode; className?: string }) {
  return <dl className={cn('grid gap-4 sm:grid-cols-2 xl:grid-cols-4', className)}>{children}</dl>;
}
