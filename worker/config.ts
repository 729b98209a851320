import { z } from 'zod';
import { AppError } from './lib/errors';

function isKey32(v: string): boolean {
  try {
    return atob(v).length === 32;
  } catch {
    return false;
  }
}

/**
 * `env` is an edge like any other: validate it once, with a message that names the missing or
 * malformed key (never its value).
 */
const ConfigSchema = z.object({
  APP_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  TURSO_DATABASE_URL: z
    .string({ error: 'TURSO_DATABASE_URL is not set (see .dev.vars.example)' })
    .regex(
      /^(libsql|https?|wss?):\/\//,
      'TURSO_DATABASE_URL must be a libsql://, https:// or http:// URL',
    ),
  TURSO_AUTH_TOKEN: z.string().optional(),
  SESSION_SECRET: z
    .string({ error: 'SESSION_SECRET is not set (see .dev.vars.example)' })
    .min(32, 'SESSION_SECRET must be at least 32 characters')
    .refine((v) => !v.startsWith('replace-me'), 'SESSION_SECRET still has the placeholder value'),
  APP_COMMIT: z.string().optional(),
  /** Largest upload an organisation may send unless it has its own limit (default 5 GB). */
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(5_000_000_000),
  /** Part size of multipart uploads: R2 (and Uppy) need at least 5 MiB for every part but the last. */
  UPLOAD_PART_BYTES: z.coerce
    .number()
    .int()
    .min(5 * 1024 * 1024, 'UPLOAD_PART_BYTES must be at least 5 MiB (R2 refuses smaller parts)')
    .default(16 * 1024 * 1024),
  /** Target size of a processing chunk (one INGEST message). */
  UPLOAD_CHUNK_BYTES: z.coerce
    .number()
    .int()
    .min(64)
    .default(2 * 1024 * 1024),
  /** Days after which an upload's source file and rejects are removed from R2 (records stay). */
  UPLOAD_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  /** Seals integration credentials at rest (worker/lib/secrets.ts): base64 of 32 bytes. */
  SECRETS_KEY: z
    .string({ error: 'SECRETS_KEY is not set (see .dev.vars.example)' })
    .refine((v) => !v.startsWith('replace-me'), 'SECRETS_KEY still has the placeholder value')
    .refine((v) => {
      try {
        return atob(v).length === 32;
      } catch {
        return false;
      }
    }, 'SECRETS_KEY must be base64 of exactly 32 bytes'),
  SECRETS_KEY_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,16}$/)
    .default('k1'),
  /** Keys that sealed older values, `<id>:<base64>` comma-separated, for rotation. */
  SECRETS_PREVIOUS_KEYS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean)
        .map((entry) => {
          const [id = '', key = ''] = entry.split(':');
          return { id, key };
        }),
    ),
  /** Seals contacts' raw emails and phone numbers at rest (worker/lib/pii.ts): base64 of 32 bytes. */
  PII_KEY: z
    .string({ error: 'PII_KEY is not set (see .dev.vars.example)' })
    .refine((v) => !v.startsWith('replace-me'), 'PII_KEY still has the placeholder value')
    .refine(isKey32, 'PII_KEY must be base64 of exactly 32 bytes'),
  PII_KEY_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,16}$/)
    .default('p1'),
  /** Keys that sealed older values, `<id>:<base64>` comma-separated, for rotation. */
  PII_PREVIOUS_KEYS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean)
        .map((entry) => {
          const [id = '', key = ''] = entry.split(':');
          return { id, key };
        }),
    )
    // A broken previous key would silently blank every value it sealed: refuse it up front.
    .refine(
      (keys) => keys.every((k) => /^[A-Za-z0-9_-]{1,16}$/.test(k.id) && isKey32(k.key)),
      'PII_PREVIOUS_KEYS must be `<id>:<base64 of 32 bytes>` entries, comma-separated',
    ),
  /** Bombora's current API (OAuth, Intent, Reference) and the legacy Company Surge API. */
  BOMBORA_API_URL: z.string().url().default('https://api.bombora.com'),
  BOMBORA_LEGACY_API_URL: z.string().url().default('https://sentry.bombora.com'),
  /** Per-call timeout; a call that takes longer is retried. */
  BOMBORA_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Rows per Intent API page (Bombora allows up to 10,000). */
  BOMBORA_PAGE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10_000),
  /** Calls per minute per organisation on the current API (the legacy API allows 60 per endpoint). */
  BOMBORA_CALLS_PER_MINUTE: z.coerce.number().int().positive().default(300),
  /** Seconds between polls of a legacy report that is still being generated. */
  BOMBORA_LEGACY_POLL_SECONDS: z.coerce.number().int().min(0).default(20),
  /** Intent data older than this is stale (a weekly dataset plus the 1-hour freshness target). */
  BOMBORA_STALE_AFTER_HOURS: z.coerce
    .number()
    .positive()
    .default(7 * 24 + 1),
  /** The UID2 operator (one base URL for every endpoint; external-apis.md §1.5). */
  UID2_API_URL: z.string().url().default('https://global.prod.uidapi.com'),
  UID2_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Identifiers per identity-map request (UID2 documents at most 5,000). */
  UID2_BATCH_ITEMS: z.coerce.number().int().min(1).max(5_000).default(5_000),
  /**
   * The Trade Desk Data API per region: `{region}` becomes use, usw, euw, sin or tok. Locally the
   * simulator serves every region under a path prefix (`http://127.0.0.1:8793/{region}`).
   */
  TTD_DATA_URL: z
    .string()
    .default('https://{region}-data.adsrvr.org')
    .refine((v) => v.includes('{region}') && /^https?:\/\//.test(v), {
      message: 'TTD_DATA_URL must be an http(s) URL template containing {region}',
    }),
  TTD_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Largest request body we send (TTD publishes no limit; integrators stay under 2.5 MB). */
  TTD_MAX_REQUEST_BYTES: z.coerce.number().int().min(1_000).default(2_000_000),
  /** Items per request, whatever their size. */
  TTD_BATCH_ITEMS: z.coerce.number().int().min(1).max(100_000).default(10_000),
  /** Contacts per materialisation step of an export run. */
  EXPORT_PAGE_CONTACTS: z.coerce.number().int().min(1).default(25_000),
});
export type Config = z.infer<typeof ConfigSchema>;

/** The keys that seal integration secrets, from the configuration. */
export const secretKeysOf = (config: Config) => ({
  current: { id: config.SECRETS_KEY_ID, key: config.SECRETS_KEY },
  previous: config.SECRETS_PREVIOUS_KEYS,
});

/** The keys that seal contacts' emails and phone numbers, from the configuration. */
export const piiKeysOf = (config: Config) => ({
  current: { id: config.PII_KEY_ID, key: config.PII_KEY },
  previous: config.PII_PREVIOUS_KEYS,
});

const cache = new WeakMap<object, Config>();

export function getConfig(env: Env): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new AppError(
      503,
      'misconfigured',
      `Server configuration is invalid — ${problems.join('; ')}`,
    );
  }
  cache.set(env, parsed.data);
  return parsed.data;
}
