// The simulator's configuration: defaults, deep-partial patches (arrays replace) and the zod
// schema that checks a patch posted to /__sim/config.
import { z } from 'zod';

export type FaultKind = '429' | '500' | '503' | 'timeout' | 'truncate';

export interface ScriptedFault {
  method?: string;
  /** Matched as a prefix of the request path, e.g. '/intent/v1/data'. */
  path: string;
  fault: FaultKind;
  /** Fires on the next `times` matching requests, then is consumed. */
  times: number;
}

export interface BomboraSimConfig {
  /** Monday (ISO date) of the week served; null = the Monday (UTC) of the week of now(). */
  week: string | null;
  clients: { clientId: string; clientSecret: string; products: string[] }[];
  legacyUsers: { username: string; password: string }[];
  tokenTtlSeconds: number;
  universe: {
    brands: string[];
    perBrand: number;
    extraDomains: number;
    includeDomains: string[];
    messyRate: number;
  };
  presence: number;
  signalDefinitions: { id: string; topicNames: string[] }[];
  accountLists: { id: string; domains: string[] }[];
  legacy: { rateLimitPerMinute: number; reportDelayMs: number };
  pageBytesLimit: number;
  faults: {
    latencyMs: number;
    rate429: number;
    rate5xx: number;
    timeoutRate: number;
    timeoutMs: number;
    truncateRate: number;
    changeWeekAfterPages: number | null;
    seed: number;
    script: ScriptedFault[];
  };
}

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export function defaultConfig(): BomboraSimConfig {
  return {
    week: null,
    clients: [
      {
        clientId: 'p360-local',
        clientSecret: 'p360-local-bombora-secret',
        products: ['intent', 'reference'],
      },
    ],
    legacyUsers: [{ username: 'p360-local', password: 'p360-local-bombora-secret' }],
    tokenTtlSeconds: 86400,
    universe: {
      brands: ['acme', 'globex', 'initech', 'umbrella', 'hooli'],
      perBrand: 10000,
      extraDomains: 10000,
      includeDomains: [],
      messyRate: 0.02,
    },
    presence: 0.5,
    signalDefinitions: [],
    accountLists: [],
    legacy: { rateLimitPerMinute: 60, reportDelayMs: 1500 },
    pageBytesLimit: 10 * 1024 * 1024,
    faults: {
      latencyMs: 0,
      rate429: 0,
      rate5xx: 0,
      timeoutRate: 0,
      timeoutMs: 30000,
      truncateRate: 0,
      changeWeekAfterPages: null,
      seed: 1,
      script: [],
    },
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Applies a deep-partial patch: objects merge key by key, arrays and scalars replace. */
export function mergeConfig(
  base: BomboraSimConfig,
  patch: DeepPartial<BomboraSimConfig> | undefined,
): BomboraSimConfig {
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
  return merge(base, patch) as BomboraSimConfig;
}

const FaultKindSchema = z.enum(['429', '500', '503', 'timeout', 'truncate']);
const Rate = z.number().min(0).max(1);
const Count = z.number().int().min(0);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/** Shape of a patch accepted by POST /__sim/config (every key optional, unknown keys refused). */
export const ConfigPatchSchema = z
  .object({
    week: IsoDate.nullable(),
    clients: z.array(
      z.object({ clientId: z.string(), clientSecret: z.string(), products: z.array(z.string()) }),
    ),
    legacyUsers: z.array(z.object({ username: z.string(), password: z.string() })),
    tokenTtlSeconds: z.number().int().positive(),
    universe: z
      .object({
        brands: z.array(z.string().min(1)),
        perBrand: Count,
        extraDomains: Count,
        includeDomains: z.array(z.string().min(1)),
        messyRate: Rate,
      })
      .partial()
      .strict(),
    presence: Rate,
    signalDefinitions: z.array(z.object({ id: z.string(), topicNames: z.array(z.string()) })),
    accountLists: z.array(z.object({ id: z.string(), domains: z.array(z.string()) })),
    legacy: z
      .object({ rateLimitPerMinute: z.number().int().positive(), reportDelayMs: Count })
      .partial()
      .strict(),
    pageBytesLimit: z.number().int().positive(),
    faults: z
      .object({
        latencyMs: Count,
        rate429: Rate,
        rate5xx: Rate,
        timeoutRate: Rate,
        timeoutMs: Count,
        truncateRate: Rate,
        changeWeekAfterPages: Count.nullable(),
        seed: z.number().int(),
        script: z.array(
          z.object({
            method: z.string().optional(),
            path: z.string(),
            fault: FaultKindSchema,
            times: z.number().int().positive(),
          }),
        ),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
