import { Link } from '@remix-run/react';
import type { ExportRunDetail } from '../../../core/contracts/activation';
import { ExportRunStatusBadge } from './export-run-status-badge';
import { Callout } from '~/components/ui/callout';
import { Card, CardContent, CardHeader, CardTitle } from '~/components/ui/card';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { EXPORT_PHASE_LABELS, TRIGGER_LABELS, formatBytes } from '~/lib/activation';
import { formatUtcMinutes } from '~/lib/dates';
import { formatDuration } from '~/lib/intent';
import { formatCount } from '~/lib/utils';

/** Everything one export run did: counts, what failed and why, and exactly what was exported. */
export function ExportRunDetailView({ run, now }: { run: ExportRunDetail; now: number }) {
  const counts: Array<[string, string, string?]> = [
    ['Audience size', formatCount(run.audienceSize), 'People in the audiences when the run began'],
    ['Targeted', formatCount(run.targeted), 'With a UID2, not opted out, after priority'],
    ['Added', formatCount(run.added)],
    ['Removed', formatCount(run.removed)],
    ['Refreshed', formatCount(run.refreshed), 'Re-sent before their TTL ran out'],
    ['Failed', formatCount(run.failed)],
    ['Skipped, opted out', formatCount(run.skippedOptedOut)],
    ['No UID2', formatCount(run.unmapped), 'Members with no mapped identifier'],
    ['Requests', formatCount(run.requests)],
    ['Sent', formatBytes(run.bytesSent)],
    [
      'Duration',
      `${formatDuration(run.durationMs ?? now - run.startedAt)}${run.finishedAt === null ? ' so far' : ''}`,
    ],
  ];
  const failures = Object.entries(run.failedByCode).sort(([, a], [, b]) => b - a);

  return (
    <div className="space-y-6">
      <p className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
        <ExportRunStatusBadge status={run.status} />
        {run.status === 'running' ? `${EXPORT_PHASE_LABELS[run.phase]} · ` : null}
        {TRIGGER_LABELS[run.trigger]} run started {formatUtcMinutes(run.startedAt)}
        {run.finishedAt ? `, finished ${formatUtcMinutes(run.finishedAt)}` : null}
      </p>
      {run.error ? (
        <Callout tone="danger">
          <p>{run.error}</p>
        </Callout>
      ) : null}

      <section aria-labelledby="counts-heading" className="space-y-3">
        <h2 id="counts-heading" className="text-base font-semibold text-foreground">
          Counts
        </h2>
        <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {counts.map(([label, value, hint]) => (
            <div key={label} className="rounded-lg border border-border bg-card p-3">
              <dt className="text-xs text-muted-foreground">{label}</dt>
              <dd className="text-lg font-semibold tabular-nums">{value}</dd>
              {hint ? <dd className="text-xs text-muted-foreground">{hint}</dd> : null}
            </div>
          ))}
        </dl>
      </section>

      <div className="grid items-start gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Failed, by error</CardTitle>
          </CardHeader>
          <CardContent>
            {failures.length === 0 ? (
              <p className="text-sm text-muted-foreground">Nothing failed.</p>
            ) : (
              <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm">
                {failures.map(([code, count]) => (
                  <div key={code} className="contents">
                    <dt className="font-mono text-xs break-all">{code}</dt>
                    <dd className="text-right tabular-nums">{formatCount(count)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>What was exported</CardTitle>
          </CardHeader>
          <CardContent>
            {run.audienceVersions.length === 0 ? (
              <p className="text-sm text-muted-foreground">
                Not worked out yet: the run records each audience’s version as it starts.
              </p>
            ) : (
              <ol className="space-y-2 text-sm">
                {run.audienceVersions.map((v) => (
                  <li key={v.audienceId}>
                    <Link
                      to={`/audiences/${encodeURIComponent(v.audienceId)}`}
                      className="text-link hover:underline"
                    >
                      {v.version === 0 ? 'The draft' : `Version ${v.version}`}
                    </Link>{' '}
                    → segment <span className="font-medium">{v.segmentName}</span>
                    <span className="block font-mono text-xs text-muted-foreground">
                      definition {v.hash.slice(0, 12)}
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </CardContent>
        </Card>
      </div>

      <section aria-labelledby="failed-lines-heading" className="space-y-3">
        <h2 id="failed-lines-heading" className="text-base font-semibold text-foreground">
          Failed lines
        </h2>
        {run.failedLines.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            No line failed. When The Trade Desk refuses one, it is listed here with its error.
          </p>
        ) : (
          <Table label="Failed lines">
            <TableHead>
              <Tr>
                <Th>UID2</Th>
                <Th>Segment</Th>
                <Th>Action</Th>
                <Th>Error</Th>
                <Th>Message</Th>
              </Tr>
            </TableHead>
            <TableBody>
              {run.failedLines.map((line, i) => (
                <Tr key={`${line.uid2}-${line.segmentName}-${i}`} className="text-xs">
                  <Td className="py-2 font-mono">{line.uid2}</Td>
                  <Td className="py-2">{line.segmentName}</Td>
                  <Td className="py-2 capitalize">{line.action}</Td>
                  <Td className="py-2 font-mono">{line.errorCode}</Td>
                  <Td className="py-2">{line.message ?? '—'}</Td>
                </Tr>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </div>
  );
}
