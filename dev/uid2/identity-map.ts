// What the operator answers, as pure functions of the simulator state: identity/map v3 and v2,
// identity/buckets and optout/status bodies, plus the test hooks that rotate buckets and opt
// identities out. Handlers in api.ts only unwrap envelopes and wrap these results.
import type { IdentityInput, OptOutEntry } from './config';
import { IDENTITY_KINDS, identityHash, type IdentityKind } from './normalize';
import { DAY_MS, rawUid, refreshAt, type Bucket } from './salts';
import type { SimState } from './state';
import { prng } from '../prng';

export type V3Item =
  { u: string; p: string | null; r: number } | { e: 'optout' | 'invalid identifier' };

export type V3Body = Record<IdentityKind, V3Item[]>;

export type Outcome<T> = { ok: true; body: T } | { ok: false; message: string };

export const MESSAGES = {
  v3Missing:
    'Required Parameter Missing: one or more of [email, email_hash, phone, phone_hash] must be specified',
  incorrectFormat: 'Incorrect request format',
  v2ExactlyOne:
    'Required Parameter Missing: exactly one of [email, email_hash, phone, phone_hash] must be specified',
  notArray: (key: string) => `${key} must be an array`,
  bucketsMissing: 'missing parameter since_timestamp',
  bucketsInvalidDate: 'invalid date, must conform to ISO 8601',
  optOutMissing: 'Required Parameter Missing: advertising_ids',
  tooLarge: 'Request payload is too large',
  strictTooMany: (n: number, max: number) =>
    `Request payload is too large: ${n} identifiers, at most ${max} per request (simulator strict mode)`,
} as const;

/** The operator's always-opted-out test identities (IdentityConst.java). */
export const OPTOUT_EMAIL = 'optout@example.com';
export const OPTOUT_PHONE = '+00000000000';

type Mapping =
  | { status: 'invalid' }
  | { status: 'optout'; bucket: Bucket }
  | { status: 'mapped'; u: string; p: string | null; r: number; bucket: Bucket };

/** Identity hash (Base64) → opted-out-since (ms), from the built-ins and config.optOuts. */
function optOutIndex(state: SimState): Map<string, number> {
  const out = new Map<string, number>();
  const builtIn = state.config.builtInOptOutSince;
  const add = (entry: OptOutEntry): void => {
    const one = singleIdentity(entry);
    if (!one) return;
    const hash = identityHash(one.kind, one.value);
    if (hash) out.set(hash.toString('base64'), entry.optedOutSince ?? builtIn);
  };
  add({ email: OPTOUT_EMAIL });
  add({ phone: OPTOUT_PHONE });
  for (const entry of state.config.optOuts) add(entry);
  return out;
}

export function singleIdentity(input: IdentityInput): { kind: IdentityKind; value: string } | null {
  const keys = IDENTITY_KINDS.filter((k) => typeof input[k] === 'string');
  if (keys.length !== 1) return null;
  const kind = keys[0] as IdentityKind;
  return { kind, value: input[kind] as string };
}

class Mapper {
  private readonly optOuts: Map<string, number>;
  private readonly pinned: Map<string, { u: string; p: string | null; r: number }>;
  private readonly now: number;

  constructor(private readonly state: SimState) {
    this.optOuts = optOutIndex(state);
    this.now = state.now();
    this.pinned = new Map();
    for (const pin of state.config.pinned) {
      const one = singleIdentity(pin.identity);
      const hash = one && identityHash(one.kind, one.value);
      if (hash) this.pinned.set(hash.toString('base64'), { u: pin.u, p: pin.p, r: pin.r });
    }
  }

  map(kind: IdentityKind, input: string | null): Mapping {
    const hash = input === null ? null : identityHash(kind, input);
    if (!hash) return { status: 'invalid' };
    const key = hash.toString('base64');
    const salts = this.state.salts;
    const first = salts.firstLevelHash(hash);
    const bucket = salts.bucket(salts.bucketIndexOf(first));
    if (this.optOuts.has(key)) return { status: 'optout', bucket };
    const pinned = this.pinned.get(key);
    if (pinned) return { status: 'mapped', ...pinned, bucket };
    const previousWindow = this.state.config.salts.previousUidDays * DAY_MS;
    const p =
      bucket.previousSalt !== null && this.now - bucket.lastUpdated < previousWindow
        ? rawUid(first, bucket.previousSalt)
        : null;
    return {
      status: 'mapped',
      u: rawUid(first, bucket.salt),
      p,
      r: Math.floor(refreshAt(bucket.refreshFrom, this.now) / 1000),
      bucket,
    };
  }
}

/** Element of a request array as the operator reads it; undefined = not acceptable on v3. */
function elementString(v: unknown): string | null | undefined {
  if (typeof v === 'string') return v;
  if (v === null) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Validates a v3 request body into the four input arrays. */
export function readV3Request(
  payload: Record<string, unknown> | null,
): Outcome<Record<IdentityKind, string[]>> {
  if (payload === null) return { ok: false, message: MESSAGES.v3Missing };
  const lists: Record<IdentityKind, string[]> = {
    email: [],
    email_hash: [],
    phone: [],
    phone_hash: [],
  };
  let given = 0;
  for (const [key, value] of Object.entries(payload)) {
    if (!(IDENTITY_KINDS as readonly string[]).includes(key)) {
      return { ok: false, message: MESSAGES.incorrectFormat };
    }
    if (value === null) continue;
    if (!Array.isArray(value)) return { ok: false, message: MESSAGES.incorrectFormat };
    for (const el of value) {
      const s = elementString(el);
      if (s === undefined || s === null) return { ok: false, message: MESSAGES.incorrectFormat };
      lists[key as IdentityKind].push(s);
    }
    given++;
  }
  if (given === 0) return { ok: false, message: MESSAGES.v3Missing };
  return { ok: true, body: lists };
}

export function countItems(lists: Record<IdentityKind, string[]>): number {
  return IDENTITY_KINDS.reduce((n, k) => n + lists[k].length, 0);
}

export function mapV3(state: SimState, lists: Record<IdentityKind, string[]>): V3Body {
  const mapper = new Mapper(state);
  const body = {} as V3Body;
  for (const kind of IDENTITY_KINDS) {
    body[kind] = lists[kind].map((input): V3Item => {
      const m = mapper.map(kind, input);
      if (m.status === 'invalid') return { e: 'invalid identifier' };
      if (m.status === 'optout') return { e: 'optout' };
      return { u: m.u, p: m.p, r: m.r };
    });
  }
  return body;
}

export interface V2Body {
  mapped: { identifier: string; advertising_id: string; bucket_id: string }[];
  unmapped?: { identifier: string; reason: 'optout' | 'invalid identifier' }[];
}

export function mapV2(state: SimState, payload: Record<string, unknown> | null): Outcome<V2Body> {
  const given = IDENTITY_KINDS.filter((k) => payload?.[k] !== undefined && payload[k] !== null);
  if (given.length !== 1) return { ok: false, message: MESSAGES.v2ExactlyOne };
  const kind = given[0] as IdentityKind;
  const values = payload?.[kind];
  if (!Array.isArray(values)) return { ok: false, message: MESSAGES.notArray(kind) };
  const mapper = new Mapper(state);
  const mapped: V2Body['mapped'] = [];
  const unmapped: NonNullable<V2Body['unmapped']> = [];
  for (const v of values as unknown[]) {
    const input = typeof v === 'string' ? v : null;
    const identifier = typeof v === 'string' ? v : v === null ? 'null' : JSON.stringify(v);
    const m = mapper.map(kind, input);
    if (m.status === 'mapped') {
      mapped.push({ identifier, advertising_id: m.u, bucket_id: m.bucket.id });
    } else {
      unmapped.push({
        identifier,
        reason: m.status === 'optout' ? 'optout' : 'invalid identifier',
      });
    }
  }
  return { ok: true, body: unmapped.length > 0 ? { mapped, unmapped } : { mapped } };
}

/** Java's ISO_LOCAL_DATE_TIME, read as UTC; NaN when it does not parse. */
export function parseLocalDateTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/.exec(text);
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => Number(x ?? 0)) as number[];
  const ms = Number(((m[7] ?? '') + '000').slice(0, 3));
  const t = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s, ms);
  const back = new Date(t);
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== (mo as number) - 1 ||
    back.getUTCDate() !== d ||
    (h as number) > 23 ||
    (mi as number) > 59 ||
    (s as number) > 59
  ) {
    return NaN;
  }
  return t;
}

/** 'yyyy-MM-ddTHH:mm:ss.SSS' in UTC, no zone. */
export function formatLocalDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

export function buckets(
  state: SimState,
  payload: Record<string, unknown> | null,
): Outcome<{ bucket_id: string; last_updated: string }[]> {
  const since = payload?.since_timestamp;
  if (since === undefined || since === null) return { ok: false, message: MESSAGES.bucketsMissing };
  const t = typeof since === 'string' ? parseLocalDateTime(since) : NaN;
  if (Number.isNaN(t)) return { ok: false, message: MESSAGES.bucketsInvalidDate };
  return {
    ok: true,
    body: state.salts
      .modifiedSince(t)
      .map((b) => ({ bucket_id: b.id, last_updated: formatLocalDateTime(b.lastUpdated) })),
  };
}

/** Raw UID2 (current, and previous while answered as `p`) → opted-out-since, for every opt-out. */
function optedOutUids(state: SimState): Map<string, number> {
  const out = new Map<string, number>();
  const now = state.now();
  const window = state.config.salts.previousUidDays * DAY_MS;
  for (const [hashB64, since] of optOutIndex(state)) {
    const first = state.salts.firstLevelHash(Buffer.from(hashB64, 'base64'));
    const bucket = state.salts.bucket(state.salts.bucketIndexOf(first));
    out.set(rawUid(first, bucket.salt), since);
    if (bucket.previousSalt !== null && now - bucket.lastUpdated < window) {
      out.set(rawUid(first, bucket.previousSalt), since);
    }
  }
  return out;
}

export function optOutStatus(
  state: SimState,
  payload: Record<string, unknown> | null,
): Outcome<{ opted_out: { advertising_id: string; opted_out_since: number }[] }> {
  const ids = payload?.advertising_ids;
  if (!Array.isArray(ids)) return { ok: false, message: MESSAGES.optOutMissing };
  if (ids.length > state.config.optOutStatusMaxIds)
    return { ok: false, message: MESSAGES.tooLarge };
  const known = optedOutUids(state);
  const opted_out: { advertising_id: string; opted_out_since: number }[] = [];
  for (const id of ids) {
    const since = typeof id === 'string' ? known.get(id) : undefined;
    if (since !== undefined)
      opted_out.push({ advertising_id: id as string, opted_out_since: since });
  }
  return { ok: true, body: { opted_out } };
}

export interface RotateOptions {
  /** Bucket ids, as /v2/identity/buckets and v2 identity/map show them. */
  bucketIds?: string[];
  /** Rotate the buckets these identities fall in. */
  identities?: IdentityInput[];
  /** Rotate about this share of all buckets, chosen by `seed` (default 1). */
  fraction?: number;
  seed?: number;
  /** last_updated of the rotated buckets (Unix ms); default now(). */
  at?: number;
  /** refresh_from (Unix ms); default at + salts.refreshIntervalDays. */
  refreshFrom?: number;
}

export interface RotatedBucket {
  bucket_id: string;
  last_updated: string;
  refresh_from: number;
}

export function rotate(
  state: SimState,
  opts: RotateOptions,
): Outcome<{ rotated: RotatedBucket[] }> {
  const indexes = new Set<number>();
  for (const id of opts.bucketIds ?? []) {
    const i = state.salts.indexOfId(id);
    if (i === undefined) return { ok: false, message: `Unknown bucket id: ${id}` };
    indexes.add(i);
  }
  for (const identity of opts.identities ?? []) {
    const one = singleIdentity(identity);
    const hash = one && identityHash(one.kind, one.value);
    if (!hash) return { ok: false, message: `Invalid identity: ${JSON.stringify(identity)}` };
    indexes.add(state.salts.bucketIndexOf(state.salts.firstLevelHash(hash)));
  }
  if (opts.fraction !== undefined) {
    if (!(opts.fraction >= 0 && opts.fraction <= 1)) {
      return { ok: false, message: 'fraction must be between 0 and 1' };
    }
    const random = prng(opts.seed ?? 1);
    for (let i = 0; i < state.salts.count; i++) if (random() < opts.fraction) indexes.add(i);
  }
  const at = opts.at ?? state.now();
  const rotated = [...indexes]
    .sort((a, b) => a - b)
    .map((i) => state.salts.rotate(i, at, opts.refreshFrom))
    .map((b) => ({
      bucket_id: b.id,
      last_updated: formatLocalDateTime(b.lastUpdated),
      refresh_from: b.refreshFrom,
    }));
  return { ok: true, body: { rotated } };
}

export function addOptOuts(
  state: SimState,
  entries: OptOutEntry[],
): Outcome<{ opted_out: { advertising_id: string; opted_out_since: number }[] }> {
  const added: OptOutEntry[] = [];
  const opted_out: { advertising_id: string; opted_out_since: number }[] = [];
  for (const entry of entries) {
    const one = singleIdentity(entry);
    const hash = one && identityHash(one.kind, one.value);
    if (!hash) return { ok: false, message: `Invalid identity: ${JSON.stringify(entry)}` };
    const since = entry.optedOutSince ?? state.now();
    added.push({ ...entry, optedOutSince: since });
    const first = state.salts.firstLevelHash(hash);
    const bucket = state.salts.bucket(state.salts.bucketIndexOf(first));
    opted_out.push({ advertising_id: rawUid(first, bucket.salt), opted_out_since: since });
  }
  state.config.optOuts.push(...added);
  return { ok: true, body: { opted_out } };
}

/** What v3 answers for plain inputs (each key a string or an array of strings). */
export function expected(state: SimState, input: unknown): Outcome<V3Body> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, message: MESSAGES.v3Missing };
  }
  const wrapped: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) wrapped[k] = typeof v === 'string' ? [v] : v;
  const lists = readV3Request(wrapped);
  return lists.ok ? { ok: true, body: mapV3(state, lists.body) } : lists;
}
