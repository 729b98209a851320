import {
  CircleAlert,
  CircleCheck,
  CircleDashed,
  CircleMinus,
  LoaderCircle,
  RotateCcw,
} from 'lucide-react';
import { INTENT_RUN_STATUS_LABELS, type IntentRunStatus } from '../../../core/contracts/intent';
import { Badge } from '~/components/ui/badge';

// A Bombora sync run has more outcomes than a scheduled job's run (components/run-status-badge.tsx
// takes a JobRun), so it gets its own badge in the same style.
const STATUS = {
  running: { tone: 'info', icon: LoaderCircle },
  finalizing: { tone: 'info', icon: LoaderCircle },
  succeeded: { tone: 'success', icon: CircleCheck },
  no_change: { tone: 'neutral', icon: CircleMinus },
  restarted: { tone: 'warning', icon: RotateCcw },
  failed: { tone: 'danger', icon: CircleAlert },
} as const satisfies Record<IntentRunStatus, unknown>;

export function IntentRunStatusBadge({ status }: { status: IntentRunStatus | null }) {
  if (!status) {
    return (
      <Badge tone="neutral">
        <CircleDashed aria-hidden="true" />
        Not run yet
      </Badge>
    );
  }
  const { tone, icon: Icon } = STATUS[status];
  return (
    <Badge tone={tone}>
      <Icon aria-hidden="true" />
      {INTENT_RUN_STATUS_LABELS[status]}
    </Badge>
  );
}
