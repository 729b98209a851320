import { Link, useRevalidator } from '@remix-run/react';
import { FileText, Pause, Play, RotateCcw, X } from 'lucide-react';
import { useState } from 'react';
import type { Upload } from '../../../core/contracts/uploads';
import type { TargetField } from '../../../core/ingest/column-mapping';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { Card, CardContent } from '~/components/ui/card';
import type { QueueItem } from '~/lib/uploads-client';
import { formatBytes, formatDuration, formatSpeed } from '~/lib/uploads';
import { MappingForm } from './mapping-form';
import { ProcessingPanel } from './processing-panel';
import { ProgressBar, Skeleton } from './progress-bar';
import type { UploadQueueControls } from './use-upload-queue';

/** What the transfer is doing, in words. */
function transferSentence(item: QueueItem): string {
  const sent = `${formatBytes(item.bytesSent)} of ${formatBytes(item.size)}`;
  switch (item.phase) {
    case 'preparing':
      return 'Checking the file…';
    case 'sending': {
      const speed = item.bytesPerSecond ? `, ${formatSpeed(item.bytesPerSecond)}` : '';
      const eta =
        item.etaSeconds !== null && item.bytesPerSecond
          ? `, about ${formatDuration(item.etaSeconds)} left`
          : '';
      return `Uploading: ${sent}${speed}${eta}`;
    }
    case 'paused':
      return `Paused at ${sent}. Resume to send the rest.`;
    case 'uploaded':
      return `Uploaded ${formatBytes(item.size)}.`;
    case 'failed':
      return `Stopped at ${sent}.`;
    case 'cancelled':
      return 'Cancelled.';
  }
}

/**
 * One file this page is uploading: the transfer (progress, speed, time left, pause, resume,
 * cancel), then — as soon as the server has read the first part — the mapping, and after Import
 * the processing, live.
 */
export function QueueCard({
  item,
  controls,
  fields,
  canMap,
}: {
  item: QueueItem;
  controls: UploadQueueControls;
  fields: readonly TargetField[];
  canMap: boolean;
}) {
  const [started, setStarted] = useState<Upload | null>(null);
  const { revalidate } = useRevalidator();
  const upload = started ?? item.upload;
  const imported = Boolean(started ?? item.upload?.settings);
  const transferring = item.phase === 'preparing' || item.phase === 'sending';
  const fraction = item.size > 0 ? item.bytesSent / item.size : 0;
  const headingId = `queue-${item.key}`;

  return (
    <Card aria-labelledby={headingId} role="group">
      <CardContent className="space-y-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="flex min-w-0 items-start gap-3">
            <FileText aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-muted-foreground" />
            <div className="min-w-0">
              <h3 id={headingId} className="font-medium break-all text-foreground">
                {item.name}
              </h3>
              <p className="text-sm text-muted-foreground">{formatBytes(item.size)}</p>
            </div>
          </div>
          <div className="flex flex-wrap gap-2">
            {item.phase === 'sending' ? (
              <Button size="sm" variant="secondary" onClick={() => controls.pause(item.key)}>
                <Pause aria-hidden="true" />
                Pause<span className="sr-only"> {item.name}</span>
              </Button>
            ) : null}
            {item.phase === 'paused' ? (
              <Button size="sm" variant="secondary" onClick={() => controls.resume(item.key)}>
                <Play aria-hidden="true" />
                Resume<span className="sr-only"> {item.name}</span>
              </Button>
            ) : null}
            {item.phase === 'failed' && item.error?.retryable ? (
              <Button size="sm" variant="secondary" onClick={() => controls.resume(item.key)}>
                <RotateCcw aria-hidden="true" />
                Retry<span className="sr-only"> {item.name}</span>
              </Button>
            ) : null}
            {transferring || item.phase === 'paused' || item.phase === 'failed' ? (
              <Button size="sm" variant="ghost" onClick={() => controls.cancel(item.key)}>
                <X aria-hidden="true" />
                Cancel upload<span className="sr-only"> of {item.name}</span>
              </Button>
            ) : null}
            {item.phase === 'cancelled' || (item.phase === 'uploaded' && imported) ? (
              <Button size="sm" variant="ghost" onClick={() => controls.dismiss(item.key)}>
                <X aria-hidden="true" />
                Dismiss<span className="sr-only"> {item.name}</span>
              </Button>
            ) : null}
          </div>
        </div>

        {item.phase !== 'cancelled' ? (
          <div className="space-y-1.5">
            <ProgressBar
              value={fraction}
              label={`Upload of ${item.name}`}
              valueText={transferSentence(item)}
              tone={
                item.phase === 'failed'
                  ? 'danger'
                  : item.phase === 'uploaded'
                    ? 'success'
                    : 'primary'
              }
            />
            <p className="text-sm text-muted-foreground tabular-nums">{transferSentence(item)}</p>
          </div>
        ) : null}

        {item.resumedParts !== null && upload ? (
          <Callout tone="info" role="status">
            <p>
              We recognised this file: {item.resumedParts} of {upload.partCount} parts had already
              arrived, so only the rest is being sent.
            </p>
          </Callout>
        ) : null}

        {item.error ? (
          <Callout tone={item.error.retryable ? 'warning' : 'danger'} role="alert">
            <p>{item.error.message}</p>
            {item.error.retryable ? (
              <p className="text-muted-foreground">
                Press Retry, or pick the same file again later: the parts already sent are kept.
              </p>
            ) : item.error.code === 'not_csv' ? (
              <p className="text-muted-foreground">Choose a CSV file instead.</p>
            ) : null}
          </Callout>
        ) : null}

        {upload && imported ? (
          <ProcessingPanel upload={upload} canCancel={canMap} onFinished={() => revalidate()} />
        ) : upload?.sniff && canMap && item.phase !== 'cancelled' ? (
          <MappingForm
            upload={{ ...upload, sniff: upload.sniff }}
            fields={fields}
            file={item.file}
            onStarted={setStarted}
          />
        ) : transferring && !upload?.sniff ? (
          <div className="space-y-2" aria-hidden="true">
            <Skeleton className="h-4 w-1/3" />
            <Skeleton className="h-24 w-full" />
          </div>
        ) : null}
        {item.phase === 'cancelled' && upload && !item.error ? (
          <p className="text-sm text-muted-foreground">
            The upload was cancelled.{' '}
            <Link to={`/uploads/${upload.id}`}>See it in the history</Link>.
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
