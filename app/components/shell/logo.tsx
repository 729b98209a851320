import { cn } from '~/lib/utils';

/** The product mark (same drawing as public/favicon.svg). Decorative: pair it with text. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
      className={cn('size-8 shrink-0', className)}
    >
      <rect width="32" height="32" rx="8" className="fill-primary" />
      <circle
        cx="11"
        cy="16"
        r="5"
        fill="none"
        strokeWidth="2.5"
        className="stroke-primary-foreground"
      />
      <circle
        cx="21"
        cy="16"
        r="5"
        fill="none"
        strokeWidth="2.5"
        className="stroke-primary-foreground"
        opacity="0.7"
      />
    </svg>
  );
}
