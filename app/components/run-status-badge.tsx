import { CircleAlert, CircleCheck, CircleDashed, LoaderCircle } from 'lucide-react';
import { Badge } from '~/components/ui/badge';
import type { JobRun } from '~/lib/jobs';

const STATUS = {
  succeeded: { tone: 'success', label: 'Succeeded', icon: CircleCheck },
  failed: { tone: 'danger', label: 'Failed', icon: CircleAlert },
  running: { tone: 'info', label: 'Running', icon: LoaderCircle },
} as const;

/** The outcome of a scheduled job's last run, or that it has not run yet. */
export function RunStatusBadge({ run }: { run: JobRun | null }) {
  if (!run) {
    return (
      <Badge tone="neutral">
        <CircleDashed aria-hidden="true" />
        Not run yet
      </Badge>
    );
  }
  const { tone, label, icon: Icon } = STATUS[run.status];
  return (
    <Badge tone={tone}>
      <Icon aria-hidden="true" />
      {label}
    </Badge>
  );
}
