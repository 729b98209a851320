import { env } from 'cloudflare:workers';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  BomboraOverview,
  BomboraSettingsView,
  IntentSyncRunDetail,
  IntentTopicList,
  SurgingView,
} from '../../core/contracts/intent';
import { isoWeekMonday } from '../../core/intent/weeks';
import { companies, contacts, intentSignals, organizations } from '../db/schema';
import { buildDeps, rootLogger } from '../deps';
import { refreshBombora } from '../jobs/bombora-refresh';
import { call, createOrg, json, memberOf, signUp, type TestUser } from '../test-support/accounts';
import { testDb } from '../test-support/db';
import { upsertCompaniesStatement } from './ingest';
import { startIntentSync } from './intent-sync';

/*
 * The whole refresh against the Bombora simulator, through the API, the SYNC queue and Turso:
 * credentials checked and sealed, a pull paged through the queue, rows matched to our companies,
 * quarantined, enriched; faults retried without losing or doubling rows; idempotent re-runs.
 */

const SIM = env.BOMBORA_API_URL;
const TOPIC_NAMES = ['Data Warehousing', 'Cloud Computing', 'Cybersecurity'];
const CREDENTIALS = { clientId: 'p360-local', clientSecret: 'p360-local-bombora-secret' };

async function sim(path: string, body?: unknown) {
  const response = await fetch(`${SIM}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  return response.json() as Promise<Record<string, unknown>>;
}

const SMALL_UNIVERSE = {
  universe: { perBrand: 40, extraDomains: 30, messyRate: 0.1 },
  presence: 0.5,
  faults: { script: [], changeWeekAfterPages: null },
};

let owner: TestUser;
let orgId: string;
let topicIds: string[];

async function waitForRun(runId: string): Promise<IntentSyncRunDetail> {
  for (let i = 0; i < 300; i++) {
    const run = await json<IntentSyncRunDetail>(
      await call(`/api/integrations/bombora/runs/${runId}`, { cookie: owner.cookie }),
    );
    if (run.status !== 'running' && run.status !== 'finalizing') return run;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`run ${runId} did not finish`);
}

async function syncNow(user = owner): Promise<IntentSyncRunDetail> {
  const response = await call('/api/integrations/bombora/sync', {
    method: 'POST',
    cookie: user.cookie,
  });
  expect(response.status, await response.clone().text()).toBe(202);
  return waitForRun((await json<{ runId: string }>(response)).runId);
}

/** The organisation's stored week as `domain topic score` lines, for comparing runs. */
async function storedWeek(week: string): Promise<string[]> {
  const rows = await testDb()
    .select()
    .from(intentSignals)
    .where(and(eq(intentSignals.orgId, orgId), eq(intentSignals.week, week)));
  return rows.map((r) => `${r.domain} ${r.topicId} ${r.score} ${r.delta}`).sort();
}

beforeAll(async () => {
  await sim('/__sim/reset', {});
  await sim('/__sim/config', { ...SMALL_UNIVERSE, week: isoWeekMonday(Date.now()) });
  owner = await signUp('bombora-owner');
  orgId = await createOrg(owner, 'Intent Co');
  const now = Date.now();
  // Our records: companies acme0000–acme0019 (two with a name of our own) and a contact at each.
  await testDb()
    .insert(companies)
    .values(
      Array.from({ length: 20 }, (_, i) => ({
        orgId,
        domain: `acme${String(i).padStart(4, '0')}.com`,
        name: i < 2 ? `Our name ${i}` : null,
        createdAt: now,
        updatedAt: now,
      })),
    );
  await testDb()
    .insert(contacts)
    .values(
      Array.from({ length: 20 }, (_, i) => ({
        orgId,
        dedupeKey: Buffer.from(`${orgId}-${i}`),
        companyDomain: `acme${String(i).padStart(4, '0')}.com`,
        quality: 50,
        createdUploadId: 'up',
        writtenUploadId: 'up',
        writtenLine: i + 2,
        createdAt: now,
        updatedAt: now,
      })),
    );
});

describe('connecting Bombora', () => {
  it('refuses credentials Bombora refuses, and stores nothing', async () => {
    const response = await call('/api/integrations/bombora', {
      method: 'PUT',
      cookie: owner.cookie,
      json: { credentials: { clientId: 'p360-local', clientSecret: 'wrong' } },
    });
    expect(response.status).toBe(400);
    expect((await json<{ error: { code: string } }>(response)).error.code).toBe('bombora_refused');
    const overview = await json<BomboraOverview>(
      await call('/api/integrations/bombora', { cookie: owner.cookie }),
    );
    expect(overview.settings.configured).toBe(false);
  });

  it('checks and seals good credentials, loads the taxonomy, and never returns the secret', async () => {
    const saved = await call('/api/integrations/bombora', {
      method: 'PUT',
      cookie: owner.cookie,
      json: { credentials: CREDENTIALS, enabled: true },
    });
    const text = await saved.clone().text();
    expect(saved.status, text).toBe(200);
    expect(text).not.toContain(CREDENTIALS.clientSecret);
    const view = await json<BomboraSettingsView>(saved);
    expect(view).toMatchObject({ configured: true, credentialsHint: '••••ocal' });
    const stored = await testDb().$client.execute({
      sql: 'SELECT credentials FROM bombora_settings WHERE org_id = ?',
      args: [orgId],
    });
    expect(String(stored.rows[0]!.credentials)).not.toContain(CREDENTIALS.clientSecret);

    const list = await json<IntentTopicList>(
      await call('/api/intent/topics', { cookie: owner.cookie }),
    );
    expect(list.topics.length).toBeGreaterThan(200);
    topicIds = TOPIC_NAMES.map((name) => list.topics.find((t) => t.name === name)!.id);
    const topics = await call('/api/integrations/bombora', {
      method: 'PUT',
      cookie: owner.cookie,
      json: { topicIds },
    });
    expect((await json<BomboraSettingsView>(topics)).topicIds).toEqual(topicIds);
  });

  it('refuses topics that are not in the taxonomy', async () => {
    const response = await call('/api/integrations/bombora', {
      method: 'PUT',
      cookie: owner.cookie,
      json: { topicIds: ['no-such-topic'] },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('no-such-topic');
  });

  it('lets only owners and admins configure, and viewers not sync', async () => {
    const editor = await memberOf(orgId, 'editor');
    const viewer = await memberOf(orgId, 'viewer');
    const put = await call('/api/integrations/bombora', {
      method: 'PUT',
      cookie: editor.cookie,
      json: { surgeThreshold: 70 },
    });
    expect(put.status).toBe(403);
    const sync = await call('/api/integrations/bombora/sync', {
      method: 'POST',
      cookie: viewer.cookie,
    });
    expect(sync.status).toBe(403);
    const view = await call('/api/integrations/bombora', { cookie: viewer.cookie });
    expect(view.status).toBe(200);
    expect(await view.text()).not.toContain(CREDENTIALS.clientSecret);
  });
});

describe('a sync', () => {
  beforeEach(async () => {
    await sim('/__sim/config', SMALL_UNIVERSE);
  });

  it('pulls every row of the week through the queue, matched, quarantined or counted', async () => {
    const expected = await sim(
      `/__sim/expected?topics=${encodeURIComponent(TOPIC_NAMES.join(','))}`,
    );
    const versionBefore = await dataVersion();
    const run = await syncNow();
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(run.rowsReceived).toBe(expected.rows);
    expect(run.pagesDone).toBeGreaterThan(3);
    // Every received row is stored, set aside with a reason, or a duplicate of a stored one.
    expect(run.rowsStored + run.quarantined + run.duplicates).toBe(run.rowsReceived);
    expect(run.freeMail).toBeGreaterThan(0);
    expect(run.quarantineByReason.free_mail).toBe(run.freeMail);
    expect(run.domainsMatched).toBeGreaterThan(0);
    expect(run.unmatchedDomains).toBeGreaterThan(0);
    expect(await dataVersion()).toBeGreaterThan(versionBefore);

    const stored = await storedWeek(run.week);
    expect(stored).toHaveLength(run.rowsStored);
    // Messy spellings (www., upper case, subdomains) were matched to the registrable domain.
    expect(stored.every((line) => line === line.toLowerCase())).toBe(true);
    expect(stored.some((line) => line.startsWith('www.'))).toBe(false);
    expect(stored.some((line) => line.startsWith('gmail.com '))).toBe(false);
  });

  it('fills what our companies lack from Bombora and keeps what we have', async () => {
    const rows = await testDb()
      .select()
      .from(companies)
      .where(
        and(
          eq(companies.orgId, orgId),
          sql`${companies.domain} IN ('acme0000.com', 'acme0005.com')`,
        ),
      );
    const ours = rows.find((r) => r.domain === 'acme0000.com')!;
    expect(ours.name).toBe('Our name 0');
    const enriched = await testDb().$client.execute({
      sql: `SELECT count(*) AS n FROM companies WHERE org_id = ? AND enriched_fields ->> 'industry' = 'bombora'`,
      args: [orgId],
    });
    expect(Number(enriched.rows[0]!.n)).toBeGreaterThan(0);
    expect(JSON.parse(ours.enrichedFields ?? '{}').name).toBeUndefined();
  });

  it('gives the same stored week when run again (idempotent)', async () => {
    const first = await syncNow();
    const before = await storedWeek(first.week);
    const again = await syncNow();
    expect(again.status).toBe('succeeded');
    expect(await storedWeek(again.week)).toEqual(before);
  });

  it('retries 429s, 5xx, truncated pages and timeouts without losing or doubling a row', async () => {
    const clean = await syncNow();
    const before = await storedWeek(clean.week);
    await sim('/__sim/config', {
      faults: {
        script: [
          { method: 'GET', path: '/intent/v1/data', fault: '429', times: 1 },
          { method: 'GET', path: '/intent/v1/data', fault: '503', times: 1 },
          { method: 'GET', path: '/intent/v1/data', fault: 'truncate', times: 1 },
          { method: 'GET', path: '/intent/v1/data', fault: 'timeout', times: 1 },
          { method: 'POST', path: '/intent/v1/data', fault: '500', times: 1 },
        ],
        timeoutMs: 3000,
      },
    });
    const run = await syncNow();
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(run.rowsReceived).toBe(clean.rowsReceived);
    expect(run.apiCalls).toBeGreaterThanOrEqual(clean.apiCalls + 5);
    expect(await storedWeek(run.week)).toEqual(before);
  }, 90_000);

  it('pulls again when Bombora publishes a new week in the middle of a pull', async () => {
    await sim('/__sim/config', { faults: { changeWeekAfterPages: 2 } });
    const response = await call('/api/integrations/bombora/sync', {
      method: 'POST',
      cookie: owner.cookie,
    });
    const first = await waitForRun((await json<{ runId: string }>(response)).runId);
    expect(first.status).toBe('restarted');
    await sim('/__sim/config', { faults: { changeWeekAfterPages: null } });
    const runs = await json<{ runs: IntentSyncRunDetail[] }>(
      await call('/api/integrations/bombora/runs?limit=1', { cookie: owner.cookie }),
    );
    const retried = await waitForRun(runs.runs[0]!.id);
    expect(retried.id).not.toBe(first.id);
    expect(retried.status, retried.error ?? '').toBe('succeeded');
    // Back to this week's dataset for the tests that follow.
    await sim('/__sim/config', { week: isoWeekMonday(Date.now()) });
    expect((await syncNow()).status).toBe('succeeded');
  }, 90_000);

  it('refuses a second sync while one runs', async () => {
    const first = await call('/api/integrations/bombora/sync', {
      method: 'POST',
      cookie: owner.cookie,
    });
    expect(first.status).toBe(202);
    const second = await call('/api/integrations/bombora/sync', {
      method: 'POST',
      cookie: owner.cookie,
    });
    expect(second.status).toBe(409);
    await waitForRun((await json<{ runId: string }>(first)).runId);
  });
});

describe('the scheduled refresh', () => {
  const deps = (now: number) => ({ ...buildDeps(env, rootLogger(env)), now: () => now });

  it('skips a week already loaded, and records no change when nothing new is published', async () => {
    const now = Date.now();
    expect(await startIntentSync(deps(now), orgId, { trigger: 'schedule' })).toEqual({
      ok: false,
      reason: 'up_to_date',
    });
    // Next week by our clock, but Bombora still serves the same dataset.
    const started = await startIntentSync(deps(now + 7 * 86_400_000), orgId, {
      trigger: 'schedule',
    });
    expect(started.ok).toBe(true);
    const run = await waitForRun((started as { runId: string }).runId);
    expect(run.status).toBe('no_change');
  });

  it('loads a newly published week with week-over-week deltas', async () => {
    const thisWeek = isoWeekMonday(Date.now());
    const nextWeek = isoWeekMonday(Date.now() + 7 * 86_400_000);
    await sim('/__sim/config', { week: nextWeek });
    const started = await startIntentSync(deps(Date.now() + 7 * 86_400_000), orgId, {
      trigger: 'schedule',
    });
    const run = await waitForRun((started as { runId: string }).runId);
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(run.week).toBe(nextWeek);
    const [withDelta] = await testDb()
      .$client.execute({
        sql: `SELECT n.score - p.score AS expected, n.delta FROM intent_signals n
            JOIN intent_signals p ON p.org_id = n.org_id AND p.domain = n.domain AND p.topic_id = n.topic_id AND p.week = ?
            WHERE n.org_id = ? AND n.week = ? LIMIT 50`,
        args: [thisWeek, orgId, nextWeek],
      })
      .then((r) => [r.rows]);
    expect(withDelta!.length).toBeGreaterThan(0);
    for (const row of withDelta!) expect(row.delta).toBe(row.expected);
    await sim('/__sim/config', { week: thisWeek });
  });

  it('runs from the cron job for every connected organisation', async () => {
    const summary = await refreshBombora(deps(Date.now()));
    expect(summary.orgs).toBeGreaterThanOrEqual(1);
    expect(summary.failed).toBe(0);
  });
});

describe('what is surging', () => {
  it('lists the latest week’s surging companies with our contacts, and topics', async () => {
    const view = await json<SurgingView>(
      await call('/api/intent/surging?limit=5', { cookie: owner.cookie }),
    );
    expect(view.week).not.toBeNull();
    expect(view.companies.length).toBeGreaterThan(0);
    expect(view.topics.map((t) => t.name).every((n) => TOPIC_NAMES.includes(n))).toBe(true);
    for (const c of view.companies) expect(c.topScore).toBeGreaterThanOrEqual(view.threshold);
  });

  it('counts an audience of people at companies surging on a topic', async () => {
    const latest = await testDb().$client.execute({
      sql: `SELECT count(*) AS n FROM contacts c WHERE c.org_id = ?1 AND c.company_domain IN
              (SELECT domain FROM intent_signals WHERE org_id = ?1 AND topic_id = ?2 AND score >= 60
                AND week = (SELECT max(week) FROM intent_signals WHERE org_id = ?1))`,
      args: [orgId, topicIds[0]!],
    });
    const response = await call('/api/audiences/estimate', {
      method: 'POST',
      cookie: owner.cookie,
      json: {
        definition: {
          version: 1,
          root: {
            id: 'root',
            kind: 'group',
            op: 'and',
            children: [
              {
                id: 'i',
                kind: 'intent',
                topics: [topicIds[0]],
                match: 'any',
                minScore: 60,
                withinWeeks: 1,
              },
            ],
          },
        },
      },
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const body = await json<{ total: number }>(response);
    expect(body.total).toBe(Number(latest.rows[0]!.n));
    expect(body.total).toBeGreaterThan(0);
  });
});

async function dataVersion(): Promise<number> {
  const [row] = await testDb()
    .select({ v: organizations.dataVersion })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  return row!.v;
}

describe('stale data', () => {
  it('posts one alert per stale episode to the organisation’s webhook', async () => {
    const saved = await call('/api/integrations/bombora', {
      method: 'PUT',
      cookie: owner.cookie,
      json: { alertWebhookUrl: `${SIM}/__sim/webhooks` },
    });
    const view = await json<BomboraSettingsView>(saved);
    expect(view.alertWebhookHint).toBe(`${new URL(SIM).protocol}//${new URL(SIM).host}/…`);
    expect(JSON.stringify(view)).not.toContain('__sim/webhooks');
    await sim('/__sim/reset', {});
    await sim('/__sim/config', SMALL_UNIVERSE);
    // Eight days on, with no new data loaded (and no pull possible: a week later by our clock the
    // simulator still serves the same data, so the run finds no change).
    const later = { ...buildDeps(env, rootLogger(env)), now: () => Date.now() + 8 * 86_400_000 };
    const first = await refreshBombora(later);
    expect(first.alerts).toBe(1);
    const second = await refreshBombora(later);
    expect(second.alerts).toBe(0);
    const { received } = (await sim('/__sim/webhooks')) as { received: { text: string }[] };
    expect(received).toHaveLength(1);
    expect(received[0]!.text).toMatch(/stale/);
  });
});

describe('uploads and enrichment', () => {
  it('lets an upload replace what Bombora filled in, and never what the user gave', async () => {
    const filled = await testDb().$client.execute({
      sql: `SELECT domain FROM companies WHERE org_id = ? AND enriched_fields ->> 'industry' = 'bombora'
              AND enriched_fields ->> 'name' = 'bombora' LIMIT 1`,
      args: [orgId],
    });
    const domain = String(filled.rows[0]!.domain);
    const before = await testDb()
      .select()
      .from(companies)
      .where(and(eq(companies.orgId, orgId), eq(companies.domain, domain)));
    await testDb().$client.execute(
      upsertCompaniesStatement(orgId, Date.now(), [
        {
          domain,
          name: null,
          industry: 'Our industry',
          sizeBand: null,
          revenueBand: null,
        },
        {
          domain: 'acme0000.com',
          name: 'Another name',
          industry: null,
          sizeBand: null,
          revenueBand: null,
        },
      ]),
    );
    const after = await testDb()
      .select()
      .from(companies)
      .where(
        and(eq(companies.orgId, orgId), sql`${companies.domain} IN (${domain}, 'acme0000.com')`),
      );
    const enriched = after.find((c) => c.domain === domain)!;
    expect(enriched.industry).toBe('Our industry');
    expect(JSON.parse(enriched.enrichedFields ?? '{}').industry).toBeUndefined();
    expect(enriched.name).toBe(before[0]!.name); // Bombora's name stays: the upload had none
    expect(after.find((c) => c.domain === 'acme0000.com')!.name).toBe('Our name 0');
  });
});

describe('the legacy Company Surge API', () => {
  it('creates a report, polls until it is ready and loads every line of it', async () => {
    await sim('/__sim/config', { ...SMALL_UNIVERSE, week: isoWeekMonday(Date.now()) });
    const legacyOwner = await signUp('legacy-owner');
    await createOrg(legacyOwner, 'Legacy Co');
    const save = (json: unknown) =>
      call('/api/integrations/bombora', { method: 'PUT', cookie: legacyOwner.cookie, json });
    const wrongKind = await save({ mode: 'legacy', credentials: CREDENTIALS });
    expect(wrongKind.status).toBe(400);
    const saved = await save({
      mode: 'legacy',
      credentials: { username: CREDENTIALS.clientId, password: CREDENTIALS.clientSecret },
      topicIds,
    });
    expect(saved.status, await saved.clone().text()).toBe(200);
    const response = await call('/api/integrations/bombora/sync', {
      method: 'POST',
      cookie: legacyOwner.cookie,
    });
    expect(response.status).toBe(202);
    const { runId } = await json<{ runId: string }>(response);
    let run: IntentSyncRunDetail | undefined;
    for (
      let i = 0;
      i < 300 && (!run || run.status === 'running' || run.status === 'finalizing');
      i++
    ) {
      await new Promise((r) => setTimeout(r, 200));
      run = await json<IntentSyncRunDetail>(
        await call(`/api/integrations/bombora/runs/${runId}`, { cookie: legacyOwner.cookie }),
      );
    }
    const expected = await sim(
      `/__sim/expected?topics=${encodeURIComponent(TOPIC_NAMES.join(','))}`,
    );
    expect(run!.status, run!.error ?? '').toBe('succeeded');
    expect(run!.mode).toBe('legacy');
    expect(run!.rowsReceived).toBe(expected.rows);
    expect(run!.rowsStored + run!.quarantined + run!.duplicates).toBe(run!.rowsReceived);
  }, 90_000);
});
