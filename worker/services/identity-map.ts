import type { InStatement } from '@libsql/client';
import { and, eq } from 'drizzle-orm';
import type { Uid2MapMessage } from '../../core/contracts/queue-messages';
import type { Uid2V3Entry } from '../../core/contracts/uid2-wire';
import { secretKeysOf } from '../config';
import { identityRuns, uid2Settings } from '../db/schema';
import { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { Uid2ApiError, Uid2Client, type Uid2Credentials } from '../integrations/uid2/client';
import { toBase64 } from '../integrations/uid2/envelope';
import { openSecret } from '../lib/secrets';
import { recordAudit, type AuditActor } from './audit';
import { commitIfCurrent, deliveryOf, runSteps } from './run-steps';
import { removeOptedOut } from './ttd-export';

/*
 * UID2 mapping runs (ADR 0015). A run first discovers the organisation's hashed identifiers
 * (contacts → `identities`, by contact id range), then maps those that are new or whose refresh
 * time has passed, in batches of ≤ 5,000 sent one after another. Each step commits its writes with
 * a compare-and-set on the run's step count, so a re-delivered message never counts twice, and a
 * crash resumes from the last committed step.
 */

type RunRow = typeof identityRuns.$inferSelect;
type SettingsRow = typeof uid2Settings.$inferSelect;

export interface Uid2ConnectionOptions {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const DISCOVER_CONTACTS = 50_000;
const STEPS_PER_MESSAGE = 25;
const MESSAGE_BUDGET_MS = 20_000;

interface MapCursor {
  /** The highest contact id discovered: contacts above it arrived during the run. */
  contacts: number;
  kind: string;
  hash: string;
}

export type StartIdentityOutcome =
  { ok: true; runId: string } | { ok: false; reason: 'not_configured' | 'already_running' };

/** Opens the organisation's sealed credentials: a client, or null when none are stored. */
export async function uid2Client(
  deps: Pick<Deps, 'config' | 'now'>,
  settings: SettingsRow,
  options: Uid2ConnectionOptions = {},
  onCall?: () => void,
): Promise<Uid2Client | null> {
  if (!settings.credentials) return null;
  const plain = await openSecret(secretKeysOf(deps.config), settings.orgId, settings.credentials);
  if (plain === null) return null;
  return clientFor(deps, JSON.parse(plain) as Uid2Credentials, options, onCall);
}

export function clientFor(
  deps: Pick<Deps, 'config' | 'now'>,
  credentials: Uid2Credentials,
  options: Uid2ConnectionOptions = {},
  onCall?: () => void,
): Uid2Client {
  return new Uid2Client(
    deps.config.UID2_API_URL.replace(/\/+$/, ''),
    credentials,
    {
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      random: options.random ?? Math.random,
      // Sequential by construction (one message in flight per run): nothing to wait for here.
      limiter: { acquire: async () => 0 },
      now: deps.now,
      onCall,
    },
    {
      service: 'UID2',
      timeoutMs: deps.config.UID2_TIMEOUT_MS,
      attempts: 5,
      baseDelayMs: 200,
      maxDelayMs: 15_000,
      maxInlineWaitMs: 15_000,
    },
  );
}

/** Starts a run (one per organisation at a time) and queues its first step. */
export async function startIdentityRun(
  deps: Deps,
  orgId: string,
  options: { trigger: RunRow['trigger']; uploadId?: string; actor?: AuditActor },
): Promise<StartIdentityOutcome> {
  const tenant = new TenantDb(deps.db, orgId);
  const settings = await tenant.first(uid2Settings);
  if (!settings?.credentials || !settings.enabled) return { ok: false, reason: 'not_configured' };
  const runId = deps.newId();
  const now = deps.now();
  const claimed = await tenant.withScopedQuery((db) =>
    db
      .insert(identityRuns)
      .values({
        id: runId,
        orgId,
        trigger: options.trigger,
        uploadId: options.uploadId ?? null,
        requestedBy: options.actor?.id ?? null,
        status: 'running',
        phase: 'discover',
        cursor: '0',
        dueBefore: now,
        startedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: identityRuns.id }),
  );
  if (claimed.length === 0) return { ok: false, reason: 'already_running' };
  await deps.sync.send({ type: 'uid2.map', orgId, runId, step: 0 } satisfies Uid2MapMessage);
  if (options.actor)
    await recordAudit(deps, tenant, options.actor, {
      action: 'uid2.map_requested',
      targetType: 'identity_run',
      targetId: runId,
      summary: { trigger: options.trigger },
    });
  return { ok: true, runId };
}

/** After an upload finishes: map its new identifiers, if the organisation asked for that. */
export async function mapAfterUpload(deps: Deps, orgId: string, uploadId: string): Promise<void> {
  const tenant = new TenantDb(deps.db, orgId);
  const settings = await tenant.first(uid2Settings);
  if (!settings?.mapAfterUpload) return;
  // Already running: its last step notices contacts that arrived meanwhile and starts again.
  await startIdentityRun(deps, orgId, { trigger: 'upload', uploadId });
}

/** Processes one `uid2.map` message: up to STEPS_PER_MESSAGE steps, then hands on. */
export async function processIdentityStep(
  deps: Deps,
  message: Uid2MapMessage,
  options: Uid2ConnectionOptions = {},
): Promise<void> {
  const tenant = new TenantDb(deps.db, message.orgId);
  const loaded = await tenant.first(identityRuns, eq(identityRuns.id, message.runId));
  if (!loaded || loaded.status !== 'running') return;
  let run: RunRow = loaded;
  const delivery = deliveryOf(loaded, message.step);
  if (delivery === 'hand-off') await handOff(deps, loaded);
  if (delivery !== 'run') return;
  const settings = await tenant.first(uid2Settings);
  let requests = 0;
  const client = settings ? await uid2Client(deps, settings, options, () => requests++) : null;
  if (!settings?.enabled || !client) {
    await finish(deps, tenant, run, 'failed', 'UID2 is no longer configured');
    return;
  }
  let last: RunRow | null;
  try {
    last = await runSteps(
      run,
      async (current) => {
        run = current;
        return current.phase === 'discover'
          ? discoverStep(deps, tenant, current)
          : mapStep(deps, tenant, current, client, () => requests);
      },
      { steps: STEPS_PER_MESSAGE, ms: MESSAGE_BUDGET_MS },
    );
  } catch (error) {
    if (error instanceof Uid2ApiError) {
      await finish(deps, tenant, run, 'failed', error.message);
      return;
    }
    throw error;
  }
  if (last) await handOff(deps, last);
}

async function handOff(deps: Deps, run: RunRow): Promise<void> {
  await deps.sync.send({
    type: 'uid2.map',
    orgId: run.orgId,
    runId: run.id,
    step: run.steps,
  } satisfies Uid2MapMessage);
  await deps.db
    .update(identityRuns)
    .set({ handedOff: run.steps })
    .where(and(eq(identityRuns.id, run.id), eq(identityRuns.orgId, run.orgId)));
}

/** Commits a step: the writes, then the run's counters, atomically and only once. */
async function commitStep(
  tenant: TenantDb,
  run: RunRow,
  writes: InStatement[],
  update: Partial<RunRow>,
): Promise<RunRow | 'lost'> {
  const next = { ...run, ...update, steps: run.steps + 1 };
  const cas: InStatement = {
    sql: `UPDATE identity_runs SET steps = steps + 1, phase = ?, cursor = ?, requests = ?, sent = ?,
            mapped = ?, opted_out = ?, invalid = ?, changed = ?
          WHERE id = ? AND org_id = ? AND steps = ? AND status = 'running'`,
    args: [
      next.phase,
      next.cursor,
      next.requests,
      next.sent,
      next.mapped,
      next.optedOut,
      next.invalid,
      next.changed,
      run.id,
      run.orgId,
      run.steps,
    ],
  };
  if (!(await commitIfCurrent(tenant, cas, writes))) return 'lost';
  return next;
}

async function discoverStep(
  deps: Deps,
  tenant: TenantDb,
  run: RunRow,
): Promise<RunRow | 'lost' | 'done'> {
  const after = Number(run.cursor ?? 0);
  const maxId = await maxContactId(tenant);
  const upTo = Math.min(after + DISCOVER_CONTACTS, maxId);
  const now = deps.now();
  const insert = (kind: 'email' | 'phone'): InStatement => ({
    sql: `INSERT INTO identities (org_id, kind, hash, status, created_at, updated_at)
          SELECT org_id, '${kind}', ${kind}_hash, 'pending', ?, ? FROM contacts
          WHERE org_id = ? AND id > ? AND id <= ? AND ${kind}_hash IS NOT NULL
          ON CONFLICT DO NOTHING`,
    args: [now, now, tenant.orgId, after, upTo],
  });
  const finished = upTo >= maxId;
  return commitStep(tenant, run, upTo > after ? [insert('email'), insert('phone')] : [], {
    phase: finished ? 'map' : 'discover',
    cursor: finished
      ? JSON.stringify({ contacts: maxId, kind: '', hash: '' } satisfies MapCursor)
      : String(upTo),
  });
}

async function maxContactId(tenant: TenantDb): Promise<number> {
  const result = await tenant.withScopedQuery((db) =>
    db.$client.execute({
      sql: 'SELECT COALESCE(MAX(id), 0) AS id FROM contacts WHERE org_id = ?',
      args: [tenant.orgId],
    }),
  );
  return Number(result.rows[0]?.id ?? 0);
}

interface DueIdentity {
  kind: 'email' | 'phone';
  hash: string; // hex
  status: string;
  uid2: string | null;
}

async function mapStep(
  deps: Deps,
  tenant: TenantDb,
  run: RunRow,
  client: Uid2Client,
  requestsSoFar: () => number,
): Promise<RunRow | 'lost' | 'done'> {
  const cursor = JSON.parse(run.cursor!) as MapCursor;
  const due = await tenant.withScopedQuery((db) =>
    db.$client.execute({
      // The hex column is not called `hash`: ORDER BY would sort by it (a temporary B-tree over
      // every remaining row, per batch) instead of walking the primary key.
      sql: `SELECT i.kind, hex(i.hash) AS hash_hex, i.status, i.uid2 FROM identities i
            WHERE i.org_id = ? AND (i.kind, i.hash) > (?, unhex(?))
              AND (i.status = 'pending' OR (i.status = 'mapped' AND i.refresh_after <= ?))
            ORDER BY i.kind, i.hash LIMIT ?`,
      args: [tenant.orgId, cursor.kind, cursor.hash, run.dueBefore, deps.config.UID2_BATCH_ITEMS],
    }),
  );
  const batch = (
    due.rows as unknown as Array<Omit<DueIdentity, 'hash'> & { hash_hex: string }>
  ).map(({ hash_hex, ...row }) => ({ ...row, hash: hash_hex }));
  if (batch.length === 0) {
    await finish(deps, tenant, run, 'succeeded', null, cursor.contacts);
    return 'done';
  }
  const callsBefore = requestsSoFar();
  const emails = batch.filter((b) => b.kind === 'email');
  const phones = batch.filter((b) => b.kind === 'phone');
  const base64 = (hex: string) => toBase64(hexBytes(hex));
  const answer = await client.identityMap({
    email_hash: emails.map((b) => base64(b.hash)),
    phone_hash: phones.map((b) => base64(b.hash)),
  });
  const now = deps.now();
  const counts = { mapped: 0, optedOut: 0, invalid: 0, changed: 0 };
  const updates: unknown[][] = [];
  const apply = (rows: DueIdentity[], entries: Uid2V3Entry[]) =>
    rows.forEach((row, i) => {
      const entry = entries[i]!;
      if ('u' in entry) {
        counts.mapped++;
        if (row.status === 'mapped' && row.uid2 !== entry.u) counts.changed++;
        const previous = entry.p ?? (row.uid2 && row.uid2 !== entry.u ? row.uid2 : null);
        updates.push([row.kind, row.hash, 'mapped', entry.u, previous, entry.r * 1000]);
      } else if (entry.e === 'optout') {
        counts.optedOut++;
        updates.push([row.kind, row.hash, 'optout', null, row.uid2, null]);
      } else {
        counts.invalid++;
        updates.push([row.kind, row.hash, 'invalid', null, row.uid2, null]);
      }
    });
  apply(emails, answer.email_hash);
  apply(phones, answer.phone_hash);
  const last = batch[batch.length - 1]!;
  // An upsert, not UPDATE … FROM json_each: SQLite plans that join as a scan of `identities` per
  // answer (minutes at 50k identities); the upsert looks each row up by its primary key.
  const write: InStatement = {
    sql: `INSERT INTO identities (org_id, kind, hash, status, uid2, prev_uid2, refresh_after,
            mapped_at, opted_out_at, optout_source, created_at, updated_at)
          SELECT ?3, value ->> 0, unhex(value ->> 1), value ->> 2, value ->> 3, value ->> 4,
            value ->> 5, ?1, ?1, 'uid2', ?1, ?1
          FROM json_each(?2) WHERE true
          ON CONFLICT (org_id, kind, hash) DO UPDATE SET
            status = excluded.status,
            uid2 = excluded.uid2,
            prev_uid2 = excluded.prev_uid2,
            refresh_after = excluded.refresh_after,
            mapped_at = CASE WHEN excluded.status = 'mapped' THEN ?1 ELSE identities.mapped_at END,
            opted_out_at = CASE WHEN excluded.status = 'optout' THEN ?1 ELSE NULL END,
            optout_source = CASE WHEN excluded.status = 'optout' THEN 'uid2' ELSE NULL END,
            updated_at = ?1
          WHERE identities.optout_source IS NOT 'dsr'`,
    args: [now, JSON.stringify(updates), tenant.orgId],
  };
  return commitStep(tenant, run, [write], {
    cursor: JSON.stringify({ ...cursor, kind: last.kind, hash: last.hash } satisfies MapCursor),
    requests: run.requests + (requestsSoFar() - callsBefore),
    sent: run.sent + batch.length,
    mapped: run.mapped + counts.mapped,
    optedOut: run.optedOut + counts.optedOut,
    invalid: run.invalid + counts.invalid,
    changed: run.changed + counts.changed,
  });
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

async function finish(
  deps: Deps,
  tenant: TenantDb,
  run: RunRow,
  status: 'succeeded' | 'failed',
  error: string | null,
  discoveredUpTo?: number,
): Promise<void> {
  const changed = await tenant.update(
    identityRuns,
    { status, error, finishedAt: deps.now() },
    and(eq(identityRuns.id, run.id), eq(identityRuns.status, 'running')),
  );
  if (!changed) return;
  deps.log.info('uid2 run finished', {
    orgId: run.orgId,
    runId: run.id,
    status,
    sent: run.sent,
    mapped: run.mapped,
    optedOut: run.optedOut,
    invalid: run.invalid,
    requests: run.requests,
  });
  if (status !== 'succeeded') return;
  // Newly opted-out people leave The Trade Desk now, not at the next scheduled export.
  await removeOptedOut(deps, run);
  // Contacts that arrived while this run mapped (an upload finished meanwhile) get their own run.
  if (discoveredUpTo !== undefined && (await maxContactId(tenant)) > discoveredUpTo)
    await startIdentityRun(deps, run.orgId, { trigger: 'upload' });
}

/** The DLQ gave up on a step: the run fails with that reason rather than spinning forever. */
export async function failDeadIdentityRun(deps: Deps, orgId: string, runId: string) {
  const tenant = new TenantDb(deps.db, orgId);
  const run = await tenant.first(identityRuns, eq(identityRuns.id, runId));
  if (run?.status === 'running')
    await finish(deps, tenant, run, 'failed', 'A step kept failing and was given up');
}

/** The daily `uid2-refresh` job: a run for every organisation with UID2 enabled. */
export async function refreshIdentities(deps: Deps): Promise<Record<string, unknown>> {
  const settings = await deps.db
    .select({ orgId: uid2Settings.orgId })
    .from(uid2Settings)
    .where(eq(uid2Settings.enabled, true));
  let started = 0;
  let running = 0;
  for (const { orgId } of settings) {
    const outcome = await startIdentityRun(deps, orgId, { trigger: 'schedule' });
    if (outcome.ok) started++;
    else if (outcome.reason === 'already_running') running++;
  }
  return { organisations: settings.length, started, alreadyRunning: running };
}
