import { Link, useFetcher } from '@remix-run/react';
import { ArrowRight, CircleStop } from 'lucide-react';
import type { Upload } from '../../../core/contracts/uploads';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { formatDuration, isFinished } from '~/lib/uploads';
import { formatCount } from '~/lib/utils';
import { ProgressBar } from './progress-bar';
import { useLiveUpload } from './use-live-upload';

/** One sentence of where processing is, for the live region and the page. */
export function processingSentence(upload: Upload): string {
  const p = upload.progress;
  if (upload.status === 'uploading')
    return 'Import queued: it starts as soon as the rest of the file has arrived.';
  if (upload.status === 'uploaded') return 'Starting the import…';
  if (!p || upload.status !== 'processing') return '';
  const checking = p.phase === 'validate' ? 'Checking rows' : 'Importing';
  const parts = [
    `${checking}: ${formatCount(p.chunksDone)} of ${formatCount(p.chunksTotal)} chunks`,
    `${formatCount(p.rowsProcessed)} rows`,
  ];
  if (p.rowsPerSecond !== null) parts.push(`${formatCount(p.rowsPerSecond)} rows/s`);
  if (p.etaSeconds !== null) parts.push(`about ${formatDuration(p.etaSeconds)} left`);
  return parts.join(', ');
}

/** What an upload's import is doing now, followed live until it ends. */
export function ProcessingPanel({
  upload: initial,
  canCancel,
  onFinished,
  showResultsLink = true,
}: {
  upload: Upload;
  canCancel: boolean;
  onFinished?: (upload: Upload) => void;
  showResultsLink?: boolean;
}) {
  const upload = useLiveUpload(initial, !isFinished(initial.status), onFinished);
  const cancel = useFetcher<{ ok: boolean; formError?: string }>({ key: `cancel-${upload.id}` });
  const p = upload.progress;
  const finished = isFinished(upload.status);
  const fraction = p && p.chunksTotal > 0 ? p.chunksDone / p.chunksTotal : 0;

  return (
    <div className="space-y-3">
      {/* Announced politely as it changes: chunks, rows per second, time left. */}
      <p role="status" aria-live="polite" className="text-sm text-foreground">
        {finished ? finishedSentence(upload) : processingSentence(upload)}
      </p>
      {!finished && upload.status === 'processing' ? (
        <ProgressBar
          value={fraction}
          label={`Processing of ${upload.name}`}
          valueText={`${formatCount(p?.chunksDone ?? 0)} of ${formatCount(p?.chunksTotal ?? 0)} chunks`}
        />
      ) : null}
      {p && p.chunksFailed.length > 0 && !finished ? (
        <Callout tone="warning">
          <p>
            {p.chunksFailed.length === 1 ? 'One chunk' : `${p.chunksFailed.length} chunks`} could
            not be processed after several tries. The rest carries on; you can retry them from the
            results page.
          </p>
        </Callout>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        {finished && showResultsLink ? (
          <Button asChild size="sm" variant="secondary">
            <Link to={`/uploads/${upload.id}`}>
              See results<span className="sr-only"> of {upload.name}</span>
              <ArrowRight aria-hidden="true" />
            </Link>
          </Button>
        ) : null}
        {!finished && canCancel && upload.status !== 'uploading' ? (
          <cancel.Form method="post" action={`/uploads/${upload.id}`}>
            <input type="hidden" name="intent" value="cancel" />
            <Button type="submit" size="sm" variant="ghost" disabled={cancel.state !== 'idle'}>
              <CircleStop aria-hidden="true" />
              Stop processing<span className="sr-only"> of {upload.name}</span>
            </Button>
          </cancel.Form>
        ) : null}
        {cancel.data && !cancel.data.ok ? (
          <p role="alert" className="text-sm text-danger">
            {cancel.data.formError}
          </p>
        ) : null}
      </div>
    </div>
  );
}

function finishedSentence(upload: Upload): string {
  const c = upload.counts;
  switch (upload.status) {
    case 'completed':
    case 'completed_with_errors':
      return c
        ? `Done: ${formatCount(c.accepted)} of ${formatCount(c.rows)} rows accepted, ${formatCount(c.rejected)} rejected, ${formatCount(c.duplicates)} duplicates.`
        : 'Done.';
    case 'failed':
      return `The import failed: ${upload.error?.message ?? 'see the results page for why.'}`;
    case 'cancelled':
      return upload.error?.message ?? 'The import was cancelled.';
    default:
      return '';
  }
}
