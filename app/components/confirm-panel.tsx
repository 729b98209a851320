import { Form, Link } from '@remix-run/react';
import { useRef, type ReactNode } from 'react';
import { useFocusOnMount } from '~/components/forms';
import { Button } from '~/components/ui/button';
import { cn } from '~/lib/utils';

/**
 * An inline panel that takes focus when it opens (a confirmation, a small form), labelled by its
 * heading so a screen reader announces what it is about.
 */
export function FocusPanel({
  headingId,
  heading,
  danger = false,
  compact = false,
  children,
}: {
  headingId: string;
  heading: ReactNode;
  danger?: boolean;
  /** Tighter, for a sidebar. */
  compact?: boolean;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useFocusOnMount(ref);
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="group"
      aria-labelledby={headingId}
      className={cn(
        'space-y-3 border focus-visible:outline-none',
        compact ? 'rounded-lg p-3' : 'rounded-xl p-4',
        danger ? 'border-danger/30 bg-danger-subtle' : 'border-border bg-card',
      )}
    >
      <p id={headingId} className="font-medium text-foreground">
        {heading}
      </p>
      {children}
    </div>
  );
}

/**
 * "Delete X?": what deleting removes, a destructive submit posting `fields` (intent, id …) and a
 * Cancel link back. `children` go inside the form, above the buttons (an extra option).
 */
export function ConfirmDeletePanel({
  headingId,
  heading,
  explanation,
  fields,
  submitLabel,
  cancelHref,
  disabled = false,
  compact = false,
  children,
}: {
  headingId: string;
  heading: ReactNode;
  explanation: ReactNode;
  fields: Record<string, string>;
  submitLabel: string;
  cancelHref: string;
  disabled?: boolean;
  compact?: boolean;
  children?: ReactNode;
}) {
  return (
    <FocusPanel headingId={headingId} heading={heading} danger compact={compact}>
      <p className={cn('text-muted-foreground', !compact && 'text-sm')}>{explanation}</p>
      <Form method="post" className="space-y-3">
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {children}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" size="sm" variant="destructive" disabled={disabled}>
            {submitLabel}
          </Button>
          <CancelLink href={cancelHref} />
        </div>
      </Form>
    </FocusPanel>
  );
}

export function CancelLink({ href }: { href: string }) {
  return (
    <Button asChild size="sm" variant="secondary">
      <Link to={href} preventScrollReset>
        Cancel
      </Link>
    </Button>
  );
}
