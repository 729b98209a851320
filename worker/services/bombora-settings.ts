import { eq, inArray } from 'drizzle-orm';
import type { BomboraSettingsInput, BomboraSettingsView } from '../../core/contracts/intent';
import { DEFAULT_SURGE_THRESHOLD } from '../../core/intent/scores';
import { secretKeysOf } from '../config';
import { bomboraSettings, intentTopics } from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { BomboraIntentClient } from '../integrations/bombora/client';
import { BomboraApiError } from '../integrations/bombora/errors';
import { RetryLaterError } from '../integrations/errors';
import { DEFAULT_RETRY, type HttpDeps } from '../integrations/http';
import {
  BomboraLegacyClient,
  LEGACY_CALLS_PER_MINUTE,
} from '../integrations/bombora/legacy-client';
import { callsToday, usageLimiter } from '../integrations/bombora/usage-limiter';
import { AppError } from '../lib/errors';
import { openSecret, sealSecret, secretHint } from '../lib/secrets';
import { recordAudit, type AuditActor } from './audit';

type SettingsRow = typeof bomboraSettings.$inferSelect;

const DEFAULT_VIEW: Omit<BomboraSettingsView, 'callsToday'> = {
  configured: false,
  enabled: false,
  mode: 'intent',
  credentialsHint: null,
  topicIds: [],
  surgeThreshold: DEFAULT_SURGE_THRESHOLD,
  onlyKnownDomains: false,
  enrichCompanies: true,
  dailyCallQuota: 5000,
  alertWebhookHint: null,
  updatedAt: null,
};

export const topicIdsOf = (row: Pick<SettingsRow, 'topicIds'>): string[] =>
  JSON.parse(row.topicIds) as string[];

export async function getBomboraSettings(
  deps: Pick<Deps, 'now'>,
  tenant: TenantDb,
): Promise<BomboraSettingsView> {
  const row = await tenant.first(bomboraSettings);
  const calls = await tenant.withScopedQuery((db) => callsToday(db, tenant.orgId, deps.now()));
  if (!row) return { ...DEFAULT_VIEW, callsToday: calls };
  return {
    configured: row.credentials !== null,
    enabled: row.enabled,
    mode: row.mode,
    credentialsHint: row.credentialsHint,
    topicIds: topicIdsOf(row),
    surgeThreshold: row.surgeThreshold,
    onlyKnownDomains: row.onlyKnownDomains,
    enrichCompanies: row.enrichCompanies,
    dailyCallQuota: row.dailyCallQuota,
    callsToday: calls,
    alertWebhookHint: row.alertWebhookHint,
    updatedAt: row.updatedAt,
  };
}

/** A live connection to Bombora for one organisation: its settings and clients. */
export interface BomboraConnection {
  settings: SettingsRow;
  mode: 'intent' | 'legacy';
  intent: BomboraIntentClient | null;
  legacy: BomboraLegacyClient | null;
  /** Requests sent so far through this connection (retries included). */
  calls(): number;
}

export interface ConnectionOptions {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Opens the organisation's stored credentials and builds the client for its mode. */
export async function bomboraConnection(
  deps: Pick<Deps, 'db' | 'config' | 'now'>,
  settings: SettingsRow,
  options: ConnectionOptions = {},
): Promise<BomboraConnection | null> {
  if (!settings.credentials) return null;
  const plain = await openSecret(secretKeysOf(deps.config), settings.orgId, settings.credentials);
  if (plain === null) return null;
  return connect(deps, settings, JSON.parse(plain) as Record<string, string>, options);
}

function connect(
  deps: Pick<Deps, 'db' | 'config' | 'now'>,
  settings: SettingsRow,
  credentials: Record<string, string>,
  options: ConnectionOptions,
): BomboraConnection {
  let calls = 0;
  const legacy = settings.mode === 'legacy';
  const http: HttpDeps & { now: () => number } = {
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    random: options.random ?? Math.random,
    now: deps.now,
    onCall: () => void calls++,
    limiter: usageLimiter(
      deps.db,
      settings.orgId,
      {
        perMinute: legacy ? LEGACY_CALLS_PER_MINUTE : deps.config.BOMBORA_CALLS_PER_MINUTE,
        perEndpoint: legacy,
        dailyQuota: settings.dailyCallQuota,
      },
      deps.now,
    ),
  };
  const policy = {
    ...DEFAULT_RETRY,
    service: 'Bombora',
    timeoutMs: deps.config.BOMBORA_TIMEOUT_MS,
  };
  return {
    settings,
    mode: settings.mode,
    intent: legacy
      ? null
      : new BomboraIntentClient(
          deps.config.BOMBORA_API_URL,
          { clientId: credentials.clientId ?? '', clientSecret: credentials.clientSecret ?? '' },
          http,
          policy,
        ),
    legacy: legacy
      ? new BomboraLegacyClient(
          deps.config.BOMBORA_LEGACY_API_URL,
          { username: credentials.username ?? '', password: credentials.password ?? '' },
          http,
          policy,
        )
      : null,
    calls: () => calls,
  };
}

/**
 * Saves the organisation's Bombora settings. New credentials are checked against Bombora before
 * they are stored (sealed), and the topic taxonomy is loaded with them; secrets never come back.
 */
export async function saveBomboraSettings(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  input: BomboraSettingsInput,
  options: ConnectionOptions = {},
): Promise<BomboraSettingsView> {
  const existing = await tenant.first(bomboraSettings);
  const mode = input.mode ?? existing?.mode ?? 'intent';
  const keys = secretKeysOf(deps.config);
  if (input.credentials) {
    const wanted = mode === 'legacy' ? 'username' : 'clientId';
    if (!(wanted in input.credentials))
      throw new AppError(
        400,
        'invalid_credentials',
        mode === 'legacy'
          ? 'The legacy API signs in with a username and password'
          : 'The Intent API signs in with a client id and secret',
      );
  } else if (existing && input.mode && input.mode !== existing.mode) {
    throw new AppError(400, 'invalid_credentials', 'Enter the credentials for the new API mode');
  }

  const row: SettingsRow = {
    orgId: tenant.orgId,
    mode,
    enabled: input.enabled ?? existing?.enabled ?? true,
    credentials: existing?.credentials ?? null,
    credentialsHint: existing?.credentialsHint ?? null,
    topicIds: input.topicIds
      ? JSON.stringify([...new Set(input.topicIds)])
      : (existing?.topicIds ?? '[]'),
    surgeThreshold: input.surgeThreshold ?? existing?.surgeThreshold ?? DEFAULT_SURGE_THRESHOLD,
    onlyKnownDomains: input.onlyKnownDomains ?? existing?.onlyKnownDomains ?? false,
    enrichCompanies: input.enrichCompanies ?? existing?.enrichCompanies ?? true,
    dailyCallQuota: input.dailyCallQuota ?? existing?.dailyCallQuota ?? 5000,
    alertWebhook: existing?.alertWebhook ?? null,
    alertWebhookHint: existing?.alertWebhookHint ?? null,
    lastStaleAlertAt: existing?.lastStaleAlertAt ?? null,
    updatedAt: deps.now(),
    updatedBy: actor.id,
  };

  if (input.credentials) {
    const creds = input.credentials as Record<string, string>;
    const connection = connect(deps, row, creds, options);
    try {
      await (connection.intent ?? connection.legacy)!.verify();
      if (connection.intent) await storeTaxonomy(deps, await connection.intent.topics());
    } catch (error) {
      if (error instanceof BomboraApiError && (error.status === 401 || error.status === 403))
        throw new AppError(
          400,
          'bombora_refused',
          `Bombora refused these credentials (${error.status})`,
        );
      if (error instanceof BomboraApiError || error instanceof RetryLaterError)
        throw new AppError(502, 'bombora_unavailable', `Could not reach Bombora: ${error.message}`);
      throw error;
    }
    row.credentials = await sealSecret(keys, tenant.orgId, JSON.stringify(creds));
    row.credentialsHint = secretHint(creds.clientId ?? creds.username ?? '');
  }
  if (input.alertWebhookUrl !== undefined) {
    row.alertWebhook =
      input.alertWebhookUrl === null
        ? null
        : await sealSecret(keys, tenant.orgId, input.alertWebhookUrl);
    row.alertWebhookHint =
      input.alertWebhookUrl === null ? null : webhookHint(input.alertWebhookUrl);
  }
  if (input.topicIds?.length) await assertKnownTopics(tenant, input.topicIds);

  const { orgId: _org, ...values } = row;
  await tenant.withScopedQuery((db) =>
    db
      .insert(bomboraSettings)
      .values(row)
      .onConflictDoUpdate({ target: bomboraSettings.orgId, set: values }),
  );
  await recordAudit(deps, tenant, actor, {
    action: 'bombora.settings_updated',
    targetType: 'integration',
    targetId: 'bombora',
    summary: {
      fields: Object.keys(input).filter((k) => k !== 'credentials' && k !== 'alertWebhookUrl'),
      credentialsChanged: input.credentials !== undefined,
      webhookChanged: input.alertWebhookUrl !== undefined,
      topics: topicIdsOf(row).length,
    },
  });
  return getBomboraSettings(deps, tenant);
}

/** `https://hooks.slack.com/…`: enough to recognise a webhook, not to call it. */
export const webhookHint = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}/…`;
};

async function assertKnownTopics(tenant: TenantDb, topicIds: string[]) {
  // The taxonomy is shared reference data (no organisation column).
  const found = await tenant.withScopedQuery((db) =>
    db
      .select({ id: intentTopics.id })
      .from(intentTopics)
      .where(inArray(intentTopics.id, [...new Set(topicIds)])),
  );
  const known = new Set(found.map((t) => t.id));
  const unknown = topicIds.filter((id) => !known.has(id));
  if (unknown.length)
    throw new AppError(
      400,
      'unknown_topic',
      `Unknown intent topics: ${unknown.slice(0, 5).join(', ')}`,
    );
}

/** Bombora's taxonomy is reference data, the same for every organisation: upserted as a whole. */
export async function storeTaxonomy(
  deps: Pick<Deps, 'db'>,
  topics: {
    id: string;
    name: string;
    theme: string;
    category: string;
    description?: string | null | undefined;
  }[],
): Promise<void> {
  if (topics.length === 0) return;
  await deps.db.$client.execute({
    sql: `INSERT INTO intent_topics (id, name, category, theme, description)
          SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4 FROM json_each(?) AS j
          WHERE true
          ON CONFLICT (id) DO UPDATE SET name = excluded.name, category = excluded.category,
            theme = excluded.theme, description = excluded.description`,
    args: [
      JSON.stringify(topics.map((t) => [t.id, t.name, t.category, t.theme, t.description ?? null])),
    ],
  });
}

/** Every organisation with a Bombora connection switched on (the scheduled refresh's list). */
export async function enabledBomboraOrgs(deps: Pick<Deps, 'db'>): Promise<SettingsRow[]> {
  const rows = await deps.db
    .select()
    .from(bomboraSettings)
    .where(eq(bomboraSettings.enabled, true));
  return rows.filter((r) => r.credentials !== null);
}

/** The organisation's webhook URL, opened (null when none is set or it no longer opens). */
export async function alertWebhookOf(
  deps: Pick<Deps, 'config'>,
  settings: SettingsRow,
): Promise<string | null> {
  if (!settings.alertWebhook) return null;
  return openSecret(secretKeysOf(deps.config), settings.orgId, settings.alertWebhook);
}
