import type { ReactNode } from 'react';
import { cn } from '~/lib/utils';

interface PageHeaderProps {
  title: string;
  description?: ReactNode;
  /** Primary actions for the page, aligned to the right on wide screens. */
  actions?: ReactNode;
  className?: string;
}

/** The page's one h1, its purpose in a sentence, and its main actions. */
export function PageHeader({ title, description, actions, className }: PageHeaderProps) {
  return (
    <div
      className={cn(
        'flex flex-col gap-4 border-b border-border pb-6 sm:flex-row sm:items-end sm:justify-between',
        className,
      )}
    >
      <div className="min-w-0 space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight text-foreground">{title}</h1>
        {description ? (
          <p className="max-w-2xl text-sm text-muted-foreground">{description}</p>
        ) : null}
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}
