import { CircleAlert, CircleCheck, CircleDashed, LoaderCircle } from 'lucide-react';
import type { IdentityRunView } from '../../../core/contracts/activation';
import { Badge } from '~/components/ui/badge';

const STATUS = {
  running: { tone: 'info', label: 'Running', icon: LoaderCircle },
  succeeded: { tone: 'success', label: 'Succeeded', icon: CircleCheck },
  failed: { tone: 'danger', label: 'Failed', icon: CircleAlert },
} as const satisfies Record<IdentityRunView['status'], unknown>;

/** The outcome of a UID2 mapping run, in the style of the other run badges. */
export function IdentityRunStatusBadge({ status }: { status: IdentityRunView['status'] | null }) {
  if (!status) {
    return (
      <Badge tone="neutral">
        <CircleDashed aria-hidden="true" />
        Not run yet
      </Badge>
    );
  }
  const { tone, label, icon: Icon } = STATUS[status];
  return (
    <Badge tone={tone}>
      <Icon aria-hidden="true" />
      {label}
    </Badge>
  );
}
