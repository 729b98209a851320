import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from '~/lib/utils';

export interface EmptyStateProps {
  icon: LucideIcon;
  title: string;
  description: ReactNode;
  /** The next step, usually one primary button or link. */
  actions?: ReactNode;
  /** Defaults to h2: an empty state sits under the page's h1 (h1 when it replaces the page). */
  headingLevel?: 'h1' | 'h2' | 'h3';
  className?: string;
  children?: ReactNode;
}

/** What will live here, why it is empty, and the one thing to do next. */
export function EmptyState({
  icon: Icon,
  title,
  description,
  actions,
  headingLevel: Heading = 'h2',
  className,
  children,
}: EmptyStateProps) {
  return (
    <div
      className={cn(
        'flex flex-col items-center rounded-xl border border-dashed border-border-strong bg-card px-6 py-12 text-center',
        className,
      )}
    >
      <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-accent text-accent-foreground">
        <Icon aria-hidden="true" className="size-6" />
      </div>
      <Heading
        className={cn('font-semibold text-foreground', Heading === 'h1' ? 'text-xl' : 'text-base')}
      >
        {title}
      </Heading>
      <div className="mt-2 max-w-md text-sm text-muted-foreground">{description}</div>
      {actions ? (
        <div className="mt-6 flex flex-wrap items-center justify-center gap-3">{actions}</div>
      ) : null}
      {children}
    </div>
  );
}
