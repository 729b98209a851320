import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';
import { cn } from '~/lib/utils';

/**
 * A table that scrolls sideways inside its own box when the screen is narrow (a 768 px tablet), so
 * the page itself never scrolls horizontally. The box is a labelled, focusable region so keyboard
 * users can scroll it too.
 */
export function Table({
  label,
  children,
  className,
}: {
  /** Names the scroll region; usually the table's heading text. */
  label: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      // `relative` keeps absolutely positioned content (sr-only labels) inside the scroll box.
      className={cn(
        'relative overflow-x-auto rounded-xl border border-border bg-card shadow-xs',
        className,
      )}
    >
      <table className="w-full border-collapse text-left text-sm">{children}</table>
    </div>
  );
}

export function TableHead({ children }: { children: ReactNode }) {
  return (
    <thead className="border-b border-border bg-muted/60 text-xs font-medium text-muted-foreground">
      {children}
    </thead>
  );
}

export function TableBody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-border">{children}</tbody>;
}

export function Tr({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn('align-top', className)} {...props} />;
}

export function Th({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={cn('px-4 py-2.5 font-medium whitespace-nowrap', className)}
      {...props}
    />
  );
}

export function Td({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn('px-4 py-3 text-foreground', className)} {...props} />;
}
