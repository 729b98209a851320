import { CircleAlert, CircleCheck, CircleDashed, CircleX, LoaderCircle } from 'lucide-react';
import type { UploadStatus } from '../../../core/contracts/uploads';
import { Badge } from '~/components/ui/badge';
import { STATUS_VIEW } from '~/lib/uploads';

const ICONS: Record<UploadStatus, typeof CircleCheck> = {
  uploading: LoaderCircle,
  uploaded: CircleDashed,
  processing: LoaderCircle,
  completed: CircleCheck,
  completed_with_errors: CircleAlert,
  failed: CircleAlert,
  cancelled: CircleX,
};

/** Where an upload is in its life, in words (the colour only repeats them). */
export function UploadStatusBadge({ status }: { status: UploadStatus }) {
  const { label, tone } = STATUS_VIEW[status];
  const Icon = ICONS[status];
  return (
    <Badge tone={tone}>
      <Icon aria-hidden="true" />
      {label}
    </Badge>
  );
}
