import { Link } from '@remix-run/react';
import { ChevronDown, ChevronRight, History } from 'lucide-react';
import type { IntentSyncRun, IntentSyncRunDetail } from '../../../core/contracts/intent';
import { IntentRunStatusBadge } from './intent-run-status-badge';
import { Callout } from '~/components/ui/callout';
import { EmptyState } from '~/components/ui/empty-state';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { formatUtcMinutes } from '~/lib/dates';
import { formatDuration } from '~/lib/intent';
import { formatCount } from '~/lib/utils';

const COLUMNS = 17;

/** Every Bombora sync, newest first, with what each one received, stored and set aside. */
export function SyncHistory({
  runs,
  detail,
  detailProblem,
  openRunId,
  before,
  pageSize,
  problem,
}: {
  runs: IntentSyncRun[];
  detail: IntentSyncRunDetail | null;
  detailProblem: string | null;
  openRunId: string | null;
  before: number | null;
  pageSize: number;
  problem: string | null;
}) {
  // Links keep the page of history being looked at.
  const hrefFor = (params: Record<string, string | null>) => {
    const search = new URLSearchParams();
    if (before !== null) search.set('before', String(before));
    for (const [key, value] of Object.entries(params)) {
      if (value === null) search.delete(key);
      else search.set(key, value);
    }
    const query = search.toString();
    return `${query ? `?${query}` : '?'}#history`;
  };
  const oldest = runs.at(-1);

  return (
    <section id="history" aria-labelledby="history-heading" className="space-y-3">
      <h2 id="history-heading" className="text-base font-semibold text-foreground">
        Sync history
      </h2>
      {problem ? (
        <Callout tone="danger">
          <p>The sync history could not be loaded: {problem}</p>
        </Callout>
      ) : runs.length === 0 ? (
        <EmptyState
          icon={History}
          headingLevel="h3"
          title={before === null ? 'No syncs yet' : 'No older syncs'}
          description={
            before === null
              ? 'Each weekly or manual sync is recorded here with what it received and stored.'
              : 'That was the first sync.'
          }
          actions={
            before === null ? null : (
              <Link to="?#history" className="text-sm text-link underline">
                Back to the latest syncs
              </Link>
            )
          }
        />
      ) : (
        <>
          <Table label="Sync history">
            <TableHead>
              <Tr>
                <Th>
                  <span className="sr-only">Details</span>
                </Th>
                <Th>Started</Th>
                <Th>Trigger</Th>
                <Th>Week</Th>
                <Th>Status</Th>
                <Th>Duration</Th>
                <Th className="text-right">API calls</Th>
                <Th className="text-right">Rows received</Th>
                <Th className="text-right">Stored</Th>
                <Th className="text-right">Quarantined</Th>
                <Th className="text-right">Unknown topics</Th>
                <Th className="text-right">Out of range</Th>
                <Th className="text-right">Duplicates</Th>
                <Th className="text-right">Free mail</Th>
                <Th className="text-right">Domains matched / unmatched</Th>
                <Th className="text-right">Companies enriched</Th>
                <Th>Error</Th>
              </Tr>
            </TableHead>
            <TableBody>
              {runs.map((run) => {
                const open = openRunId === run.id;
                return (
                  <RunRows
                    key={run.id}
                    run={run}
                    open={open}
                    toggleHref={hrefFor({ run: open ? null : run.id })}
                    detail={open && detail?.id === run.id ? detail : null}
                    detailProblem={open ? detailProblem : null}
                  />
                );
              })}
            </TableBody>
          </Table>
          <nav aria-label="Sync history pages" className="flex gap-4 text-sm">
            {before !== null ? (
              <Link to="?#history" className="text-link underline">
                Latest syncs
              </Link>
            ) : null}
            {runs.length >= pageSize && oldest ? (
              <Link to={`?before=${oldest.startedAt}#history`} className="text-link underline">
                Older syncs
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </section>
  );
}

const num = (n: number) => formatCount(n);

function RunRows({
  run,
  open,
  toggleHref,
  detail,
  detailProblem,
}: {
  run: IntentSyncRun;
  open: boolean;
  toggleHref: string;
  detail: IntentSyncRunDetail | null;
  detailProblem: string | null;
}) {
  const started = formatUtcMinutes(run.startedAt);
  return (
    <>
      <Tr id={`run-${run.id}`} className="text-xs">
        <Td className="py-2">
          <Link
            to={toggleHref}
            preventScrollReset
            aria-expanded={open}
            aria-controls={open ? `run-detail-${run.id}` : undefined}
            className="inline-flex items-center rounded text-muted-foreground hover:text-foreground"
          >
            {open ? (
              <ChevronDown aria-hidden="true" className="size-4" />
            ) : (
              <ChevronRight aria-hidden="true" className="size-4" />
            )}
            <span className="sr-only">
              {open ? 'Hide' : 'Show'} details of the sync started {started}
            </span>
          </Link>
        </Td>
        <Td className="py-2 whitespace-nowrap">{started}</Td>
        <Td className="py-2">{run.trigger === 'manual' ? 'Manual' : 'Schedule'}</Td>
        <Td className="py-2 whitespace-nowrap">{run.week}</Td>
        <Td className="py-2">
          <IntentRunStatusBadge status={run.status} />
        </Td>
        <Td className="py-2 whitespace-nowrap">{formatDuration(run.durationMs)}</Td>
        <Td className="py-2 text-right tabular-nums">{num(run.apiCalls)}</Td>
        <Td className="py-2 text-right tabular-nums">{num(run.rowsReceived)}</Td>
        <Td className="py-2 text-right tabular-nums">{num(run.rowsStored)}</Td>
        <Td className="py-2 text-right tabular-nums">{num(run.quarantined)}</Td>
        <Td className="py-2 text-right tabular-nums">{num(run.unknownTopics)}</Td>
        <Td className="py-2 text-right tabular-nums">{num(run.outOfRange)}</Td>
        <Td className="py-2 text-right tabular-nums">{num(run.duplicates)}</Td>
        <Td className="py-2 text-right tabular-nums">{num(run.freeMail)}</Td>
        <Td className="py-2 text-right whitespace-nowrap tabular-nums">
          {num(run.domainsMatched)} / {num(run.unmatchedDomains)}
        </Td>
        <Td className="py-2 text-right tabular-nums">{num(run.companiesEnriched)}</Td>
        <Td className="max-w-64 py-2 text-danger">
          {run.error ?? <span className="text-muted-foreground">—</span>}
        </Td>
      </Tr>
      {open ? (
        <Tr>
          <Td id={`run-detail-${run.id}`} colSpan={COLUMNS} className="bg-muted/40">
            {detailProblem ? (
              <p className="text-sm text-danger">
                The details could not be loaded: {detailProblem}
              </p>
            ) : detail ? (
              <RunDetail detail={detail} />
            ) : (
              <p className="text-sm text-muted-foreground">Loading the details…</p>
            )}
          </Td>
        </Tr>
      ) : null}
    </>
  );
}

function RunDetail({ detail }: { detail: IntentSyncRunDetail }) {
  const reasons = Object.entries(detail.quarantineByReason).sort(([, a], [, b]) => b - a);
  return (
    <div className="space-y-4 text-sm">
      <p className="text-muted-foreground">
        {detail.mode === 'legacy' ? 'Company Surge (legacy) API' : 'Intent API'} ·{' '}
        {formatCount(detail.pagesDone)} pages
        {detail.requestedBy ? ` · requested by ${detail.requestedBy}` : ''}
        {detail.finishedAt ? ` · finished ${formatUtcMinutes(detail.finishedAt)}` : ''}
      </p>
      <div className="grid gap-4 lg:grid-cols-[16rem_1fr]">
        <div className="space-y-2">
          <h3 className="text-sm font-semibold">Quarantined, by reason</h3>
          {reasons.length === 0 ? (
            <p className="text-muted-foreground">Nothing was quarantined.</p>
          ) : (
            <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1">
              {reasons.map(([reason, count]) => (
                <div key={reason} className="contents">
                  <dt className="break-words">{reason.replaceAll('_', ' ')}</dt>
                  <dd className="text-right tabular-nums">{formatCount(count)}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
        <div className="min-w-0 space-y-2">
          <h3 className="text-sm font-semibold">Sample of quarantined rows</h3>
          {detail.quarantineSample.length === 0 ? (
            <p className="text-muted-foreground">No sample rows.</p>
          ) : (
            <ul className="space-y-2">
              {detail.quarantineSample.map((row) => (
                <li key={`${row.page}-${row.item}`} className="space-y-1">
                  <p className="text-xs text-muted-foreground">
                    Page {row.page}, item {row.item} · {row.reason.replaceAll('_', ' ')}
                  </p>
                  <pre className="max-h-40 overflow-auto rounded-md border border-border bg-card p-2 font-mono text-xs whitespace-pre-wrap break-all">
                    {row.raw}
                  </pre>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}
