import { cva, type VariantProps } from 'class-variance-authority';
import { CircleAlert, CircleCheck, Info, TriangleAlert } from 'lucide-react';
import { forwardRef, type HTMLAttributes } from 'react';
import { cn } from '~/lib/utils';

const calloutVariants = cva(
  'flex items-start gap-3 rounded-xl border p-4 text-sm text-foreground',
  {
    variants: {
      tone: {
        info: 'border-info/30 bg-info-subtle',
        success: 'border-success/30 bg-success-subtle',
        warning: 'border-warning/30 bg-warning-subtle',
        danger: 'border-danger/30 bg-danger-subtle',
      },
    },
    defaultVariants: { tone: 'info' },
  },
);

const ICONS = {
  info: { icon: Info, className: 'text-info' },
  success: { icon: CircleCheck, className: 'text-success' },
  warning: { icon: TriangleAlert, className: 'text-warning' },
  danger: { icon: CircleAlert, className: 'text-danger' },
} as const;

export interface CalloutProps
  extends HTMLAttributes<HTMLDivElement>, VariantProps<typeof calloutVariants> {}

/**
 * A message that belongs to the page: an outcome, a warning, a hint. Give it `role="alert"` for a
 * problem that needs attention now, `role="status"` for an outcome announced politely.
 */
export const Callout = forwardRef<HTMLDivElement, CalloutProps>(
  ({ className, tone, children, ...props }, ref) => {
    const { icon: Icon, className: iconClass } = ICONS[tone ?? 'info'];
    return (
      <div ref={ref} className={cn(calloutVariants({ tone }), className)} {...props}>
        <Icon aria-hidden="true" className={cn('mt-0.5 size-4 shrink-0', iconClass)} />
        <div className="min-w-0 flex-1 space-y-2">{children}</div>
      </div>
    );
  },
);
Callout.displayName = 'Callout';
