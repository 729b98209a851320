import { X } from 'lucide-react';
import { useEffect } from 'react';
import type { Toast } from '~/lib/room-session';
import { Button } from '~/components/ui/button';
import { cn } from '~/lib/utils';

const TONE = {
  info: 'border-info/30 bg-info-subtle text-info',
  success: 'border-success/30 bg-success-subtle text-success',
  warning: 'border-warning/30 bg-warning-subtle text-warning',
  danger: 'border-danger/30 bg-danger-subtle text-danger',
} as const;

/** What the room said about my actions (refused, skipped, saved), for a few seconds each. */
export function BuilderToasts({
  toasts,
  dismiss,
}: {
  toasts: Toast[];
  dismiss: (id: number) => void;
}) {
  const oldest = toasts[0];
  useEffect(() => {
    if (!oldest) return;
    const timer = setTimeout(() => dismiss(oldest.id), 8000);
    return () => clearTimeout(timer);
  }, [oldest, dismiss]);
  return (
    <div
      role="status"
      aria-live="polite"
      className="fixed right-4 bottom-4 z-50 w-80 max-w-[90vw] space-y-2"
    >
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className={cn(
            'flex items-start gap-2 rounded-lg border p-3 text-sm shadow-lg',
            TONE[toast.tone],
          )}
        >
          <p className="flex-1">{toast.text}</p>
          <Button
            variant="ghost"
            size="icon"
            className="size-6"
            aria-label="Dismiss"
            onClick={() => dismiss(toast.id)}
          >
            <X />
          </Button>
        </div>
      ))}
    </div>
  );
}
