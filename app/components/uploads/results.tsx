import { useFetcher } from '@remix-run/react';
import { Download, RotateCcw } from 'lucide-react';
import type { Upload } from '../../../core/contracts/uploads';
import { Badge } from '~/components/ui/badge';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '~/components/ui/card';
import { Stat, StatGrid } from '~/components/ui/stat';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { fieldLabel, formatPercent, reasonLabel, scoreTone } from '~/lib/uploads';
import { formatCount } from '~/lib/utils';
import { ProgressBar } from './progress-bar';

/** The outcome of an import: counts, the quality score and why rows were set aside. */
export function UploadResults({ upload, canMap }: { upload: Upload; canMap: boolean }) {
  const counts = upload.counts;
  const quality = upload.quality;
  const failedChunks = upload.progress?.chunksFailed ?? [];
  const rejectsHref = `/api/uploads/${encodeURIComponent(upload.id)}/rejects.csv`;

  return (
    <div className="space-y-6">
      {failedChunks.length > 0 ? (
        <FailedChunks upload={upload} chunks={failedChunks} canRetry={canMap} />
      ) : null}

      {counts ? (
        <section aria-labelledby="counts-heading" className="space-y-3">
          <h2 id="counts-heading" className="text-base font-semibold">
            Rows
          </h2>
          <StatGrid className="xl:grid-cols-6">
            <Stat label="Rows read" value={formatCount(counts.rows)} />
            <Stat
              label="Accepted"
              value={formatCount(counts.accepted)}
              hint="Passed every check (repeats included)"
            />
            <Stat
              label="Rejected"
              value={formatCount(counts.rejected)}
              hint="Set aside with the reason"
            />
            <Stat label="Duplicates in file" value={formatCount(counts.duplicates)} />
            <Stat label="New contacts" value={formatCount(counts.created)} />
            <Stat label="Already known" value={formatCount(counts.matched)} />
          </StatGrid>
        </section>
      ) : null}

      {quality ? (
        <section aria-labelledby="quality-heading" className="space-y-3">
          <h2 id="quality-heading" className="text-base font-semibold">
            Data quality
          </h2>
          <Card>
            <CardContent className="space-y-5">
              <div className="flex flex-wrap items-center gap-4">
                <p className="text-4xl font-semibold tabular-nums">
                  {Math.round(quality.score)}
                  <span className="text-base font-normal text-muted-foreground"> / 100</span>
                </p>
                <Badge tone={scoreTone(quality.score)}>
                  {quality.score >= 90 ? 'Good' : quality.score >= 70 ? 'Fair' : 'Poor'}
                </Badge>
                <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
                  <div className="flex gap-1.5">
                    <dt className="text-muted-foreground">Validity</dt>
                    <dd className="font-medium tabular-nums">{formatPercent(quality.validity)}</dd>
                  </div>
                  <div className="flex gap-1.5">
                    <dt className="text-muted-foreground">Completeness</dt>
                    <dd className="font-medium tabular-nums">
                      {formatPercent(quality.completeness)}
                    </dd>
                  </div>
                  <div className="flex gap-1.5">
                    <dt className="text-muted-foreground">Uniqueness</dt>
                    <dd className="font-medium tabular-nums">
                      {formatPercent(quality.uniqueness)}
                    </dd>
                  </div>
                </dl>
              </div>
              <Table label="Quality per column">
                <TableHead>
                  <Tr>
                    <Th>Column</Th>
                    <Th>Imported as</Th>
                    <Th>Completeness</Th>
                    <Th>Validity</Th>
                  </Tr>
                </TableHead>
                <TableBody>
                  {quality.columns.map((column) => (
                    <Tr key={column.name}>
                      <Td className="font-medium break-all">{column.name}</Td>
                      <Td className="text-muted-foreground">{fieldLabel(column.field)}</Td>
                      <Td className="min-w-40">
                        <Ratio
                          value={column.completeness}
                          label={`Completeness of ${column.name}`}
                        />
                      </Td>
                      <Td className="min-w-40">
                        <Ratio value={column.validity} label={`Validity of ${column.name}`} />
                      </Td>
                    </Tr>
                  ))}
                </TableBody>
              </Table>
            </CardContent>
          </Card>
        </section>
      ) : null}

      {quality && quality.reasons.length > 0 ? (
        <section aria-labelledby="reasons-heading" className="space-y-3">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <div>
              <h2 id="reasons-heading" className="text-base font-semibold">
                Why rows were rejected
              </h2>
              <p className="text-sm text-muted-foreground">
                Fix these rows in your file and upload it again, or download them all.
              </p>
            </div>
            {upload.sourceDeletedAt ? null : (
              <Button asChild variant="secondary" size="sm">
                <a href={rejectsHref} download>
                  <Download aria-hidden="true" />
                  Download rejected rows (CSV)
                </a>
              </Button>
            )}
          </div>
          {quality.reasons.map((reason) => (
            <Card key={reason.reason}>
              <CardHeader>
                <CardTitle as="h3">
                  {reasonLabel(reason.reason)}{' '}
                  <span className="font-normal text-muted-foreground">
                    — {formatCount(reason.count)} {reason.count === 1 ? 'row' : 'rows'}
                  </span>
                </CardTitle>
                <CardDescription>Examples:</CardDescription>
              </CardHeader>
              <CardContent>
                <Table label={`Examples: ${reasonLabel(reason.reason)}`}>
                  <TableHead>
                    <Tr>
                      <Th>Line</Th>
                      <Th>Column</Th>
                      <Th>Row as written</Th>
                    </Tr>
                  </TableHead>
                  <TableBody>
                    {reason.examples.map((example) => (
                      <Tr key={`${example.line}-${example.column ?? ''}`}>
                        <Td className="tabular-nums">{formatCount(example.line)}</Td>
                        <Td className="break-all">{example.column ?? 'Whole row'}</Td>
                        <Td>
                          <code className="font-mono text-xs break-all">{example.raw}</code>
                        </Td>
                      </Tr>
                    ))}
                  </TableBody>
                </Table>
              </CardContent>
            </Card>
          ))}
        </section>
      ) : null}

      {upload.sourceDeletedAt ? (
        <Callout tone="info">
          <p>
            The source file and its rejected rows were removed under the retention policy. The
            imported contacts stay.
          </p>
        </Callout>
      ) : null}
    </div>
  );
}

function Ratio({ value, label }: { value: number; label: string }) {
  return (
    <div className="flex items-center gap-2">
      <ProgressBar value={value} label={label} className="w-24" tone="muted" />
      <span className="text-sm tabular-nums">{formatPercent(value)}</span>
    </div>
  );
}

function FailedChunks({
  upload,
  chunks,
  canRetry,
}: {
  upload: Upload;
  chunks: number[];
  canRetry: boolean;
}) {
  const fetcher = useFetcher<{ ok: boolean; formError?: string }>({ key: `replay-${upload.id}` });
  return (
    <Callout tone="danger" role="alert">
      <p>
        {chunks.length === 1 ? 'One part of the file' : `${chunks.length} parts of the file`} could
        not be processed after several tries (chunk {chunks.join(', ')}). The rows in{' '}
        {chunks.length === 1 ? 'it are' : 'them are'} not imported yet.
      </p>
      {canRetry ? (
        <div className="flex flex-wrap gap-2">
          {chunks.map((chunk) => (
            <fetcher.Form key={chunk} method="post" action={`/uploads/${upload.id}`}>
              <input type="hidden" name="intent" value="replay" />
              <input type="hidden" name="chunk" value={chunk} />
              <Button
                type="submit"
                size="sm"
                variant="secondary"
                disabled={fetcher.state !== 'idle'}
              >
                <RotateCcw aria-hidden="true" />
                Retry chunk {chunk}
              </Button>
            </fetcher.Form>
          ))}
        </div>
      ) : (
        <p>Ask an editor to retry them.</p>
      )}
      {fetcher.data && !fetcher.data.ok ? <p>{fetcher.data.formError}</p> : null}
    </Callout>
  );
}
