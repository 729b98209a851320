import { Link, useFetcher } from '@remix-run/react';
import { Send } from 'lucide-react';
import { useEffect } from 'react';
import { ExportRunStatusBadge } from './export-run-status-badge';
import { useCan } from '~/components/shell/use-me';
import { Button } from '~/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '~/components/ui/card';
import { KIND_LABELS, formatRate } from '~/lib/activation';
import { formatUtcMinutes } from '~/lib/dates';
import { formatCount } from '~/lib/utils';
import type { ReachAnswer } from '~/routes/resources.ttd-reach.$id';

/**
 * "Reach on The Trade Desk": how many of the audience an export would reach (members with a UID2,
 * not opted out), the match rate per identifier type, and the exports the audience is part of.
 * Loaded after the page, as the estimate joins the audience with its UID2 mappings.
 */
export function TtdReachCard({ audienceId }: { audienceId: string }) {
  const canView = useCan('export:view');
  const canSchedule = useCan('export:schedule');
  const fetcher = useFetcher<ReachAnswer>();
  const { load } = fetcher;
  const path = `/resources/ttd-reach/${encodeURIComponent(audienceId)}`;
  useEffect(() => {
    if (canView) load(path);
  }, [canView, load, path]);
  if (!canView) return null;
  const answer = fetcher.data;
  const reach = answer?.reach ?? null;

  return (
    <Card id="ttd-reach">
      <CardHeader>
        <CardTitle>Reach on The Trade Desk</CardTitle>
        <CardDescription>
          Members with a UID2 who have not opted out: who an export of this audience would send.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4" aria-busy={!answer}>
        {!answer ? (
          <p className="text-sm text-muted-foreground" role="status">
            Estimating reach…
          </p>
        ) : !reach ? (
          <p className="text-sm text-danger">The reach could not be estimated: {answer.problem}</p>
        ) : (
          <>
            <dl className="grid gap-4 sm:grid-cols-3">
              <div>
                <dt className="text-xs text-muted-foreground">Estimated reach</dt>
                <dd className="text-2xl font-semibold tabular-nums">
                  {formatCount(reach.reachable)}
                </dd>
                <dd className="text-xs text-muted-foreground">
                  {formatRate(reach.matchRate)} of {formatCount(reach.size)} members
                </dd>
              </div>
              <div>
                <dt className="text-xs text-muted-foreground">Opted out</dt>
                <dd className="text-2xl font-semibold tabular-nums">
                  {formatCount(reach.optedOut)}
                </dd>
                <dd className="text-xs text-muted-foreground">Never sent</dd>
              </div>
              <div>
                <dt className="text-xs text-muted-foreground">Match rate by identifier</dt>
                {reach.byKind.length === 0 ? (
                  <dd className="text-sm text-muted-foreground">No emails or phones</dd>
                ) : (
                  reach.byKind.map((k) => (
                    <dd key={k.kind} className="text-sm tabular-nums">
                      {KIND_LABELS[k.kind]}: {formatRate(k.matchRate)}{' '}
                      <span className="text-xs text-muted-foreground">
                        ({formatCount(k.mapped)} of {formatCount(k.contacts)})
                      </span>
                    </dd>
                  ))
                )}
              </div>
            </dl>
            {reach.reachable === 0 && reach.size > 0 ? (
              <p className="text-sm text-muted-foreground">
                No member has a UID2 yet.{' '}
                <Link to="/integrations/uid2" className="text-link underline">
                  Connect UID2 and map your contacts
                </Link>{' '}
                to reach them.
              </p>
            ) : null}
          </>
        )}
        {answer ? (
          <div className="space-y-2">
            {answer.exports.length === 0 ? (
              <p className="text-sm text-muted-foreground">Not exported to The Trade Desk yet.</p>
            ) : (
              <ul className="space-y-1 text-sm" aria-label="Exports of this audience">
                {answer.exports.map((s) => (
                  <li key={s.exportId} className="flex flex-wrap items-center gap-2">
                    <Link
                      to={`/integrations/ttd/exports/${encodeURIComponent(s.exportId)}`}
                      className="text-link hover:underline"
                    >
                      {s.exportName}
                    </Link>
                    <ExportRunStatusBadge status={s.status} />
                    {s.lastRunAt ? (
                      <span className="text-xs text-muted-foreground">
                        {formatUtcMinutes(s.lastRunAt)}
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {canSchedule ? (
              <Button asChild variant="secondary" size="sm">
                <Link
                  to={`/integrations/ttd/exports/new?audience=${encodeURIComponent(audienceId)}`}
                >
                  <Send aria-hidden="true" />
                  Export to The Trade Desk
                </Link>
              </Button>
            ) : null}
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
