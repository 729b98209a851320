import { Link } from '@remix-run/react';
import { History } from 'lucide-react';
import type { ExportRunView } from '../../../core/contracts/activation';
import { ExportRunStatusBadge } from './export-run-status-badge';
import { EmptyState } from '~/components/ui/empty-state';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { EXPORT_PHASE_LABELS, TRIGGER_LABELS, formatBytes } from '~/lib/activation';
import { formatUtcMinutes } from '~/lib/dates';
import { formatDuration } from '~/lib/intent';
import { formatCount } from '~/lib/utils';

export const runHref = (runId: string) => `/integrations/ttd/runs/${encodeURIComponent(runId)}`;

/** An export's runs, newest first; each links to its detail (failed lines, versions sent). */
export function ExportRunHistory({ runs, now }: { runs: ExportRunView[]; now: number }) {
  return (
    <section id="history" aria-labelledby="history-heading" className="space-y-3">
      <h2 id="history-heading" className="text-base font-semibold text-foreground">
        Run history
      </h2>
      {runs.length === 0 ? (
        <EmptyState
          icon={History}
          headingLevel="h3"
          title="No runs yet"
          description="The export runs on its schedule; press “Export now” to send it straight away. Each run is recorded here with what it added, removed and refreshed."
        />
      ) : (
        <Table label="Run history">
          <TableHead>
            <Tr>
              <Th>Started</Th>
              <Th>Trigger</Th>
              <Th>Status</Th>
              <Th className="text-right">Audience size</Th>
              <Th className="text-right">Added</Th>
              <Th className="text-right">Removed</Th>
              <Th className="text-right">Refreshed</Th>
              <Th className="text-right">Failed</Th>
              <Th className="text-right">Opted out</Th>
              <Th className="text-right">No UID2</Th>
              <Th className="text-right">Requests</Th>
              <Th className="text-right">Sent</Th>
              <Th>Duration</Th>
              <Th>Error</Th>
            </Tr>
          </TableHead>
          <TableBody>
            {runs.map((run) => (
              <Tr key={run.id} className="text-xs">
                <Td className="py-2 whitespace-nowrap">
                  <Link to={runHref(run.id)} className="text-link hover:underline">
                    {formatUtcMinutes(run.startedAt)}
                    <span className="sr-only"> — run details</span>
                  </Link>
                </Td>
                <Td className="py-2">{TRIGGER_LABELS[run.trigger]}</Td>
                <Td className="py-2">
                  <ExportRunStatusBadge status={run.status} />
                  {run.status === 'running' ? (
                    <span className="mt-1 block text-muted-foreground">
                      {EXPORT_PHASE_LABELS[run.phase]}
                    </span>
                  ) : null}
                </Td>
                <Td className="py-2 text-right tabular-nums">{formatCount(run.audienceSize)}</Td>
                <Td className="py-2 text-right tabular-nums">{formatCount(run.added)}</Td>
                <Td className="py-2 text-right tabular-nums">{formatCount(run.removed)}</Td>
                <Td className="py-2 text-right tabular-nums">{formatCount(run.refreshed)}</Td>
                <Td className="py-2 text-right tabular-nums">{formatCount(run.failed)}</Td>
                <Td className="py-2 text-right tabular-nums">{formatCount(run.skippedOptedOut)}</Td>
                <Td className="py-2 text-right tabular-nums">{formatCount(run.unmapped)}</Td>
                <Td className="py-2 text-right tabular-nums">{formatCount(run.requests)}</Td>
                <Td className="py-2 text-right whitespace-nowrap tabular-nums">
                  {formatBytes(run.bytesSent)}
                </Td>
                <Td className="py-2 whitespace-nowrap">
                  {formatDuration(run.durationMs ?? now - run.startedAt)}
                  {run.finishedAt === null ? ' so far' : ''}
                </Td>
                <Td className="max-w-64 py-2 text-danger">
                  {run.error ?? <span className="text-muted-foreground">—</span>}
                </Td>
              </Tr>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
