import { desc, eq } from 'drizzle-orm';
import type {
  IdentityKindStats,
  IdentityRunView,
  Uid2Overview,
  Uid2SettingsInput,
} from '../../core/contracts/activation';
import {
  identityQuality,
  qualityBand,
  type QualityBand,
} from '../../core/activation/identity-quality';
import { secretKeysOf } from '../config';
import { identityRuns, uid2Settings } from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { RetryLaterError } from '../integrations/errors';
import { Uid2ApiError } from '../integrations/uid2/client';
import { EnvelopeError } from '../integrations/uid2/envelope';
import { AppError } from '../lib/errors';
import { sealSecret, secretHint } from '../lib/secrets';
import { recordAudit, type AuditActor } from './audit';
import { clientFor, type Uid2ConnectionOptions } from './identity-map';

type RunRow = typeof identityRuns.$inferSelect;

// sha256("validate@example.com"): UID2's documented test identity, mapped to check credentials.
const VALIDATE_EMAIL_HASH = 'ntI244ZRTXwAwpki6/M5cyBYW7h/Wq576lnN3l9+W/c=';

/** A share to three decimals, or null when there is nothing to divide by. */
export const rate = (numerator: number, denominator: number) =>
  denominator > 0 ? Math.round((numerator / denominator) * 1000) / 1000 : null;

export function identityRunView(run: RunRow): IdentityRunView {
  return {
    id: run.id,
    trigger: run.trigger,
    status: run.status,
    phase: run.phase,
    requests: run.requests,
    sent: run.sent,
    mapped: run.mapped,
    optedOut: run.optedOut,
    invalid: run.invalid,
    changed: run.changed,
    matchRate: rate(run.mapped, run.sent),
    error: run.error,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}

/**
 * Saves the UID2 connection. New credentials are proven with one identity-map call (UID2's
 * `validate@example.com` test identity) before they are sealed; refused ones store nothing.
 */
export async function saveUid2Settings(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  input: Uid2SettingsInput,
  options: Uid2ConnectionOptions = {},
): Promise<Uid2Overview['settings']> {
  const existing = await tenant.first(uid2Settings);
  if (!existing && !input.credentials)
    throw new AppError(400, 'invalid_credentials', 'Enter the UID2 API key and client secret');
  let credentials = existing?.credentials ?? null;
  let credentialsHint = existing?.credentialsHint ?? null;
  if (input.credentials) {
    try {
      await clientFor(deps, input.credentials, options).identityMap({
        email_hash: [VALIDATE_EMAIL_HASH],
      });
    } catch (error) {
      if (error instanceof Uid2ApiError || error instanceof EnvelopeError)
        throw new AppError(422, 'uid2_refused', error.message);
      if (error instanceof RetryLaterError)
        throw new AppError(502, 'uid2_unavailable', `Could not reach UID2: ${error.message}`);
      throw error;
    }
    credentials = await sealSecret(
      secretKeysOf(deps.config),
      tenant.orgId,
      JSON.stringify(input.credentials),
    );
    credentialsHint = secretHint(input.credentials.apiKey);
  }
  const row = {
    orgId: tenant.orgId,
    enabled: input.enabled ?? existing?.enabled ?? true,
    credentials,
    credentialsHint,
    mapAfterUpload: input.mapAfterUpload ?? existing?.mapAfterUpload ?? true,
    updatedAt: deps.now(),
    updatedBy: actor.id,
  };
  const { orgId: _org, ...values } = row;
  await tenant.withScopedQuery((db) =>
    db
      .insert(uid2Settings)
      .values(row)
      .onConflictDoUpdate({ target: uid2Settings.orgId, set: values }),
  );
  await recordAudit(deps, tenant, actor, {
    action: 'uid2.settings_updated',
    targetType: 'integration',
    targetId: 'uid2',
    summary: {
      fields: Object.keys(input).filter((k) => k !== 'credentials'),
      credentialsChanged: input.credentials !== undefined,
    },
  });
  return settingsView(row);
}

function settingsView(row: typeof uid2Settings.$inferSelect | undefined): Uid2Overview['settings'] {
  return {
    configured: Boolean(row?.credentials),
    enabled: row?.enabled ?? false,
    credentialsHint: row?.credentialsHint ?? null,
    mapAfterUpload: row?.mapAfterUpload ?? true,
    updatedAt: row?.updatedAt ?? null,
  };
}

export async function listIdentityRuns(tenant: TenantDb, limit = 20): Promise<IdentityRunView[]> {
  const runs = await tenant.withScopedQuery((db, scope) =>
    db
      .select()
      .from(identityRuns)
      .where(scope(identityRuns))
      .orderBy(desc(identityRuns.startedAt))
      .limit(limit),
  );
  return runs.map(identityRunView);
}

interface QualityGroup {
  mapped: number;
  optout: number;
  day: number;
  has_id: number;
  n: number;
}

/** Contacts grouped by what their identities look like: the base of the dashboard and of reach. */
export const CONTACT_IDENTITY_JOIN = `
  LEFT JOIN identities e ON e.org_id = c.org_id AND e.kind = 'email' AND e.hash = c.email_hash
  LEFT JOIN identities p ON p.org_id = c.org_id AND p.kind = 'phone' AND p.hash = c.phone_hash`;

/** The UID2 page: settings, match rates per identifier type, quality bands, runs. */
export async function uid2Overview(
  deps: Pick<Deps, 'now'>,
  tenant: TenantDb,
): Promise<Uid2Overview> {
  const now = deps.now();
  const [settings, kindRows, groups, dueRows, runs] = await Promise.all([
    tenant.first(uid2Settings),
    tenant.withScopedQuery((db) =>
      db.$client.execute({
        sql: 'SELECT kind, status, COUNT(*) AS n FROM identities WHERE org_id = ? GROUP BY kind, status',
        args: [tenant.orgId],
      }),
    ),
    tenant.withScopedQuery((db) =>
      db.$client.execute({
        sql: `SELECT COALESCE(e.status = 'mapped', 0) + COALESCE(p.status = 'mapped', 0) AS mapped,
                     COALESCE(e.status = 'optout', 0) OR COALESCE(p.status = 'optout', 0) AS optout,
                     MAX(COALESCE(e.mapped_at, 0), COALESCE(p.mapped_at, 0)) / 86400000 AS day,
                     c.email_hash IS NOT NULL OR c.phone_hash IS NOT NULL AS has_id,
                     COUNT(*) AS n
              FROM contacts c ${CONTACT_IDENTITY_JOIN}
              WHERE c.org_id = ? GROUP BY 1, 2, 3, 4`,
        args: [tenant.orgId],
      }),
    ),
    tenant.withScopedQuery((db) =>
      db.$client.execute({
        sql: `SELECT COUNT(*) AS n FROM identities
              WHERE org_id = ? AND status = 'mapped' AND refresh_after <= ?`,
        args: [tenant.orgId, now],
      }),
    ),
    listIdentityRuns(tenant, 10),
  ]);

  const kinds: IdentityKindStats[] = (['email', 'phone'] as const).map((kind) => {
    const of = (status: string) =>
      Number(kindRows.rows.find((r) => r.kind === kind && r.status === status)?.n ?? 0);
    const [mapped, optedOut, invalid, pending] = ['mapped', 'optout', 'invalid', 'pending'].map(
      of,
    ) as [number, number, number, number];
    const total = mapped + optedOut + invalid + pending;
    return {
      kind,
      total,
      mapped,
      optedOut,
      invalid,
      pending,
      matchRate: rate(mapped, total - pending),
    };
  });

  const bands: Record<QualityBand, number> = { none: 0, low: 0, medium: 0, high: 0 };
  let total = 0;
  let withIdentifier = 0;
  let reachable = 0;
  for (const row of groups.rows as unknown as QualityGroup[]) {
    const n = Number(row.n);
    total += n;
    if (Number(row.has_id)) withIdentifier += n;
    const optedOut = Number(row.optout) === 1;
    if (Number(row.mapped) > 0 && !optedOut) reachable += n;
    const score = identityQuality(
      {
        mapped: Number(row.mapped),
        newestMappedAt: Number(row.day) > 0 ? Number(row.day) * 86_400_000 : null,
        optedOut,
      },
      now,
    );
    bands[qualityBand(score)] += n;
  }
  const finished = runs.find((r) => r.status === 'succeeded');
  return {
    settings: settingsView(settings),
    kinds,
    contacts: { total, withIdentifier, reachable, matchRate: rate(reachable, withIdentifier) },
    quality: (['none', 'low', 'medium', 'high'] as const).map((band) => ({
      band,
      contacts: bands[band],
    })),
    due: Number(dueRows.rows[0]?.n ?? 0),
    lastRefreshAt: finished?.finishedAt ?? null,
    running: runs.find((r) => r.status === 'running') ?? null,
    runs,
  };
}

export async function latestIdentityRun(tenant: TenantDb, runId: string) {
  const run = await tenant.first(identityRuns, eq(identityRuns.id, runId));
  if (!run) throw new AppError(404, 'not_found', 'No such UID2 run');
  return identityRunView(run);
}
