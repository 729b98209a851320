import { Link } from '@remix-run/react';
import { Plus, Upload } from 'lucide-react';
import type { ExportView } from '../../../core/contracts/activation';
import { ExportRunStatusBadge } from './export-run-status-badge';
import { Badge } from '~/components/ui/badge';
import { Button } from '~/components/ui/button';
import { EmptyState } from '~/components/ui/empty-state';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { formatRelative, formatUtcMinutes } from '~/lib/dates';
import { formatCount } from '~/lib/utils';

export const exportHref = (id: string) => `/integrations/ttd/exports/${encodeURIComponent(id)}`;

/** Every export to The Trade Desk with how its last run went and when the next one is. */
export function ExportsTable({
  exports,
  now,
  canCreate,
  hasDestinations,
}: {
  exports: ExportView[];
  now: number;
  canCreate: boolean;
  hasDestinations: boolean;
}) {
  return (
    <section id="exports" aria-labelledby="exports-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="exports-heading" className="text-base font-semibold text-foreground">
          Exports
        </h2>
        {canCreate && hasDestinations && exports.length > 0 ? (
          <Button asChild variant="secondary" size="sm">
            <Link to="/integrations/ttd/exports/new">
              <Plus aria-hidden="true" />
              New export
            </Link>
          </Button>
        ) : null}
      </div>
      {exports.length === 0 ? (
        <EmptyState
          icon={Upload}
          headingLevel="h3"
          title="No exports yet"
          description={
            !hasDestinations
              ? 'Add a destination first; then create an export that sends one or more audiences to it on a schedule.'
              : canCreate
                ? 'Create an export: choose audiences, name their segments and set a schedule. Each run sends only who joined or left.'
                : 'An owner or admin sets up exports; once they exist, you can see their runs here.'
          }
          actions={
            canCreate && hasDestinations ? (
              <Button asChild>
                <Link to="/integrations/ttd/exports/new">
                  <Plus aria-hidden="true" />
                  New export
                </Link>
              </Button>
            ) : null
          }
        />
      ) : (
        <Table label="Exports">
          <TableHead>
            <Tr>
              <Th>Name</Th>
              <Th>Destination</Th>
              <Th>Audiences</Th>
              <Th>Status</Th>
              <Th>Next run</Th>
              <Th className="text-right">Members in TTD</Th>
              <Th className="text-right">Last run: added / removed / failed</Th>
            </Tr>
          </TableHead>
          <TableBody>
            {exports.map((e) => (
              <Tr key={e.id}>
                <Td className="min-w-40 font-medium">
                  <Link to={exportHref(e.id)} className="text-link hover:underline">
                    {e.name}
                  </Link>
                  <p className="text-xs font-normal text-muted-foreground">{e.scheduleText}</p>
                </Td>
                <Td>{e.destinationName}</Td>
                <Td>
                  <ol className="list-inside list-decimal text-xs">
                    {e.audiences.map((a) => (
                      <li key={a.audienceId}>{a.audienceName}</li>
                    ))}
                  </ol>
                </Td>
                <Td>
                  <div className="flex flex-col items-start gap-1">
                    <ExportRunStatusBadge
                      status={e.running ? 'running' : (e.lastRun?.status ?? null)}
                    />
                    {!e.enabled ? <Badge tone="neutral">Paused</Badge> : null}
                  </div>
                </Td>
                <Td className="whitespace-nowrap text-xs">
                  {e.enabled && e.nextRunAt !== null ? (
                    <>
                      {formatRelative(e.nextRunAt, now)}
                      <span className="block text-muted-foreground">
                        {formatUtcMinutes(e.nextRunAt)}
                      </span>
                    </>
                  ) : (
                    <span className="text-muted-foreground">Not scheduled</span>
                  )}
                </Td>
                <Td className="text-right tabular-nums">{formatCount(e.members)}</Td>
                <Td className="text-right whitespace-nowrap tabular-nums">
                  {e.lastRun
                    ? `${formatCount(e.lastRun.added)} / ${formatCount(e.lastRun.removed)} / ${formatCount(e.lastRun.failed)}`
                    : '—'}
                </Td>
              </Tr>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
