import type { InStatement } from '@libsql/client';
import { and, desc, eq } from 'drizzle-orm';
import type { IntentFinalizeMessage, IntentPullMessage } from '../../core/contracts/queue-messages';
import {
  prepareIntentRows,
  type PreparedPage,
  type TopicLookup,
} from '../../core/intent/prepare-rows';
import { isoWeekMonday, previousWeek } from '../../core/intent/weeks';
import { bomboraSettings, intentSyncRuns, intentTopics } from '../db/schema';
import { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { BomboraApiError, QuotaExceededError } from '../integrations/bombora/errors';
import { pruneUsageStatement } from '../integrations/bombora/usage-limiter';
import { recordAudit, type AuditActor } from './audit';
import {
  bomboraConnection,
  storeTaxonomy,
  topicIdsOf,
  type BomboraConnection,
  type ConnectionOptions,
} from './bombora-settings';
import { bumpDataVersion } from './data-version';

/*
 * Pulling a weekly Company Surge dataset into Turso, through the SYNC queue (ADR 0014).
 *
 *   start ─▶ intent.pull page 0 ─▶ page 1 ─▶ … ─▶ intent.finalize
 *
 * Page 0 refreshes the taxonomy, starts the pull and fingerprints the first rows: a fingerprint
 * equal to the last loaded dataset's means Bombora has not published a new week yet (the run
 * ends as `no_change`). Every page is staged under the run (idempotent: re-staging a page changes
 * nothing, and its counts are added only once, by a compare-and-set on `pages_done`), then the
 * page's message sends the next one. Finalize re-probes the fingerprint — a dataset that changed
 * mid-pull is discarded and pulled again — and swaps the staged rows in as the organisation's week
 * in one transaction, with week-over-week deltas, company enrichment and data-quality counts.
 */

export type StartOutcome =
  | { ok: true; runId: string }
  | { ok: false; reason: 'not_configured' | 'no_topics' | 'already_running' | 'up_to_date' };

type RunRow = typeof intentSyncRuns.$inferSelect;
type SettingsRow = typeof bomboraSettings.$inferSelect;

/** Rows fingerprinted to tell one weekly dataset from the next. */
const FINGERPRINT_ROWS = 200;
/** Pages one invocation pulls before handing over to the next message (and its time budget). */
const PAGES_PER_INVOCATION = 20;
const INVOCATION_BUDGET_MS = 20_000;
/** Staged rows copied (and cleared) per statement when a week is swapped in. */
const SWAP_CHUNK_ROWS = 50_000;
/** Weeks of intent kept per organisation (conditions look back at most 12). */
const WEEKS_KEPT = 26;

export interface StartOptions {
  trigger: 'schedule' | 'manual';
  actor?: AuditActor;
  /** Pull even when this week's dataset is already loaded (manual "sync now"). */
  force?: boolean;
}

/** Starts a pull for one organisation (claims its single active-run slot) and queues page 0. */
export async function startIntentSync(
  deps: Deps,
  orgId: string,
  options: StartOptions,
): Promise<StartOutcome> {
  const tenant = new TenantDb(deps.db, orgId);
  const settings = await tenant.first(bomboraSettings);
  if (!settings?.credentials || !settings.enabled) return { ok: false, reason: 'not_configured' };
  if (topicIdsOf(settings).length === 0) return { ok: false, reason: 'no_topics' };
  const week = isoWeekMonday(deps.now());
  if (!options.force) {
    const done = await tenant.first(
      intentSyncRuns,
      and(eq(intentSyncRuns.week, week), eq(intentSyncRuns.status, 'succeeded')),
    );
    if (done) return { ok: false, reason: 'up_to_date' };
  }
  const runId = deps.newId();
  const claimed = await tenant.withScopedQuery((db) =>
    db
      .insert(intentSyncRuns)
      .values({
        id: runId,
        orgId,
        week,
        trigger: options.trigger,
        mode: settings.mode,
        status: 'running',
        requestedBy: options.actor?.id ?? null,
        startedAt: deps.now(),
      })
      .onConflictDoNothing()
      .returning({ id: intentSyncRuns.id }),
  );
  if (claimed.length === 0) return { ok: false, reason: 'already_running' };
  await deps.sync.send({
    type: 'intent.pull',
    orgId,
    runId,
    page: 0,
    pageToken: null,
  } satisfies IntentPullMessage);
  if (options.actor)
    await recordAudit(deps, tenant, options.actor, {
      action: 'bombora.sync_requested',
      targetType: 'intent_sync_run',
      targetId: runId,
      summary: { week, trigger: options.trigger },
    });
  return { ok: true, runId };
}

interface PullContext {
  deps: Deps;
  tenant: TenantDb;
  run: RunRow;
  settings: SettingsRow;
  connection: BomboraConnection;
  message: IntentPullMessage;
}

/** Processes one `intent.pull` message. Throws what a retry may fix (RetryLaterError, network). */
export async function processIntentPull(
  deps: Deps,
  message: IntentPullMessage,
  options: ConnectionOptions = {},
): Promise<void> {
  const loaded = await loadRun(deps, message.orgId, message.runId, options);
  if (!loaded) return;
  const ctx: PullContext = { deps, message, ...loaded };
  if (message.page < ctx.run.pagesDone && ctx.run.handedOff > message.page) return; // a stale re-delivery
  try {
    if (ctx.connection.mode === 'legacy') await pullLegacy(ctx);
    else await pullIntentPages(ctx);
  } catch (error) {
    await failIfFinal(ctx.tenant, ctx.run, error, deps.now());
    throw error;
  } finally {
    await addCalls(ctx.tenant, ctx.run.id, ctx.connection.calls());
  }
}

async function loadRun(
  deps: Deps,
  orgId: string,
  runId: string,
  options: ConnectionOptions,
  statuses: readonly RunRow['status'][] = ['running'],
): Promise<Omit<PullContext, 'deps' | 'message'> | null> {
  const tenant = new TenantDb(deps.db, orgId);
  const run = await tenant.first(intentSyncRuns, eq(intentSyncRuns.id, runId));
  if (!run || !statuses.includes(run.status)) return null;
  const settings = await tenant.first(bomboraSettings);
  const connection = settings ? await bomboraConnection(deps, settings, options) : null;
  if (!settings || !connection) {
    await finishRun(tenant, run.id, deps.now(), 'failed', 'Bombora is no longer configured');
    return null;
  }
  return { tenant, run, settings, connection };
}

/**
 * Pulls pages one after another — at most PAGES_PER_INVOCATION or INVOCATION_BUDGET_MS in one
 * invocation — then hands the rest to the next message. One page in flight at a time either way;
 * batching pages per invocation saves a queue hop per page.
 */
async function pullIntentPages(ctx: PullContext): Promise<void> {
  const { deps, connection, settings } = ctx;
  const client = connection.intent!;
  const limit = deps.config.BOMBORA_PAGE_LIMIT;
  const started = performance.now();
  let message = ctx.message;
  let token = message.pageToken;
  let lookup: Awaited<ReturnType<typeof topicLookup>>;
  if (message.page === 0 && token === null) {
    await storeTaxonomy(deps, await client.topics());
    lookup = await topicLookup(ctx.tenant);
    token = await client.startPull(await pullRequest(ctx.tenant, settings, lookup));
  } else {
    lookup = await topicLookup(ctx.tenant);
  }
  // The next page is fetched while this one is checked and staged (one request ahead, never more).
  let pending = client.page(token!, limit);
  for (let pulled = 1; ; pulled++) {
    const page = await pending;
    let fingerprint: string | null = null;
    if (message.page === 0) {
      fingerprint = await fingerprintOf(page.data);
      if (await sameAsLoaded(ctx, fingerprint)) return;
    }
    const next: IntentPullMessage | null = page.nextPageToken
      ? { ...message, page: message.page + 1, pageToken: page.nextPageToken }
      : null;
    const goOn =
      next !== null &&
      pulled < PAGES_PER_INVOCATION &&
      performance.now() - started < INVOCATION_BUDGET_MS;
    if (goOn) {
      pending = client.page(next.pageToken!, limit);
      // Settled later; a failure surfaces when it is awaited (after this page is staged).
      pending.catch(() => {});
    }
    const prepared = prepareIntentRows('intent', page.data, lookup);
    await stageAndHandOff(
      { ...ctx, message },
      prepared,
      fingerprint,
      next,
      next?.pageToken ?? null,
      !goOn,
    );
    if (!goOn) return;
    message = next;
  }
}

/** The Intent API request for the organisation's topics (and its known domains, when asked). */
async function pullRequest(
  tenant: TenantDb,
  settings: SettingsRow,
  lookup: TopicLookup & { nameOf(id: string): string | undefined },
) {
  const topics = topicIdsOf(settings)
    .map((id) => lookup.nameOf(id))
    .filter((name): name is string => name !== undefined);
  if (topics.length === 0)
    throw new BomboraApiError(422, 'None of the selected topics is in Bombora’s taxonomy');
  if (!settings.onlyKnownDomains) return { topics };
  // A short list travels as a filter; a long one is applied when the week is swapped in.
  const known = await tenant.withScopedQuery((db) =>
    db.$client.execute({
      sql: 'SELECT domain FROM companies WHERE org_id = ? LIMIT 5001',
      args: [tenant.orgId],
    }),
  );
  if (known.rows.length > 5000) return { topics };
  return { topics, filter: { a: 'domain', in: known.rows.map((r) => String(r.domain)) } };
}

async function topicLookup(tenant: TenantDb) {
  const rows = await tenant.withScopedQuery((db) =>
    db.select({ id: intentTopics.id, name: intentTopics.name }).from(intentTopics),
  );
  const byName = new Map(rows.map((t) => [t.name.toLowerCase(), t.id]));
  const names = new Map(rows.map((t) => [t.id, t.name]));
  return {
    byName: (name: string) => byName.get(name.trim().toLowerCase()),
    hasId: (id: string) => names.has(id),
    nameOf: (id: string) => names.get(id),
  };
}

async function fingerprintOf(rows: readonly unknown[]): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(rows.slice(0, FINGERPRINT_ROWS)));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A scheduled run whose first rows equal the loaded dataset's: nothing new is published yet. */
async function sameAsLoaded(ctx: PullContext, fingerprint: string): Promise<boolean> {
  if (ctx.run.trigger === 'manual') return false;
  const [last] = await ctx.tenant.withScopedQuery((db, scope) =>
    db
      .select({ fingerprint: intentSyncRuns.fingerprint })
      .from(intentSyncRuns)
      .where(scope(intentSyncRuns, eq(intentSyncRuns.status, 'succeeded')))
      .orderBy(desc(intentSyncRuns.finishedAt))
      .limit(1),
  );
  if (last?.fingerprint !== fingerprint) return false;
  await ctx.tenant.update(
    intentSyncRuns,
    { status: 'no_change', fingerprint, finishedAt: ctx.deps.now() },
    eq(intentSyncRuns.id, ctx.run.id),
  );
  return true;
}

/**
 * Stages a page and counts it once, then sends the next message. A re-delivered page finds its
 * counts already added (`pages_done` moved on) and only re-sends the next message if that had not
 * happened (`handed_off`).
 */
async function stageAndHandOff(
  ctx: PullContext,
  prepared: PreparedPage,
  fingerprint: string | null,
  next: IntentPullMessage | null,
  cursor: string | null = next?.pageToken ?? null,
  handOffNow = true,
): Promise<void> {
  const { tenant, run, message, deps } = ctx;
  const orgId = tenant.orgId;
  const statements: InStatement[] = [];
  if (prepared.rows.length)
    statements.push({
      sql: `INSERT INTO intent_staging (org_id, run_id, domain, topic_id, score, company_name, industry, size_band, revenue_band, country)
            SELECT ?1, ?2, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value ->> 7
            FROM json_each(?3) AS j WHERE true ON CONFLICT DO NOTHING`,
      args: [
        orgId,
        run.id,
        JSON.stringify(
          prepared.rows.map((r) => [
            r.domain,
            r.topicId,
            r.score,
            r.companyName,
            r.industry,
            r.sizeBand,
            r.revenueBand,
            r.country,
          ]),
        ),
      ],
    });
  if (prepared.quarantined.length)
    statements.push({
      sql: `INSERT INTO intent_quarantine (org_id, run_id, page, item, reason, raw)
            SELECT ?1, ?2, ?3, j.value ->> 0, j.value ->> 1, j.value ->> 2 FROM json_each(?4) AS j
            WHERE true ON CONFLICT DO NOTHING`,
      args: [
        orgId,
        run.id,
        message.page,
        JSON.stringify(prepared.quarantined.map((q) => [q.item, q.reason, q.raw])),
      ],
    });
  const c = prepared.counts;
  statements.push({
    sql: `UPDATE intent_sync_runs SET pages_done = ?1 + 1, rows_received = rows_received + ?2,
            quarantined = quarantined + ?3, unknown_topics = unknown_topics + ?4,
            out_of_range = out_of_range + ?5, duplicates = duplicates + ?6, free_mail = free_mail + ?7,
            fingerprint = coalesce(fingerprint, ?8), cursor = ?9
          WHERE id = ?10 AND org_id = ?11 AND pages_done = ?1 AND status = 'running'`,
    args: [
      message.page,
      c.received,
      prepared.quarantined.length,
      c.unknownTopics,
      c.outOfRange,
      c.duplicates,
      c.freeMail,
      fingerprint,
      cursor,
      run.id,
      orgId,
    ],
  });
  await tenant.withScopedQuery((db) => db.$client.batch(statements, 'write'));
  if (!handOffNow) return;

  const handOff = message.page + 1;
  const [now] = await tenant.withScopedQuery((db, scope) =>
    db
      .select({
        pagesDone: intentSyncRuns.pagesDone,
        handedOff: intentSyncRuns.handedOff,
        status: intentSyncRuns.status,
      })
      .from(intentSyncRuns)
      .where(scope(intentSyncRuns, eq(intentSyncRuns.id, run.id))),
  );
  // Another delivery of this page already moved the run on, or the run ended meanwhile.
  if (!now || now.status !== 'running' || now.pagesDone !== handOff || now.handedOff >= handOff)
    return;
  await deps.sync.send(
    next ?? ({ type: 'intent.finalize', orgId, runId: run.id } satisfies IntentFinalizeMessage),
  );
  await tenant.update(intentSyncRuns, { handedOff: handOff }, eq(intentSyncRuns.id, run.id));
}

/**
 * Legacy mode: create the report (page 0 without a report id), poll until it is ready (the same
 * message, delayed), then stream the JSON-lines file in batches staged like pages.
 */
async function pullLegacy(ctx: PullContext): Promise<void> {
  const { deps, message, connection, settings, tenant } = ctx;
  const client = connection.legacy!;
  if (message.reportId === undefined) {
    const lookup = await topicLookup(tenant);
    const topics = topicIdsOf(settings)
      .filter((id) => lookup.hasId(id))
      .map(Number);
    const reportId = await client.createReport({ Topics: topics, ScoreThreshold: 0 });
    await tenant.update(
      intentSyncRuns,
      { cursor: `report:${reportId}` },
      eq(intentSyncRuns.id, ctx.run.id),
    );
    await deps.sync.send(
      { ...message, reportId },
      { delaySeconds: deps.config.BOMBORA_LEGACY_POLL_SECONDS },
    );
    return;
  }
  const stream = await client.tryGetResult(message.reportId);
  if (stream === null) {
    await deps.sync.send(message, { delaySeconds: deps.config.BOMBORA_LEGACY_POLL_SECONDS });
    return;
  }
  const lookup = await topicLookup(tenant);
  let batch: unknown[] = [];
  let index = 0;
  const flush = async (last: boolean) => {
    const page = index++;
    const rows = batch;
    batch = [];
    if (page < ctx.run.pagesDone && !last) return; // staged by an earlier delivery
    const prepared = prepareIntentRows('legacy', rows, lookup);
    const fingerprint = page === 0 ? await fingerprintOf(rows) : null;
    if (fingerprint && (await sameAsLoaded(ctx, fingerprint))) throw NO_CHANGE;
    await stageAndHandOff(
      { ...ctx, message: { ...message, page } },
      prepared,
      fingerprint,
      null,
      `report:${message.reportId}`,
      last,
    );
  };
  try {
    for await (const line of jsonLines(stream)) {
      batch.push(line);
      if (batch.length === deps.config.BOMBORA_PAGE_LIMIT) await flush(false);
    }
    await flush(true);
  } catch (error) {
    if (error !== NO_CHANGE) throw error;
  }
}

const NO_CHANGE = Symbol('no change');

/** JSON lines from a byte stream, one parsed value per non-empty line (an unparsable line is kept as text). */
async function* jsonLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let buffered = '';
  const parse = (line: string): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      return line;
    }
  };
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    // One split per chunk (slicing the buffer once per line would copy it once per line).
    const lines = (buffered + decoder.decode(chunk, { stream: true })).split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const trimmed = line.trim();
      if (trimmed) yield parse(trimmed);
    }
  }
  buffered += decoder.decode();
  if (buffered.trim()) yield parse(buffered.trim());
}

/**
 * The last page is staged. Checks the dataset is still the one whose first page was fingerprinted
 * (else the pull starts again), then replaces the organisation's week with the staged rows in one
 * transaction: deltas against the previous week, company enrichment, data-quality counts.
 */
export async function finalizeIntentRun(
  deps: Deps,
  message: IntentFinalizeMessage,
  options: ConnectionOptions = {},
): Promise<void> {
  const loaded = await loadRun(deps, message.orgId, message.runId, options, [
    'running',
    'finalizing',
  ]);
  if (!loaded) return;
  const { tenant, run, settings, connection } = loaded;
  if (run.status === 'running') {
    try {
      if (connection.intent) {
        const lookup = await topicLookup(tenant);
        const token = await connection.intent.startPull(
          await pullRequest(tenant, settings, lookup),
        );
        const probe = await connection.intent.page(token, deps.config.BOMBORA_PAGE_LIMIT);
        if ((await fingerprintOf(probe.data)) !== run.fingerprint) {
          await restartRun(deps, tenant, run);
          return;
        }
      }
    } catch (error) {
      await failIfFinal(tenant, run, error, deps.now());
      throw error;
    } finally {
      await addCalls(tenant, run.id, connection.calls());
    }
    await tenant.update(
      intentSyncRuns,
      { status: 'finalizing' },
      and(eq(intentSyncRuns.id, run.id), eq(intentSyncRuns.status, 'running')),
    );
  }
  await swapInWeek(deps, tenant, run, settings);
}

/**
 * One transaction: the week's rows replaced by the staged ones (with deltas), companies enriched,
 * the run's counts written and the run marked succeeded, staging cleared. A re-delivered finalize
 * finds the run succeeded and does nothing; one that failed midway finds everything as it was.
 */
async function swapInWeek(deps: Deps, tenant: TenantDb, run: RunRow, settings: SettingsRow) {
  const orgId = tenant.orgId;
  const now = deps.now();
  const known = settings.onlyKnownDomains
    ? 'AND s.domain IN (SELECT domain FROM companies WHERE org_id = ?1)'
    : '';
  const oldest = new Date(Date.parse(`${run.week}T00:00:00Z`) - WEEKS_KEPT * 7 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const fill = (column: string, from: string) =>
    `iif(companies.${column} IS NULL AND x.${from} IS NOT NULL, 'bombora', companies.enriched_fields ->> '${column}')`;
  const lacking = (column: string, from: string) =>
    `(companies.${column} IS NULL AND x.${from} IS NOT NULL)`;
  const fields = [
    ['name', 'name'],
    ['industry', 'industry'],
    ['size_band', 'size_band'],
    ['revenue_band', 'revenue_band'],
    ['country', 'country'],
  ] as const;
  // Fill only what our record lacks, and remember which fields Bombora filled, so an upload may
  // later replace them (user data wins). With enrichment off, the statement matches nothing.
  const enrich: InStatement = {
    sql: `UPDATE companies SET
            enriched_fields = json_patch(coalesce(companies.enriched_fields, '{}'), json_object(${fields
              .map(([c, f]) => `'${c}', ${fill(c, f)}`)
              .join(', ')})),
            ${fields.map(([c, f]) => `${c} = coalesce(companies.${c}, x.${f})`).join(', ')},
            employees = iif(companies.size_band IS NULL AND x.size_band IS NOT NULL,
              CAST(replace(replace(x.size_band, ',', ''), ' ', '') AS INTEGER), companies.employees),
            updated_at = ?3
          FROM (SELECT domain, max(company_name) AS name, max(industry) AS industry, max(size_band) AS size_band,
                  max(revenue_band) AS revenue_band, max(country) AS country
                FROM intent_staging WHERE org_id = ?1 AND run_id = ?2 GROUP BY domain) AS x
          WHERE ?4 AND companies.org_id = ?1 AND companies.domain = x.domain
            AND (${fields.map(([c, f]) => lacking(c, f)).join(' OR ')})`,
    args: [orgId, run.id, now, settings.enrichCompanies ? 1 : 0],
  };
  const chunk = (lo: number) => [lo, lo + SWAP_CHUNK_ROWS - 1];
  await tenant.withScopedQuery(async (db) => {
    // One transaction, sent statement by statement: the week changes all at once for readers, and
    // no single statement holds the database for long (a 1M-row copy in one statement stalls the
    // local libSQL server, and every request behind it, for tens of seconds).
    const tx = await db.$client.transaction('write');
    try {
      const range = await tx.execute({
        sql: 'SELECT min(rowid) AS lo, max(rowid) AS hi FROM intent_staging WHERE org_id = ? AND run_id = ?',
        args: [orgId, run.id],
      });
      const lo = Number(range.rows[0]?.lo ?? 1);
      const hi = Number(range.rows[0]?.hi ?? 0);
      await tx.execute({
        sql: 'DELETE FROM intent_signals WHERE org_id = ? AND week = ?',
        args: [orgId, run.week],
      });
      for (let from = lo; from <= hi; from += SWAP_CHUNK_ROWS)
        await tx.execute({
          sql: `INSERT INTO intent_signals (org_id, domain, topic_id, week, score, delta)
                SELECT s.org_id, s.domain, s.topic_id, ?3, s.score, s.score - p.score
                FROM intent_staging s
                LEFT JOIN intent_signals p ON p.org_id = s.org_id AND p.domain = s.domain
                  AND p.topic_id = s.topic_id AND p.week = ?4
                WHERE s.rowid BETWEEN ?5 AND ?6 AND s.org_id = ?1 AND s.run_id = ?2 ${known}`,
          args: [orgId, run.id, run.week, previousWeek(run.week), ...chunk(from)],
        });
      await tx.execute(enrich);
      await tx.execute({
        // changes(): the companies the statement above enriched. Duplicates across pages:
        // received, less what was set aside or was a duplicate within its page, less what stayed.
        sql: `UPDATE intent_sync_runs SET
                companies_enriched = changes(),
                rows_stored = (SELECT count(*) FROM intent_signals WHERE org_id = ?1 AND week = ?3),
                duplicates = duplicates + max(0, rows_received - quarantined - duplicates
                  - (SELECT count(*) FROM intent_staging WHERE org_id = ?1 AND run_id = ?2)),
                domains_matched = (SELECT count(DISTINCT domain) FROM intent_staging
                  WHERE org_id = ?1 AND run_id = ?2 AND domain IN (SELECT domain FROM companies WHERE org_id = ?1)),
                unmatched_domains = (SELECT count(DISTINCT domain) FROM intent_staging
                  WHERE org_id = ?1 AND run_id = ?2 AND domain NOT IN (SELECT domain FROM companies WHERE org_id = ?1)),
                status = 'succeeded', finished_at = ?4, cursor = NULL
              WHERE id = ?2 AND org_id = ?1 AND status = 'finalizing'`,
        args: [orgId, run.id, run.week, now],
      });
      for (let from = lo; from <= hi; from += SWAP_CHUNK_ROWS)
        await tx.execute({
          sql: 'DELETE FROM intent_staging WHERE rowid BETWEEN ? AND ? AND org_id = ? AND run_id = ?',
          args: [...chunk(from), orgId, run.id],
        });
      await tx.execute({
        sql: 'DELETE FROM intent_signals WHERE org_id = ? AND week < ?',
        args: [orgId, oldest],
      });
      await tx.execute(pruneUsageStatement(orgId, now));
      await tx.execute(bumpDataVersion(orgId));
      await tx.commit();
    } finally {
      tx.close();
    }
  });
  deps.log.info('intent week loaded', { orgId, runId: run.id, week: run.week });
}

/** The dataset changed during the pull: this run's rows are thrown away and a new run starts. */
async function restartRun(deps: Deps, tenant: TenantDb, run: RunRow) {
  await tenant.withScopedQuery((db) =>
    db.$client.batch(
      [
        {
          sql: 'DELETE FROM intent_staging WHERE org_id = ? AND run_id = ?',
          args: [tenant.orgId, run.id],
        },
        {
          sql: `UPDATE intent_sync_runs SET status = 'restarted', finished_at = ?, error = ? WHERE id = ? AND org_id = ?`,
          args: [
            deps.now(),
            'Bombora published a new dataset during the pull; pulled again',
            run.id,
            tenant.orgId,
          ],
        },
      ],
      'write',
    ),
  );
  await startIntentSync(deps, tenant.orgId, { trigger: run.trigger, force: true });
}

/** Errors no retry can fix end the run (with the reason shown in its history). */
async function failIfFinal(tenant: TenantDb, run: RunRow, error: unknown, now: number) {
  if (error instanceof BomboraApiError || error instanceof QuotaExceededError)
    await finishRun(tenant, run.id, now, 'failed', error.message);
}

export async function finishRun(
  tenant: TenantDb,
  runId: string,
  now: number,
  status: 'failed',
  error: string,
) {
  await tenant.withScopedQuery((db) =>
    db.$client.batch(
      [
        {
          sql: 'DELETE FROM intent_staging WHERE org_id = ? AND run_id = ?',
          args: [tenant.orgId, runId],
        },
        {
          sql: `UPDATE intent_sync_runs SET status = ?, error = ?, finished_at = ?
                WHERE id = ? AND org_id = ? AND status IN ('running', 'finalizing')`,
          args: [status, error.slice(0, 500), now, runId, tenant.orgId],
        },
      ],
      'write',
    ),
  );
}

async function addCalls(tenant: TenantDb, runId: string, calls: number) {
  if (calls === 0) return;
  await tenant.withScopedQuery((db) =>
    db.$client.execute({
      sql: 'UPDATE intent_sync_runs SET api_calls = api_calls + ? WHERE id = ? AND org_id = ?',
      args: [calls, runId, tenant.orgId],
    }),
  );
}

/** A run whose messages died in the dead-letter queue: it can never finish by itself. */
export async function failDeadRun(deps: Deps, orgId: string, runId: string) {
  await finishRun(
    new TenantDb(deps.db, orgId),
    runId,
    deps.now(),
    'failed',
    'Gave up after repeated failures (see dead letters)',
  );
}
