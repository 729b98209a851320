import { CircleAlert, CircleCheck, CircleDashed, LoaderCircle, TriangleAlert } from 'lucide-react';
import type { AudienceExportStatus } from '../../../core/contracts/activation';
import { Badge } from '~/components/ui/badge';
import { EXPORT_RUN_STATUS_LABELS } from '~/lib/activation';

const STATUS = {
  running: { tone: 'info', icon: LoaderCircle },
  succeeded: { tone: 'success', icon: CircleCheck },
  partial: { tone: 'warning', icon: TriangleAlert },
  failed: { tone: 'danger', icon: CircleAlert },
  never_run: { tone: 'neutral', icon: CircleDashed },
} as const satisfies Record<AudienceExportStatus['status'], unknown>;

/** The outcome of an export run to The Trade Desk, or that the export has not run yet. */
export function ExportRunStatusBadge({
  status,
  className,
}: {
  status: AudienceExportStatus['status'] | null;
  className?: string;
}) {
  const { tone, icon: Icon } = STATUS[status ?? 'never_run'];
  return (
    <Badge tone={tone} className={className}>
      <Icon aria-hidden="true" />
      {EXPORT_RUN_STATUS_LABELS[status ?? 'never_run']}
    </Badge>
  );
}
