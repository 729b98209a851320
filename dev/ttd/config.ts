// The simulator's configuration: defaults, deep-partial patches (arrays replace) and the zod
// schema that checks a patch sent to /__sim/config.
import { z } from 'zod';

/** Data-centre prefixes of `https://{region}-data.adsrvr.org` (+ `bulk` for bulk-data). */
export const KNOWN_REGIONS = ['use', 'usw', 'euw', 'sin', 'tok', 'bulk'] as const;

export type FaultKind = '429' | '500' | '503' | 'timeout';

export interface ScriptedFault {
  method?: string;
  /** Prefix of the region-less path, e.g. '/data/advertiser'. */
  path: string;
  /** Only requests addressed to this region (default: any). */
  region?: string;
  fault: FaultKind;
  /** Fires on the next `times` matching requests, then is consumed. */
  times: number;
  /** Retry-After header of a scripted 429 (seconds; default 1). */
  retryAfterSeconds?: number;
}

export interface TtdAdvertiser {
  advertiserId: string;
  /** Long-lived TTD-Auth tokens allowed for this advertiser. */
  authTokens: string[];
  /** "First Party Data Credentials" secret for legacy TtdSignature; null = signature refused. */
  secretKey?: string | null;
}

export interface TtdDataProvider {
  dataProviderId: string;
  secretKey?: string | null;
  /** TTD-Auth tokens for /data/thirdparty and the third-party DSR endpoint. */
  authTokens?: string[];
}

export interface TtdMerchant {
  merchantId: number;
  authTokens: string[];
}

export interface TtdSimConfig {
  /** Regions served under `/{region}/data/...`; any other prefix → 404. */
  enabledRegions: string[];
  /** Region of the unprefixed `/data/...` paths. */
  defaultRegion: string;
  advertisers: TtdAdvertiser[];
  dataProviders: TtdDataProvider[];
  merchants: TtdMerchant[];
  auth: {
    /** Accept `TTD-Auth` tokens. */
    token: boolean;
    /** Accept legacy `TtdSignature` (+ `TtdSignature-dp`) HMAC-SHA1 signatures. */
    signature: boolean;
    /** Status of an unknown/missing token: 401 per the swagger, 400 per TTD's SDK tests. */
    invalidTokenStatus: 400 | 401;
  };
  /** TTL applied when a Data line has no TtlInMinutes (TTD's own default is UNCONFIRMED). */
  defaultTtlMinutes: number;
  /** Largest accepted TtlInMinutes (180 days). */
  maxTtlMinutes: number;
  maxNameLength: number;
  maxBaseBidCpmMetadataLength: number;
  /** Largest accepted BidFactor (must also be > 0). */
  maxBidFactor: number;
  /** Segments an advertiser (or data provider) may own; the next new Name fails. */
  maxSegmentsPerOwner: number;
  /** Request bodies above this many bytes → 413. */
  maxBodyBytes: number;
  /** Requests per second per advertiser / data provider / merchant; null = unlimited. */
  rateLimitPerSecond: number | null;
  /** How many recent requests /__sim/requests keeps. */
  requestLogSize: number;
  faults: {
    latencyMs: number;
    timeoutMs: number;
    script: ScriptedFault[];
  };
}

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export function defaultConfig(): TtdSimConfig {
  return {
    enabledRegions: [...KNOWN_REGIONS],
    defaultRegion: 'usw',
    advertisers: [
      {
        advertiserId: 'p360local',
        authTokens: ['p360-local-ttd-token'],
        secretKey: 'p360-local-ttd-advertiser-secret',
      },
    ],
    dataProviders: [
      {
        dataProviderId: 'p360',
        secretKey: 'p360-local-ttd-provider-secret',
        authTokens: ['p360-local-ttd-provider-token'],
      },
    ],
    merchants: [],
    auth: { token: true, signature: true, invalidTokenStatus: 401 },
    defaultTtlMinutes: 43_200,
    maxTtlMinutes: 259_200,
    maxNameLength: 256,
    maxBaseBidCpmMetadataLength: 256,
    maxBidFactor: 5,
    maxSegmentsPerOwner: 10_000,
    maxBodyBytes: 2_500_000,
    rateLimitPerSecond: null,
    requestLogSize: 200,
    faults: { latencyMs: 0, timeoutMs: 30_000, script: [] },
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Applies a deep-partial patch: objects merge key by key, arrays and scalars replace. */
export function mergeConfig(
  base: TtdSimConfig,
  patch: DeepPartial<TtdSimConfig> | undefined,
): TtdSimConfig {
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
  return merge(base, patch) as TtdSimConfig;
}

const Count = z.number().int().min(0);
const Positive = z.number().int().positive();
const Region = z.string().regex(/^[a-z0-9-]+$/, 'lower-case region prefix, e.g. usw');

/** Shape of a patch accepted by PATCH /__sim/config (every key optional, unknown keys refused). */
export const ConfigPatchSchema = z
  .object({
    enabledRegions: z.array(Region),
    defaultRegion: Region,
    advertisers: z.array(
      z
        .object({
          advertiserId: z.string().min(1),
          authTokens: z.array(z.string().min(1)),
          secretKey: z.string().min(1).nullable().optional(),
        })
        .strict(),
    ),
    dataProviders: z.array(
      z
        .object({
          dataProviderId: z.string().min(1),
          secretKey: z.string().min(1).nullable().optional(),
          authTokens: z.array(z.string().min(1)).optional(),
        })
        .strict(),
    ),
    merchants: z.array(
      z.object({ merchantId: z.number().int(), authTokens: z.array(z.string().min(1)) }).strict(),
    ),
    auth: z
      .object({
        token: z.boolean(),
        signature: z.boolean(),
        invalidTokenStatus: z.union([z.literal(400), z.literal(401)]),
      })
      .partial()
      .strict(),
    defaultTtlMinutes: Count,
    maxTtlMinutes: Count,
    maxNameLength: Positive,
    maxBaseBidCpmMetadataLength: Positive,
    maxBidFactor: z.number().positive(),
    maxSegmentsPerOwner: Count,
    maxBodyBytes: Positive,
    rateLimitPerSecond: Positive.nullable(),
    requestLogSize: Count,
    faults: z
      .object({
        latencyMs: Count,
        timeoutMs: Count,
        script: z.array(
          z
            .object({
              method: z.string().optional(),
              path: z.string(),
              region: z.string().optional(),
              fault: z.enum(['429', '500', '503', 'timeout']),
              times: Positive,
              retryAfterSeconds: Count.optional(),
            })
            .strict(),
        ),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
