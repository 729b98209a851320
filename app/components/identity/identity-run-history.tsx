import { History } from 'lucide-react';
import type { IdentityRunView } from '../../../core/contracts/activation';
import { IdentityRunStatusBadge } from './identity-run-status-badge';
import { EmptyState } from '~/components/ui/empty-state';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { TRIGGER_LABELS, formatRate } from '~/lib/activation';
import { formatUtcMinutes } from '~/lib/dates';
import { formatDuration } from '~/lib/intent';
import { formatCount } from '~/lib/utils';

/** Every UID2 mapping run, newest first, with what it sent and what came back. */
export function IdentityRunHistory({ runs, now }: { runs: IdentityRunView[]; now: number }) {
  return (
    <section id="history" aria-labelledby="history-heading" className="space-y-3">
      <h2 id="history-heading" className="text-base font-semibold text-foreground">
        Mapping history
      </h2>
      {runs.length === 0 ? (
        <EmptyState
          icon={History}
          headingLevel="h3"
          title="No mapping runs yet"
          description="Each run — after an upload, on the daily refresh, or from “Map now” — is recorded here with what it sent to UID2 and what came back."
        />
      ) : (
        <Table label="Mapping history">
          <TableHead>
            <Tr>
              <Th>Started</Th>
              <Th>Trigger</Th>
              <Th>Status</Th>
              <Th className="text-right">Requests</Th>
              <Th className="text-right">Sent</Th>
              <Th className="text-right">Mapped</Th>
              <Th className="text-right">Opted out</Th>
              <Th className="text-right">Invalid</Th>
              <Th className="text-right">Changed</Th>
              <Th className="text-right">Match rate</Th>
              <Th>Duration</Th>
              <Th>Error</Th>
            </Tr>
          </TableHead>
          <TableBody>
            {runs.map((run) => (
              <Tr key={run.id} className="text-xs">
                <Td className="py-2 whitespace-nowrap">{formatUtcMinutes(run.startedAt)}</Td>
                <Td className="py-2">{TRIGGER_LABELS[run.trigger]}</Td>
                <Td className="py-2">
                  <IdentityRunStatusBadge status={run.status} />
                </Td>
                <Td className="py-2 text-right tabular-nums">{formatCount(run.requests)}</Td>
                <Td className="py-2 text-right tabular-nums">{formatCount(run.sent)}</Td>
                <Td className="py-2 text-right tabular-nums">{formatCount(run.mapped)}</Td>
                <Td className="py-2 text-right tabular-nums">{formatCount(run.optedOut)}</Td>
                <Td className="py-2 text-right tabular-nums">{formatCount(run.invalid)}</Td>
                <Td className="py-2 text-right tabular-nums">{formatCount(run.changed)}</Td>
                <Td className="py-2 text-right tabular-nums">{formatRate(run.matchRate)}</Td>
                <Td className="py-2 whitespace-nowrap">
                  {formatDuration((run.finishedAt ?? now) - run.startedAt)}
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
