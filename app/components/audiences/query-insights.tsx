import { Link } from '@remix-run/react';
import { Code2, Gauge } from 'lucide-react';
import { Button } from '~/components/ui/button';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { formatUtcSeconds } from '~/lib/dates';
import { formatCount } from '~/lib/utils';

export interface QueryStatsView {
  recent: Array<{
    kind: string;
    cacheHit: boolean;
    durationMs: number;
    rowsExamined: number;
    rowsReturned: number;
    at: string;
  }>;
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
  cacheHitRate: number | null;
}

export interface SqlView {
  count: { sql: string; args: unknown[] };
  members: { sql: string; args: unknown[] };
}

const ms = (value: number | null) =>
  value === null ? '—' : `${formatCount(Math.round(value))} ms`;

/** For admins: how this audience's queries perform, and the SQL it compiles to. */
export function QueryInsights({
  stats,
  sql,
  sqlError,
  sqlHref,
}: {
  stats: QueryStatsView | null;
  sql: SqlView | null;
  sqlError: string | null;
  sqlHref: string;
}) {
  return (
    <section aria-labelledby="insights-heading" className="space-y-3" id="insights">
      <h2 id="insights-heading" className="flex items-center gap-2 text-base font-semibold">
        <Gauge aria-hidden="true" className="size-4" />
        Query statistics
      </h2>
      {stats ? (
        <>
          <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
            {[
              ['Queries (30 days)', formatCount(stats.count)],
              ['Median time', ms(stats.p50Ms)],
              ['95th percentile', ms(stats.p95Ms)],
              [
                'Cache hits',
                stats.cacheHitRate === null ? '—' : `${Math.round(stats.cacheHitRate * 100)}%`,
              ],
            ].map(([label, value]) => (
              <div key={label} className="rounded-lg border border-border bg-card p-3">
                <dt className="text-xs text-muted-foreground">{label}</dt>
                <dd className="mt-1 text-lg font-semibold tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
          {stats.recent.length ? (
            <Table label="Latest queries">
              <TableHead>
                <Tr>
                  <Th>When (UTC)</Th>
                  <Th>Kind</Th>
                  <Th className="text-right">Time</Th>
                  <Th>Cache</Th>
                  <Th className="text-right">Rows returned</Th>
                </Tr>
              </TableHead>
              <TableBody>
                {stats.recent.slice(0, 10).map((q, i) => (
                  <Tr key={`${q.at}-${i}`}>
                    <Td className="whitespace-nowrap tabular-nums">
                      {formatUtcSeconds(q.at).replace(' UTC', '')}
                    </Td>
                    <Td>{q.kind}</Td>
                    <Td className="text-right tabular-nums">{ms(q.durationMs)}</Td>
                    <Td>{q.cacheHit ? 'Hit' : 'Miss'}</Td>
                    <Td className="text-right tabular-nums">{formatCount(q.rowsReturned)}</Td>
                  </Tr>
                ))}
              </TableBody>
            </Table>
          ) : null}
        </>
      ) : (
        <p className="text-sm text-muted-foreground">No statistics yet.</p>
      )}
      {sql ? (
        <div className="space-y-2" id="sql">
          <h3 className="flex items-center gap-2 text-sm font-semibold">
            <Code2 aria-hidden="true" className="size-4" />
            SQL
          </h3>
          {(['count', 'members'] as const).map((which) => (
            <div key={which} className="space-y-1">
              <p className="text-xs font-medium text-muted-foreground">
                {which === 'count' ? 'Count query' : 'Members query (first page)'}
              </p>
              <div
                role="region"
                tabIndex={0}
                aria-label={which === 'count' ? 'Count query SQL' : 'Members query SQL'}
                className="max-h-80 overflow-auto rounded-lg border border-border bg-muted p-3"
              >
                <pre className="font-mono text-xs text-foreground">
                  {sql[which].sql}
                  {sql[which].args.length
                    ? `\n\n-- arguments: ${JSON.stringify(sql[which].args)}`
                    : ''}
                </pre>
              </div>
            </div>
          ))}
        </div>
      ) : sqlError ? (
        <p className="text-sm text-muted-foreground">{sqlError}</p>
      ) : (
        <Button asChild variant="secondary" size="sm">
          <Link to={sqlHref} preventScrollReset>
            <Code2 aria-hidden="true" />
            View SQL
          </Link>
        </Button>
      )}
    </section>
  );
}
