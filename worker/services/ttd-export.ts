import type { InStatement } from '@libsql/client';
import { and, asc, eq, lte } from 'drizzle-orm';
import { advertiserBatches, type SegmentItem } from '../../core/activation/ttd-batch';
import { nextRunAt } from '../../core/activation/schedule';
import { compilePriorityMembers } from '../../core/audience/compile-sql';
import type { Definition } from '../../core/audience/definition';
import type { TtdExportMessage } from '../../core/contracts/queue-messages';
import { secretKeysOf } from '../config';
import {
  audienceVersions as audienceVersionsTable,
  type identityRuns,
  organizations,
  ttdDestinations,
  ttdExportAudiences,
  ttdExportRuns,
  ttdExports,
} from '../db/schema';
import { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import type { HttpDeps } from '../integrations/http';
import { TtdApiError, TtdClient, ttdDataUrl, type TtdAuth } from '../integrations/ttd/client';
import { AppError } from '../lib/errors';
import { openSecret } from '../lib/secrets';
import { execute, hashOf, parseStoredDefinition, prepare, validate } from './audience-engine';
import { loadAudience } from './audiences';
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from './audit';
import { commitIfCurrent, deliveryOf, runSteps } from './run-steps';

/*
 * Export runs (ADR 0015). A run materialises its audiences into `ttd_export_targets` (each UID2
 * with the slot of the first audience that holds it), then diffs that against
 * `ttd_export_members` — what TTD holds as far as we sent it — and sends only removes (TTL 0),
 * adds, and re-sends of members that would expire before the next run. Steps commit with a
 * compare-and-set on the run's step count, and each send step moves a cursor over UID2s in order,
 * so a crash resumes where the last committed step ended: at most one step's requests are sent
 * again, and TTD applies a repeated add or remove idempotently.
 */

type RunRow = typeof ttdExportRuns.$inferSelect;
type ExportRow = typeof ttdExports.$inferSelect;
type DestinationRow = typeof ttdDestinations.$inferSelect;

export interface ExportedAudience {
  audienceId: string;
  version: number;
  hash: string;
  segmentName: string;
  definition: Definition;
}

export interface TtdConnectionOptions {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const STEPS_PER_MESSAGE = 25;
const TARGETS_DELETED_PER_STATEMENT = 20_000;
const MESSAGE_BUDGET_MS = 20_000;
const DAY = 86_400_000;
/** Members expiring before the next scheduled run plus this margin are re-sent. */
const REFRESH_MARGIN_MS = DAY;

export type StartExportOutcome =
  { ok: true; runId: string } | { ok: false; reason: 'already_running' | 'disabled' };

// ---------------------------------------------------------------------------------------------
// Starting a run

/** What each audience of the export is now: its latest saved version, or the draft if never saved. */
export async function exportedAudiences(
  deps: Deps,
  tenant: TenantDb,
  exportId: string,
): Promise<ExportedAudience[]> {
  const slots = await tenant.withScopedQuery((db, scope) =>
    db
      .select()
      .from(ttdExportAudiences)
      .where(scope(ttdExportAudiences, eq(ttdExportAudiences.exportId, exportId)))
      .orderBy(asc(ttdExportAudiences.slot)),
  );
  const result: ExportedAudience[] = [];
  for (const slot of slots) {
    const audience = await loadAudience(tenant, slot.audienceId);
    let definition = parseStoredDefinition(audience.definition);
    if (audience.version > 0) {
      const saved = await tenant.withScopedQuery((db) =>
        db
          .select()
          .from(audienceVersionsTable)
          .where(
            and(
              eq(audienceVersionsTable.orgId, tenant.orgId),
              eq(audienceVersionsTable.audienceId, audience.id),
              eq(audienceVersionsTable.version, audience.version),
            ),
          ),
      );
      if (saved[0]) definition = parseStoredDefinition(saved[0].definition);
    }
    const prepared = await prepare(deps, tenant, [definition]);
    const issues = validate(prepared, definition, audience.id);
    if (issues.length)
      throw new AppError(
        422,
        'invalid_definition',
        `Audience "${audience.name}" has conditions to fix before it can be exported`,
      );
    result.push({
      audienceId: audience.id,
      version: audience.version,
      hash: hashOf(prepared, definition),
      segmentName: slot.segmentName,
      definition,
    });
  }
  return result;
}

/** Starts a run of one export (one at a time per export) and queues its first step. */
export async function startExportRun(
  deps: Deps,
  orgId: string,
  exportId: string,
  options: { trigger: RunRow['trigger']; actor?: AuditActor },
): Promise<StartExportOutcome> {
  const tenant = new TenantDb(deps.db, orgId);
  const exp = await tenant.first(ttdExports, eq(ttdExports.id, exportId));
  if (!exp) throw new AppError(404, 'not_found', 'No such export');
  if (!exp.enabled && options.trigger === 'schedule') return { ok: false, reason: 'disabled' };
  const audiences = await exportedAudiences(deps, tenant, exportId);
  const runId = deps.newId();
  const claimed = await tenant.withScopedQuery((db) =>
    db
      .insert(ttdExportRuns)
      .values({
        id: runId,
        orgId,
        exportId,
        trigger: options.trigger,
        requestedBy: options.actor?.id ?? null,
        status: 'running',
        audienceVersions: JSON.stringify(audiences),
        phase: 'materialize',
        cursor: '0',
        startedAt: deps.now(),
      })
      .onConflictDoNothing()
      .returning({ id: ttdExportRuns.id }),
  );
  if (claimed.length === 0) return { ok: false, reason: 'already_running' };
  await deps.sync.send({ type: 'ttd.export', orgId, runId, step: 0 } satisfies TtdExportMessage);
  await recordAudit(deps, tenant, options.actor ?? SYSTEM_ACTOR, {
    action: 'export.run_started',
    targetType: 'ttd_export',
    targetId: exportId,
    summary: {
      runId,
      trigger: options.trigger,
      audiences: audiences.map((a) => ({ id: a.audienceId, version: a.version })),
    },
  });
  return { ok: true, runId };
}

// ---------------------------------------------------------------------------------------------
// Running it

interface RunContext {
  deps: Deps;
  tenant: TenantDb;
  exp: ExportRow;
  destination: DestinationRow;
  client: TtdClient;
  audiences: ExportedAudience[];
  timeZone: string;
  calls: () => number;
}

export async function ttdClientFor(
  deps: Pick<Deps, 'config'>,
  destination: DestinationRow,
  options: TtdConnectionOptions = {},
  onCall?: () => void,
): Promise<TtdClient | null> {
  const secret = await openSecret(secretKeysOf(deps.config), destination.orgId, destination.secret);
  if (secret === null) return null;
  const auth: TtdAuth =
    destination.authMode === 'token'
      ? { mode: 'token', token: secret }
      : { mode: 'signature', secretKey: secret };
  const http: HttpDeps = {
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    random: options.random ?? Math.random,
    limiter: { acquire: async () => 0 },
    onCall,
  };
  return new TtdClient(ttdDataUrl(deps.config.TTD_DATA_URL, destination.region), auth, http, {
    service: 'The Trade Desk',
    timeoutMs: deps.config.TTD_TIMEOUT_MS,
    attempts: 5,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
    maxInlineWaitMs: 15_000,
  });
}

/** Processes one `ttd.export` message: up to STEPS_PER_MESSAGE steps, then hands on. */
export async function processExportStep(
  deps: Deps,
  message: TtdExportMessage,
  options: TtdConnectionOptions = {},
): Promise<void> {
  const tenant = new TenantDb(deps.db, message.orgId);
  const loaded = await tenant.first(ttdExportRuns, eq(ttdExportRuns.id, message.runId));
  if (!loaded || loaded.status !== 'running') return;
  let run: RunRow = loaded;
  const delivery = deliveryOf(loaded, message.step);
  if (delivery === 'hand-off') await handOff(deps, loaded);
  if (delivery !== 'run') return;
  const exp = await tenant.first(ttdExports, eq(ttdExports.id, run.exportId));
  const destination = exp
    ? await tenant.first(ttdDestinations, eq(ttdDestinations.id, exp.destinationId))
    : undefined;
  let calls = 0;
  const client = destination ? await ttdClientFor(deps, destination, options, () => calls++) : null;
  if (!exp || !destination || !client) {
    await finishRun(deps, tenant, run, 'failed', 'The export or its destination is gone');
    return;
  }
  const ctx: RunContext = {
    deps,
    tenant,
    exp,
    destination,
    client,
    audiences: JSON.parse(run.audienceVersions) as ExportedAudience[],
    timeZone: await timeZoneOf(tenant),
    calls: () => calls,
  };
  let last: RunRow | null;
  try {
    last = await runSteps(
      run,
      (current) => {
        run = current;
        return step(ctx, current);
      },
      { steps: STEPS_PER_MESSAGE, ms: MESSAGE_BUDGET_MS },
    );
  } catch (error) {
    if (error instanceof TtdApiError) {
      await finishRun(deps, tenant, run, 'failed', error.message);
      return;
    }
    throw error;
  }
  if (last) await handOff(deps, last);
}

async function handOff(deps: Deps, run: RunRow): Promise<void> {
  await deps.sync.send({
    type: 'ttd.export',
    orgId: run.orgId,
    runId: run.id,
    step: run.steps,
  } satisfies TtdExportMessage);
  await deps.db
    .update(ttdExportRuns)
    .set({ handedOff: run.steps })
    .where(and(eq(ttdExportRuns.id, run.id), eq(ttdExportRuns.orgId, run.orgId)));
}

/** One step, timed in the log: where a run spends its time (a phase, a page or a batch). */
async function step(ctx: RunContext, run: RunRow): Promise<RunRow | 'lost' | 'done'> {
  const started = Date.now();
  const next = await stepOf(ctx, run);
  ctx.deps.log.info('export step', {
    orgId: run.orgId,
    runId: run.id,
    phase: run.phase,
    step: run.steps,
    ms: Date.now() - started,
  });
  return next;
}

function stepOf(ctx: RunContext, run: RunRow): Promise<RunRow | 'lost' | 'done'> {
  switch (run.phase) {
    case 'materialize':
      return materializeStep(ctx, run);
    case 'remove':
    case 'add':
    case 'refresh':
      return sendStep(ctx, run);
    case 'done':
      return finishRun(ctx.deps, ctx.tenant, run, null, null).then(() => 'done' as const);
  }
}

/** Commits a step's writes and the run's new counters atomically, once. */
async function commitStep(
  tenant: TenantDb,
  run: RunRow,
  writes: InStatement[],
  update: Partial<RunRow>,
): Promise<RunRow | 'lost'> {
  const next: RunRow = { ...run, ...update, steps: run.steps + 1 };
  const cas: InStatement = {
    sql: `UPDATE ttd_export_runs SET steps = steps + 1, phase = ?, cursor = ?, requests = ?,
            bytes_sent = ?, audience_size = ?, added = ?, removed = ?, refreshed = ?, failed = ?,
            failed_by_code = ?, skipped_opted_out = ?, unmapped = ?
          WHERE id = ? AND org_id = ? AND steps = ? AND status = 'running'`,
    args: [
      next.phase,
      next.cursor,
      next.requests,
      next.bytesSent,
      next.audienceSize,
      next.added,
      next.removed,
      next.refreshed,
      next.failed,
      next.failedByCode,
      next.skippedOptedOut,
      next.unmapped,
      run.id,
      run.orgId,
      run.steps,
    ],
  };
  if (!(await commitIfCurrent(tenant, cas, writes))) return 'lost';
  return next;
}

interface MemberIdentity {
  id: number;
  slot: number;
  es: string | null;
  eu: string | null;
  ps: string | null;
  pu: string | null;
}

/** One page of audience members → their UID2s, in the run's target. Opted-out people are left out. */
async function materializeStep(ctx: RunContext, run: RunRow): Promise<RunRow | 'lost'> {
  const { deps, tenant } = ctx;
  const definitions = ctx.audiences.map((a) => a.definition);
  const prepared = await prepare(deps, tenant, definitions);
  const page = await execute(
    tenant,
    compilePriorityMembers(tenant.orgId, definitions, prepared.ctx, {
      afterId: Number(run.cursor ?? 0),
      limit: deps.config.EXPORT_PAGE_CONTACTS,
    }),
  );
  if (page.length === 0)
    return commitStep(tenant, run, [], {
      phase: 'remove',
      cursor: '',
    });
  const members = page.map((r) => [Number(r.id), Number(r.slot)]);
  // CROSS JOIN keeps json_each outside: with real statistics SQLite otherwise scans the
  // organisation's contacts and, for each, the whole JSON array (10 s for 200 ids at 50k contacts).
  const identities = await tenant.withScopedQuery((db) =>
    db.$client.execute({
      sql: `SELECT j.value ->> 0 AS id, j.value ->> 1 AS slot,
                   e.status AS es, e.uid2 AS eu, p.status AS ps, p.uid2 AS pu
            FROM json_each(?) j
            CROSS JOIN contacts c ON c.id = j.value ->> 0 AND +c.org_id = ?
            LEFT JOIN identities e ON e.org_id = c.org_id AND e.kind = 'email' AND e.hash = c.email_hash
            LEFT JOIN identities p ON p.org_id = c.org_id AND p.kind = 'phone' AND p.hash = c.phone_hash`,
      args: [JSON.stringify(members), tenant.orgId],
    }),
  );
  let skipped = 0;
  let unmapped = 0;
  const targets: unknown[][] = [];
  for (const row of identities.rows as unknown as MemberIdentity[]) {
    // A person who opted out with one identifier has opted out: none of their ids is sent.
    if (row.es === 'optout' || row.ps === 'optout') {
      skipped++;
      continue;
    }
    const before = targets.length;
    if (row.es === 'mapped' && row.eu) targets.push([row.eu, Number(row.slot), 'email']);
    if (row.ps === 'mapped' && row.pu) targets.push([row.pu, Number(row.slot), 'phone']);
    if (targets.length === before) unmapped++;
  }
  const write: InStatement = {
    // Two people can share a UID2 (one phone): it goes to the higher-priority slot.
    sql: `INSERT INTO ttd_export_targets (run_id, uid2, slot, kind)
          SELECT ?, value ->> 0, value ->> 1, value ->> 2 FROM json_each(?) WHERE true
          ON CONFLICT (run_id, uid2) DO UPDATE SET slot = MIN(slot, excluded.slot)`,
    args: [run.id, JSON.stringify(targets)],
  };
  return commitStep(tenant, run, targets.length ? [write] : [], {
    cursor: String(members[members.length - 1]![0]),
    audienceSize: run.audienceSize + members.length,
    skippedOptedOut: run.skippedOptedOut + skipped,
    unmapped: run.unmapped + unmapped,
  });
}

interface Candidate {
  uid2: string;
  slot: number;
  kind: string;
  segment_name?: string;
}

const NEXT_PHASE: Record<'remove' | 'add' | 'refresh', RunRow['phase']> = {
  remove: 'add',
  add: 'refresh',
  refresh: 'done',
};

/** One batch of removes, adds or refreshes: select after the cursor, send, record. */
async function sendStep(ctx: RunContext, run: RunRow): Promise<RunRow | 'lost'> {
  const { deps, tenant, exp } = ctx;
  const phase = run.phase as 'remove' | 'add' | 'refresh';
  if (run.trigger === 'optout' && phase !== 'remove')
    return commitStep(tenant, run, [], { phase: 'done', cursor: '' });
  const limit = deps.config.TTD_BATCH_ITEMS;
  const now = deps.now();
  const refreshBefore = refreshHorizon(ctx, now);
  const query: Record<typeof phase, InStatement> = {
    remove: {
      sql: `SELECT m.uid2, m.slot, m.kind, m.segment_name FROM ttd_export_members m
            WHERE m.export_id = ? AND +m.org_id = ? AND m.uid2 > ?
              AND (NOT EXISTS (SELECT 1 FROM ttd_export_targets t
                               WHERE t.run_id = ? AND t.uid2 = m.uid2 AND t.slot = m.slot)
                   -- The slot's segment was renamed (or the audience list reordered): the member
                   -- leaves the old segment here and joins the new one in the add phase.
                   OR m.segment_name IS NOT (SELECT value FROM json_each(?) WHERE key = m.slot))
            ORDER BY m.uid2 LIMIT ?`,
      args: [
        exp.id,
        tenant.orgId,
        run.cursor ?? '',
        run.id,
        JSON.stringify(ctx.audiences.map((a) => a.segmentName)),
        limit,
      ],
    },
    add: {
      sql: `SELECT t.uid2, t.slot, t.kind FROM ttd_export_targets t
            WHERE t.run_id = ? AND t.uid2 > ?
              AND NOT EXISTS (SELECT 1 FROM ttd_export_members m
                              WHERE m.export_id = ? AND m.uid2 = t.uid2)
            ORDER BY t.uid2 LIMIT ?`,
      args: [run.id, run.cursor ?? '', exp.id, limit],
    },
    refresh: {
      sql: `SELECT m.uid2, m.slot, m.kind, m.segment_name FROM ttd_export_members m
            JOIN ttd_export_targets t ON t.run_id = ? AND t.uid2 = m.uid2 AND t.slot = m.slot
            WHERE m.export_id = ? AND m.org_id = ? AND m.uid2 > ? AND m.expires_at < ?
              AND m.run_id <> ?
            ORDER BY m.uid2 LIMIT ?`,
      args: [run.id, exp.id, tenant.orgId, run.cursor ?? '', refreshBefore, run.id, limit],
    },
  };
  const selected = await tenant.withScopedQuery((db) => db.$client.execute(query[phase]));
  const candidates = selected.rows as unknown as Candidate[];
  if (candidates.length === 0)
    return commitStep(tenant, run, [], { phase: NEXT_PHASE[phase], cursor: '' });

  const segmentOf = (c: Candidate) =>
    c.segment_name ?? ctx.audiences[Number(c.slot)]?.segmentName ?? '';
  const items: SegmentItem[] = candidates.map((c) => ({
    uid2: c.uid2,
    segmentName: segmentOf(c),
    ttlMinutes: phase === 'remove' ? 0 : exp.ttlMinutes,
  }));
  const batches = advertiserBatches(ctx.destination.advertiserId, items, {
    maxBytes: deps.config.TTD_MAX_REQUEST_BYTES,
    maxItems: limit,
  });
  const callsBefore = ctx.calls();
  let bytes = 0;
  const failed = new Map<string, { code: string; message: string | null }>();
  for (const batch of batches) {
    const result = await ctx.client.sendAdvertiserData(batch.json);
    bytes += result.bytes;
    for (const line of result.failedLines) {
      const item = batch.items[Number(line.ItemNumber) - 1];
      if (item) failed.set(item.uid2, { code: line.ErrorCode, message: line.Message ?? null });
    }
  }
  const succeeded = candidates.filter((c) => !failed.has(c.uid2));
  const byCode = JSON.parse(run.failedByCode) as Record<string, number>;
  for (const { code } of failed.values()) byCode[code] = (byCode[code] ?? 0) + 1;

  const writes: InStatement[] = [];
  if (succeeded.length) writes.push(memberWrite(ctx, run, phase, succeeded, now));
  if (failed.size)
    writes.push({
      sql: `INSERT OR REPLACE INTO ttd_failed_lines
              (run_id, org_id, uid2, segment_name, action, error_code, message)
            SELECT ?, ?, value ->> 0, value ->> 1, ?, value ->> 2, value ->> 3 FROM json_each(?)`,
      args: [
        run.id,
        tenant.orgId,
        phase,
        JSON.stringify(
          candidates
            .filter((c) => failed.has(c.uid2))
            .map((c) => [
              c.uid2,
              segmentOf(c),
              failed.get(c.uid2)!.code,
              failed.get(c.uid2)!.message,
            ]),
        ),
      ],
    });
  const count = (p: typeof phase) => (phase === p ? succeeded.length : 0);
  return commitStep(tenant, run, writes, {
    cursor: candidates[candidates.length - 1]!.uid2,
    requests: run.requests + (ctx.calls() - callsBefore),
    bytesSent: run.bytesSent + bytes,
    removed: run.removed + count('remove'),
    added: run.added + count('add'),
    refreshed: run.refreshed + count('refresh'),
    failed: run.failed + failed.size,
    failedByCode: JSON.stringify(byCode),
  });
}

function memberWrite(
  ctx: RunContext,
  run: RunRow,
  phase: 'remove' | 'add' | 'refresh',
  succeeded: Candidate[],
  now: number,
): InStatement {
  if (phase === 'remove')
    return {
      sql: `DELETE FROM ttd_export_members WHERE export_id = ? AND org_id = ?
              AND uid2 IN (SELECT value FROM json_each(?))`,
      args: [ctx.exp.id, ctx.tenant.orgId, JSON.stringify(succeeded.map((c) => c.uid2))],
    };
  const expires = now + ctx.exp.ttlMinutes * 60_000;
  return {
    sql: `INSERT INTO ttd_export_members
            (export_id, uid2, org_id, slot, segment_name, kind, sent_at, expires_at, run_id)
          SELECT ?, value ->> 0, ?, value ->> 1, value ->> 2, value ->> 3, ?, ?, ? FROM json_each(?)
          WHERE true
          ON CONFLICT (export_id, uid2) DO UPDATE SET slot = excluded.slot,
            segment_name = excluded.segment_name, kind = excluded.kind, sent_at = excluded.sent_at,
            expires_at = excluded.expires_at, run_id = excluded.run_id`,
    args: [
      ctx.exp.id,
      ctx.tenant.orgId,
      now,
      expires,
      run.id,
      JSON.stringify(
        succeeded.map((c) => [
          c.uid2,
          Number(c.slot),
          ctx.audiences[Number(c.slot)]?.segmentName ?? c.segment_name,
          c.kind,
        ]),
      ),
    ],
  };
}

/** Members expiring before this instant are re-sent: the next scheduled run plus a margin. */
function refreshHorizon(ctx: RunContext, now: number): number {
  let next = now + DAY;
  try {
    next = nextRunAt(ctx.exp.schedule, ctx.timeZone, now);
  } catch {
    // A schedule that no longer parses: refresh what expires within a day.
  }
  return Math.max(next, now) + REFRESH_MARGIN_MS;
}

// ---------------------------------------------------------------------------------------------
// Finishing

async function finishRun(
  deps: Deps,
  tenant: TenantDb,
  run: RunRow,
  forced: 'failed' | null,
  error: string | null,
): Promise<void> {
  const targeted = await tenant.withScopedQuery((db) =>
    db.$client.execute({
      sql: 'SELECT COUNT(*) AS n FROM ttd_export_targets WHERE run_id = ?',
      args: [run.id],
    }),
  );
  const status: RunRow['status'] = forced ?? (run.failed > 0 ? 'partial' : 'succeeded');
  const now = deps.now();
  const changed = await tenant.update(
    ttdExportRuns,
    { status, error, finishedAt: now, phase: 'done', targeted: Number(targeted.rows[0]?.n ?? 0) },
    and(eq(ttdExportRuns.id, run.id), eq(ttdExportRuns.status, 'running')),
  );
  if (!changed) return;
  await dropTargets(tenant, run.id);
  await tenant.update(
    ttdExports,
    { lastRunAt: now, lastStatus: status },
    eq(ttdExports.id, run.exportId),
  );
  const final = { ...run, status, error };
  await recordAudit(deps, tenant, SYSTEM_ACTOR, {
    action: status === 'failed' ? 'export.run_failed' : 'export.run_completed',
    targetType: 'ttd_export',
    targetId: run.exportId,
    summary: {
      runId: run.id,
      status,
      added: run.added,
      removed: run.removed,
      refreshed: run.refreshed,
      failed: run.failed,
      skippedOptedOut: run.skippedOptedOut,
    },
  });
  deps.log.info('ttd export run finished', {
    orgId: run.orgId,
    runId: run.id,
    exportId: run.exportId,
    status,
    requests: run.requests,
    added: run.added,
    removed: run.removed,
    refreshed: run.refreshed,
    failed: run.failed,
  });
  await alertIfNeeded(deps, tenant, final);
}

/**
 * The run's targets go in slices: one DELETE of a million rows held the database for 15 s (every
 * other request waited, and the local server's callers timed out).
 */
async function dropTargets(tenant: TenantDb, runId: string): Promise<void> {
  for (;;) {
    const { rowsAffected } = await tenant.withScopedQuery((db) =>
      db.$client.execute({
        sql: `DELETE FROM ttd_export_targets WHERE run_id = ?1 AND uid2 IN
                (SELECT uid2 FROM ttd_export_targets WHERE run_id = ?1 LIMIT ?2)`,
        args: [runId, TARGETS_DELETED_PER_STATEMENT],
      }),
    );
    if (rowsAffected < TARGETS_DELETED_PER_STATEMENT) return;
  }
}

/** A failed run, or failures above the destination's threshold, post `{ text }` to its webhook. */
async function alertIfNeeded(deps: Deps, tenant: TenantDb, run: RunRow): Promise<void> {
  const exp = await tenant.first(ttdExports, eq(ttdExports.id, run.exportId));
  const destination = exp
    ? await tenant.first(ttdDestinations, eq(ttdDestinations.id, exp.destinationId))
    : undefined;
  if (!exp || !destination?.alertWebhook) return;
  const attempted = run.added + run.removed + run.refreshed + run.failed;
  const share = attempted ? (run.failed / attempted) * 100 : 0;
  const tooMany = run.failed > 0 && share > destination.failureAlertPercent;
  if (run.status !== 'failed' && !tooMany) return;
  const url = await openSecret(secretKeysOf(deps.config), tenant.orgId, destination.alertWebhook);
  if (!url) return;
  const text =
    run.status === 'failed'
      ? `The Trade Desk export "${exp.name}" failed: ${run.error ?? 'unknown error'}`
      : `The Trade Desk export "${exp.name}": ${run.failed} of ${attempted} items were refused (${share.toFixed(1)}%, above ${destination.failureAlertPercent}%).`;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
    if (!response.ok)
      deps.log.warn('export alert webhook refused', { orgId: run.orgId, status: response.status });
  } catch (error) {
    deps.log.warn('export alert webhook unreachable', {
      orgId: run.orgId,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
}

/** The DLQ gave up on a step: the run fails (and alerts) rather than staying "running". */
export async function failDeadExportRun(deps: Deps, orgId: string, runId: string) {
  const tenant = new TenantDb(deps.db, orgId);
  const run = await tenant.first(ttdExportRuns, eq(ttdExportRuns.id, runId));
  if (run?.status === 'running')
    await finishRun(deps, tenant, run, 'failed', 'A step kept failing and was given up');
}

// ---------------------------------------------------------------------------------------------
// Scheduling

/** The `ttd-export` cron job: start every enabled export whose next run is due. */
export async function runDueExports(deps: Deps): Promise<Record<string, unknown>> {
  const now = deps.now();
  const due = await deps.db
    .select({ id: ttdExports.id, orgId: ttdExports.orgId, schedule: ttdExports.schedule })
    .from(ttdExports)
    .where(and(eq(ttdExports.enabled, true), lte(ttdExports.nextRunAt, now)));
  let started = 0;
  let skipped = 0;
  let failed = 0;
  for (const exp of due) {
    const tenant = new TenantDb(deps.db, exp.orgId);
    // Move the schedule on first, so a failure to start is not retried every 15 minutes.
    await tenant.update(
      ttdExports,
      { nextRunAt: nextRunAt(exp.schedule, await timeZoneOf(tenant), now) },
      eq(ttdExports.id, exp.id),
    );
    try {
      const outcome = await startExportRun(deps, exp.orgId, exp.id, { trigger: 'schedule' });
      if (outcome.ok) started++;
      else skipped++;
    } catch (error) {
      failed++;
      deps.log.warn('scheduled export could not start', {
        orgId: exp.orgId,
        exportId: exp.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { due: due.length, started, skipped, failed };
}

export async function timeZoneOf(tenant: TenantDb): Promise<string> {
  const rows = await tenant.withScopedQuery((db) =>
    db
      .select({ timeZone: organizations.timeZone })
      .from(organizations)
      .where(eq(organizations.id, tenant.orgId)),
  );
  return rows[0]?.timeZone ?? 'UTC';
}

/**
 * After a UID2 run found new opt-outs: every export that holds members runs a removal-only pass,
 * so opted-out people leave TTD now rather than at the next scheduled run.
 */
export async function removeOptedOut(deps: Deps, run: typeof identityRuns.$inferSelect) {
  if (run.optedOut === 0) return;
  const tenant = new TenantDb(deps.db, run.orgId);
  // Only people who had a UID2 before can be in TTD: a first mapping that says "optout" (an upload
  // of someone who opted out long ago) needs no removal pass.
  const wasMapped = await tenant.withScopedQuery((db) =>
    db.$client.execute({
      sql: `SELECT 1 FROM identities WHERE org_id = ? AND status = 'optout'
              AND opted_out_at >= ? AND prev_uid2 IS NOT NULL LIMIT 1`,
      args: [run.orgId, run.startedAt],
    }),
  );
  if (wasMapped.rows.length === 0) return;
  const exports = await tenant.withScopedQuery((db) =>
    db.$client.execute({
      sql: `SELECT e.id FROM ttd_exports e WHERE e.org_id = ?
              AND EXISTS (SELECT 1 FROM ttd_export_members m WHERE m.export_id = e.id)`,
      args: [run.orgId],
    }),
  );
  for (const row of exports.rows)
    await startExportRun(deps, run.orgId, String(row.id), { trigger: 'optout' }).catch((error) =>
      deps.log.warn('opt-out removal could not start', {
        orgId: run.orgId,
        exportId: String(row.id),
        error: error instanceof Error ? error.message : String(error),
      }),
    );
}
