import { CalendarClock, Gauge, Radar, RefreshCw } from 'lucide-react';
import {
  INTENT_RUN_STATUS_LABELS,
  type IntentFreshness,
  type IntentSyncRun,
} from '../../../core/contracts/intent';
import { IntentRunStatusBadge } from './intent-run-status-badge';
import { Badge } from '~/components/ui/badge';
import { Callout } from '~/components/ui/callout';
import { formatRelative, formatUtcMinutes } from '~/lib/dates';
import { formatCount } from '~/lib/utils';

/**
 * How current the intent data is: the newest weekly dataset, when it was last refreshed, whether it
 * is stale, and the progress of a sync that is running now.
 */
export function FreshnessPanel({
  freshness,
  latestRun,
  callsToday,
  dailyCallQuota,
  now,
}: {
  freshness: IntentFreshness;
  /** The newest run in the history, to announce how the last sync ended. */
  latestRun: IntentSyncRun | null;
  callsToday: number;
  dailyCallQuota: number;
  now: number;
}) {
  const { running } = freshness;
  // One short sentence for screen readers, changing only when the run's state does (not with
  // every page count), so polling does not flood them.
  const announcement = running
    ? `Sync ${INTENT_RUN_STATUS_LABELS[running.status].toLowerCase()}`
    : latestRun
      ? `Last sync: ${INTENT_RUN_STATUS_LABELS[latestRun.status].toLowerCase()}`
      : '';

  return (
    <section aria-labelledby="freshness-heading" className="space-y-3">
      <h2 id="freshness-heading" className="sr-only">
        Data freshness
      </h2>
      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>
      <dl className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Fact label="Latest week" icon={CalendarClock}>
          {freshness.latestWeek ? `Week of ${freshness.latestWeek}` : 'No data yet'}
        </Fact>
        <Fact
          label="Last refreshed"
          icon={RefreshCw}
          hint={
            freshness.lastRefreshedAt === null
              ? 'Nothing has been loaded from Bombora yet.'
              : formatUtcMinutes(freshness.lastRefreshedAt)
          }
        >
          {freshness.lastRefreshedAt === null ? (
            'Never'
          ) : (
            <time dateTime={new Date(freshness.lastRefreshedAt).toISOString()}>
              {formatRelative(freshness.lastRefreshedAt, now)}
            </time>
          )}
        </Fact>
        <Fact
          label="Freshness"
          icon={Radar}
          hint={`Stale when not refreshed for ${freshness.staleAfterHours} hours. Bombora publishes weekly.`}
        >
          {freshness.lastRefreshedAt === null ? (
            <Badge tone="neutral">No data</Badge>
          ) : freshness.stale ? (
            <Badge tone="warning">Stale</Badge>
          ) : (
            <Badge tone="success">Fresh</Badge>
          )}
        </Fact>
        <Fact
          label="API calls today"
          icon={Gauge}
          hint={`Daily quota ${formatCount(dailyCallQuota)}`}
        >
          {formatCount(callsToday)}
        </Fact>
      </dl>
      {running ? <RunningCallout run={running} now={now} /> : null}
    </section>
  );
}

function Fact({
  label,
  icon: Icon,
  hint,
  children,
}: {
  label: string;
  icon: typeof Radar;
  hint?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="rounded-xl border border-border bg-card p-4 shadow-xs">
      <dt className="flex items-center justify-between gap-2 text-sm font-medium text-muted-foreground">
        {label}
        <Icon aria-hidden="true" className="size-4" />
      </dt>
      <dd className="mt-2 text-lg font-semibold tabular-nums">{children}</dd>
      {hint ? <dd className="mt-1 text-xs text-muted-foreground">{hint}</dd> : null}
    </div>
  );
}

function RunningCallout({ run, now }: { run: IntentSyncRun; now: number }) {
  return (
    <Callout tone="info">
      <div className="flex flex-wrap items-center gap-2">
        <IntentRunStatusBadge status={run.status} />
        <span className="font-medium">
          {run.trigger === 'manual' ? 'Manual sync' : 'Scheduled sync'} for the week of {run.week}
        </span>
        <span className="text-muted-foreground">started {formatRelative(run.startedAt, now)}</span>
      </div>
      <p className="text-muted-foreground tabular-nums">
        {formatCount(run.pagesDone)} {run.pagesDone === 1 ? 'page' : 'pages'} ·{' '}
        {formatCount(run.rowsReceived)} rows received · {formatCount(run.rowsStored)} stored ·{' '}
        {formatCount(run.quarantined)} quarantined · {formatCount(run.apiCalls)} API calls
      </p>
      <p className="text-xs text-muted-foreground">This page updates every few seconds.</p>
    </Callout>
  );
}
