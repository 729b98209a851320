// The simulator's configuration: defaults, deep-partial patches (arrays replace) and the zod
// schema that checks a patch sent to /__sim/config.
import { z } from 'zod';

/** Operator roles (gs-permissions.md). Only MAPPER, SHARER and ID_READER open simulated routes. */
export type Uid2Role = 'MAPPER' | 'GENERATOR' | 'ID_READER' | 'SHARER' | 'OPTOUT';

export interface Uid2Client {
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** Base64 of the 32-byte AES-256-GCM key (the "client secret"). */
  secret: string;
  roles: Uid2Role[];
  name?: string;
}

/** One directly identifying input; exactly one key is set. */
export interface IdentityInput {
  email?: string;
  email_hash?: string;
  phone?: string;
  phone_hash?: string;
}

export interface OptOutEntry extends IdentityInput {
  /** Unix ms; the simulator's `builtInOptOutSince` when absent. */
  optedOutSince?: number;
}

/** A fixed v3 answer for one identity (e.g. to replay a documented example byte for byte). */
export interface PinnedMapping {
  identity: IdentityInput;
  u: string;
  p: string | null;
  /** Unix seconds, answered as is. */
  r: number;
}

export type FaultKind = '429' | '500' | '503' | 'timeout' | 'latency';

export interface ScriptedFault {
  method?: string;
  /** Matched as a prefix of the request path, e.g. '/v3/identity/map'. */
  path: string;
  fault: FaultKind;
  /** Fires on the next `times` matching requests, then is consumed. */
  times: number;
  /** For 'latency': the delay added before the request is served normally. */
  latencyMs?: number;
}

export interface Uid2SimConfig {
  clients: Uid2Client[];
  /** Requests whose envelope timestamp is further than this from now() get 400. */
  timestampToleranceMs: number;
  /** Larger bodies get 413 (operator: 1 MiB). */
  maxBodyBytes: number;
  /** Simulator-only: reject identity/map requests with more than maxItemsPerRequest items. */
  strict: boolean;
  maxItemsPerRequest: number;
  /** /v2/optout/status: more ids → 400 "Request payload is too large" (operator: 5,000). */
  optOutStatusMaxIds: number;
  salts: {
    /** Every salt and bucket id derives from this string. */
    seed: string;
    bucketCount: number;
    /** null = derived from the seed. */
    firstLevelSalt: string | null;
    /** ISO instant: last_updated of every bucket never rotated. */
    createdAt: string;
    /** A bucket's refresh_from is its last_updated plus this many days. */
    refreshIntervalDays: number;
    /** `p` (previous raw UID2) is answered while the last rotation is younger than this. */
    previousUidDays: number;
  };
  /** Opted-out identities in addition to optout@example.com and +00000000000. */
  optOuts: OptOutEntry[];
  /** opted_out_since (ms) of the built-in test identities and of entries without one. */
  builtInOptOutSince: number;
  pinned: PinnedMapping[];
  rateLimit: {
    /** Token bucket refill rate; 0 = no rate limit. */
    requestsPerSecond: number;
    burst: number;
    /** More API requests in flight than this → 429; 0 = no cap. */
    maxConcurrent: number;
  };
  faults: { latencyMs: number; timeoutMs: number; script: ScriptedFault[] };
}

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** The local client: its secret is the sample printed by the docs' uid2_request.py. */
export const DEFAULT_CLIENT: Uid2Client = {
  apiKey: 'p360-local-uid2-key',
  secret: 'wJ0hP19QU4hmpB64Y3fV2dAed8t/mupw3sjN5jNRFzg=',
  roles: ['MAPPER'],
  name: 'p360-local',
};

export function defaultConfig(): Uid2SimConfig {
  return {
    clients: [structuredClone(DEFAULT_CLIENT)],
    timestampToleranceMs: 60_000,
    maxBodyBytes: 1 << 20,
    strict: false,
    maxItemsPerRequest: 5000,
    optOutStatusMaxIds: 5000,
    salts: {
      seed: 'p360-local-uid2',
      bucketCount: 1024,
      firstLevelSalt: null,
      createdAt: '2025-01-01T00:00:00.000Z',
      refreshIntervalDays: 30,
      previousUidDays: 90,
    },
    optOuts: [],
    builtInOptOutSince: Date.parse('2024-01-01T00:00:00.000Z'),
    pinned: [],
    rateLimit: { requestsPerSecond: 0, burst: 100, maxConcurrent: 20 },
    faults: { latencyMs: 0, timeoutMs: 30_000, script: [] },
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Applies a deep-partial patch: objects merge key by key, arrays and scalars replace. */
export function mergeConfig(
  base: Uid2SimConfig,
  patch: DeepPartial<Uid2SimConfig> | undefined,
): Uid2SimConfig {
  if (patch === undefined) return structuredClone(base);
  const merge = (a: unknown, b: unknown): unknown => {
    if (b === undefined) return structuredClone(a);
    if (isPlainObject(a) && isPlainObject(b)) {
      const out: Record<string, unknown> = { ...structuredClone(a) };
      for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
      return out;
    }
    return structuredClone(b);
  };
  return merge(base, patch) as Uid2SimConfig;
}

const Count = z.number().int().min(0);
const RoleSchema = z.enum(['MAPPER', 'GENERATOR', 'ID_READER', 'SHARER', 'OPTOUT']);

export const IdentityInputSchema = z
  .object({
    email: z.string(),
    email_hash: z.string(),
    phone: z.string(),
    phone_hash: z.string(),
  })
  .partial()
  .strict()
  .refine(
    (v) => Object.keys(v).length === 1,
    'exactly one of email, email_hash, phone, phone_hash',
  );

export const OptOutEntrySchema = z
  .object({
    email: z.string(),
    email_hash: z.string(),
    phone: z.string(),
    phone_hash: z.string(),
    optedOutSince: z.number().int(),
  })
  .partial()
  .strict()
  .refine(
    (v) => Object.keys(v).filter((k) => k !== 'optedOutSince').length === 1,
    'exactly one of email, email_hash, phone, phone_hash',
  );

/** Shape of a patch accepted by PATCH /__sim/config (every key optional, unknown keys refused). */
export const ConfigPatchSchema = z
  .object({
    clients: z.array(
      z
        .object({
          apiKey: z.string().min(1),
          secret: z
            .string()
            .refine((s) => Buffer.from(s, 'base64').length === 32, 'must be Base64 of 32 bytes'),
          roles: z.array(RoleSchema),
          name: z.string().optional(),
        })
        .strict(),
    ),
    timestampToleranceMs: Count,
    maxBodyBytes: z.number().int().positive(),
    strict: z.boolean(),
    maxItemsPerRequest: z.number().int().positive(),
    optOutStatusMaxIds: z.number().int().positive(),
    salts: z
      .object({
        seed: z.string().min(1),
        bucketCount: z.number().int().min(1).max(1_048_576),
        firstLevelSalt: z.string().min(1).nullable(),
        createdAt: z
          .string()
          .refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO instant'),
        refreshIntervalDays: z.number().min(0),
        previousUidDays: z.number().min(0),
      })
      .partial()
      .strict(),
    optOuts: z.array(OptOutEntrySchema),
    builtInOptOutSince: z.number().int(),
    pinned: z.array(
      z
        .object({
          identity: IdentityInputSchema,
          u: z.string(),
          p: z.string().nullable(),
          r: z.number().int(),
        })
        .strict(),
    ),
    rateLimit: z
      .object({
        requestsPerSecond: z.number().min(0),
        burst: z.number().int().min(1),
        maxConcurrent: Count,
      })
      .partial()
      .strict(),
    faults: z
      .object({
        latencyMs: Count,
        timeoutMs: Count,
        script: z.array(
          z
            .object({
              method: z.string().optional(),
              path: z.string(),
              fault: z.enum(['429', '500', '503', 'timeout', 'latency']),
              times: z.number().int().positive(),
              latencyMs: Count.optional(),
            })
            .strict(),
        ),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
