// Everything the simulator remembers between requests: config, segments and their members, DSR
// requests, the request log, per-principal rate windows and stats.
import { defaultConfig, mergeConfig, type DeepPartial, type TtdSimConfig } from './config';
import type { ChosenId, IdField } from './ids';

/** Who owns a segment: first-party data belongs to an advertiser, third-party to a provider. */
export type OwnerKind = 'advertiser' | 'dataProvider';

export interface Member {
  idType: IdField;
  id: string;
  /** Epoch ms; the id is a member while now() < expiresAt. */
  expiresAt: number;
  updatedAt: number;
  region: string;
}

export interface Segment {
  /** FirstPartyDataId for advertiser segments, a third-party data id for providers. */
  id: number;
  name: string;
  createdAt: number;
  region: string;
  members: Map<string, Member>;
}

export interface DsrRecord {
  id: number;
  endpoint: 'advertiser' | 'thirdparty' | 'merchant';
  region: string;
  requestType: 'OptOut' | 'Deletion';
  advertiserId: string | null;
  dataProviderId: string | null;
  merchantId: number | null;
  brandId: string | null;
  dataLoadTraceId: string | null;
  ids: ChosenId[];
  receivedAt: string;
}

export interface RequestRecord {
  at: string;
  method: string;
  path: string;
  region: string | null;
  endpoint: string | null;
  authMode: 'token' | 'signature' | 'none';
  principal: string | null;
  items: number;
  bytes: number;
  status: number;
  fault?: string;
}

export interface TtdStats {
  /** Requests per endpoint, e.g. `POST /data/advertiser` (all regions). */
  requests: Record<string, number>;
  byRegion: Record<string, number>;
  byStatus: Record<string, number>;
  itemsReceived: number;
  bytesReceived: number;
  status413: number;
  status429: number;
}

function emptyStats(): TtdStats {
  return {
    requests: {},
    byRegion: {},
    byStatus: {},
    itemsReceived: 0,
    bytesReceived: 0,
    status413: 0,
    status429: 0,
  };
}

const memberKey = (idType: string, id: string): string => `${idType}\u0000${id}`;
const ownerKey = (kind: OwnerKind, id: string): string => `${kind}:${id}`;

export class SimState {
  config: TtdSimConfig;
  segments = new Map<string, Map<string, Segment>>();
  nextSegmentId = 100_000_001;
  dsr: DsrRecord[] = [];
  requests: RequestRecord[] = [];
  rateWindows = new Map<string, { window: number; count: number }>();
  stats: TtdStats = emptyStats();

  constructor(
    private readonly startConfig: DeepPartial<TtdSimConfig> | undefined,
    readonly now: () => number,
  ) {
    this.config = mergeConfig(defaultConfig(), startConfig);
  }

  configure(patch: DeepPartial<TtdSimConfig>): void {
    this.config = mergeConfig(this.config, patch);
  }

  reset(): void {
    this.config = mergeConfig(defaultConfig(), this.startConfig);
    this.segments.clear();
    this.nextSegmentId = 100_000_001;
    this.dsr = [];
    this.requests = [];
    this.rateWindows.clear();
    this.stats = emptyStats();
  }

  segmentsOf(kind: OwnerKind, ownerId: string): Map<string, Segment> {
    const key = ownerKey(kind, ownerId);
    let owned = this.segments.get(key);
    if (!owned) {
      owned = new Map();
      this.segments.set(key, owned);
    }
    return owned;
  }

  findSegment(kind: OwnerKind, ownerId: string, name: string): Segment | undefined {
    return this.segments.get(ownerKey(kind, ownerId))?.get(name);
  }

  createSegment(kind: OwnerKind, ownerId: string, name: string, region: string): Segment {
    const segment: Segment = {
      id: this.nextSegmentId++,
      name,
      createdAt: this.now(),
      region,
      members: new Map(),
    };
    this.segmentsOf(kind, ownerId).set(name, segment);
    return segment;
  }

  /** Adds or refreshes a member; `expiresAt` null removes it (TTL 0). */
  upsertMember(segment: Segment, who: ChosenId, expiresAt: number | null, region: string): void {
    const key = memberKey(who.idType, who.id);
    if (expiresAt === null) {
      segment.members.delete(key);
      return;
    }
    segment.members.set(key, { ...who, expiresAt, updatedAt: this.now(), region });
  }

  /** Removes the ids from every segment of the owner; returns how many memberships went. */
  removeEverywhere(kind: OwnerKind, ownerId: string, ids: ChosenId[]): number {
    let removed = 0;
    for (const segment of this.segments.get(ownerKey(kind, ownerId))?.values() ?? []) {
      for (const who of ids) {
        if (segment.members.delete(memberKey(who.idType, who.id))) removed += 1;
      }
    }
    return removed;
  }

  /** Current (unexpired) members, in insertion order. */
  liveMembers(segment: Segment): Member[] {
    const now = this.now();
    return [...segment.members.values()].filter((m) => m.expiresAt > now);
  }

  /** Fixed one-second windows of now(); returns the seconds to wait when over the limit. */
  rateLimited(principal: string): number | null {
    const limit = this.config.rateLimitPerSecond;
    if (limit === null) return null;
    const now = this.now();
    const window = Math.floor(now / 1000);
    const entry = this.rateWindows.get(principal);
    if (!entry || entry.window !== window) {
      this.rateWindows.set(principal, { window, count: 1 });
      return null;
    }
    entry.count += 1;
    if (entry.count <= limit) return null;
    return Math.max(1, Math.ceil(((window + 1) * 1000 - now) / 1000));
  }

  record(entry: RequestRecord): void {
    this.requests.push(entry);
    const max = this.config.requestLogSize;
    if (this.requests.length > max) this.requests.splice(0, this.requests.length - max);
  }
}
