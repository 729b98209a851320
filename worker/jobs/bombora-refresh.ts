import { sql } from 'drizzle-orm';
import { intentSyncRuns } from '../db/schema';
import { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { errorFields } from '../lib/log';
import { alertWebhookOf, enabledBomboraOrgs } from '../services/bombora-settings';
import { intentFreshness } from '../services/intent-views';
import { finishRun, startIntentSync } from '../services/intent-sync';
import { bomboraSettings } from '../db/schema';
import { eq } from 'drizzle-orm';

/** A run that has made no progress for this long is dead (its messages were lost or dead-lettered). */
const STALLED_AFTER_MS = 6 * 60 * 60 * 1000;

/**
 * The hourly `bombora-refresh` job: for every organisation with Bombora switched on, start a pull
 * unless this week's dataset is loaded (page 0 tells a new dataset from the one already loaded),
 * end runs that stalled, and post one alert per stale episode to the organisation's webhook.
 */
export async function refreshBombora(deps: Deps): Promise<Record<string, unknown>> {
  const tally = {
    orgs: 0,
    started: 0,
    upToDate: 0,
    alreadyRunning: 0,
    stalled: 0,
    alerts: 0,
    failed: 0,
  };
  for (const settings of await enabledBomboraOrgs(deps)) {
    tally.orgs++;
    const tenant = new TenantDb(deps.db, settings.orgId);
    try {
      tally.stalled += await endStalledRuns(deps, tenant);
      const outcome = await startIntentSync(deps, settings.orgId, { trigger: 'schedule' });
      if (outcome.ok) tally.started++;
      else if (outcome.reason === 'up_to_date') tally.upToDate++;
      else if (outcome.reason === 'already_running') tally.alreadyRunning++;
      if (await alertIfStale(deps, tenant, settings)) tally.alerts++;
    } catch (error) {
      // One organisation's failure must not stop the others' refresh.
      tally.failed++;
      deps.log.error('bombora refresh failed for an organisation', {
        orgId: settings.orgId,
        ...errorFields(error),
      });
    }
  }
  return tally;
}

async function endStalledRuns(deps: Deps, tenant: TenantDb): Promise<number> {
  const stalled = await tenant.select(
    intentSyncRuns,
    sql`${intentSyncRuns.status} IN ('running', 'finalizing') AND ${intentSyncRuns.startedAt} < ${deps.now() - STALLED_AFTER_MS}`,
  );
  for (const run of stalled)
    await finishRun(tenant, run.id, deps.now(), 'failed', 'Stalled: no progress for 6 hours');
  return stalled.length;
}

type SettingsRow = typeof bomboraSettings.$inferSelect;

/** Posts `{ text }` (Slack-compatible) once per stale episode; true when an alert went out. */
async function alertIfStale(deps: Deps, tenant: TenantDb, settings: SettingsRow): Promise<boolean> {
  const freshness = await intentFreshness(deps, tenant);
  if (!freshness.stale) return false;
  // One alert per episode: not again until fresh data has arrived since the last alert.
  if (
    settings.lastStaleAlertAt !== null &&
    settings.lastStaleAlertAt >= (freshness.lastRefreshedAt ?? 0)
  )
    return false;
  const url = await alertWebhookOf(deps, settings);
  if (!url) return false;
  const since = freshness.lastRefreshedAt
    ? `since ${new Date(freshness.lastRefreshedAt).toISOString()}`
    : 'yet';
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      text: `Bombora intent data is stale: no new weekly dataset has loaded ${since} (latest week ${freshness.latestWeek ?? 'none'}).`,
    }),
    signal: AbortSignal.timeout(10_000),
  });
  await response.body?.cancel();
  if (!response.ok) {
    deps.log.warn('stale-data webhook refused', { orgId: settings.orgId, status: response.status });
    return false;
  }
  await tenant.update(
    bomboraSettings,
    { lastStaleAlertAt: deps.now() },
    eq(bomboraSettings.orgId, settings.orgId),
  );
  return true;
}
