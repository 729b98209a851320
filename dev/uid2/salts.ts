// Salt buckets and raw UID2 derivation (operator TokenUtils / UIDOperatorService):
//   firstLevelHash = SHA256(b64(identityHash) ‖ firstLevelSalt)
//   bucket         = first 4 bytes of firstLevelHash (big-endian) mod bucketCount
//   raw UID2       = b64(SHA256(b64(firstLevelHash) ‖ bucketSalt))       (44 chars)
// Every salt and bucket id derives from config.salts.seed, so the same seed gives the same UID2s
// in every run; rotations are kept apart and forgotten on reset.
import type { Uid2SimConfig } from './config';
import { sha256 } from './normalize';

const DAY_MS = 86_400_000;

export interface Bucket {
  index: number;
  /** 10 characters, e.g. 'a30od4mNRd'. */
  id: string;
  salt: string;
  previousSalt: string | null;
  /** Unix ms. */
  lastUpdated: number;
  /** Unix ms. */
  refreshFrom: number;
  /** Rotations so far. */
  generation: number;
}

export function derivedFirstLevelSalt(seed: string): string {
  return sha256(`${seed}:first-level-salt`).toString('base64');
}

export function bucketSalt(seed: string, index: number, generation: number): string {
  return sha256(`${seed}:bucket-salt:${index}:${generation}`).toString('base64');
}

export class SaltPool {
  private ids: string[] = [];
  private byId = new Map<string, number>();
  private rotated = new Map<number, Bucket>();
  private firstLevelSalt = '';

  constructor(private salts: Uid2SimConfig['salts']) {
    this.rebuild(salts);
  }

  /** New salt settings: bucket ids recomputed, rotations forgotten. */
  rebuild(salts: Uid2SimConfig['salts']): void {
    this.salts = structuredClone(salts);
    this.firstLevelSalt = salts.firstLevelSalt ?? derivedFirstLevelSalt(salts.seed);
    this.rotated.clear();
    this.ids = [];
    this.byId.clear();
    for (let i = 0; i < salts.bucketCount; i++) {
      for (let attempt = 0; ; attempt++) {
        const id = bucketIdCandidate(salts.seed, i, attempt);
        if (!this.byId.has(id)) {
          this.ids.push(id);
          this.byId.set(id, i);
          break;
        }
      }
    }
  }

  get count(): number {
    return this.salts.bucketCount;
  }

  firstLevelHash(identityHash: Buffer): Buffer {
    return sha256(identityHash.toString('base64') + this.firstLevelSalt);
  }

  bucketIndexOf(firstLevelHash: Buffer): number {
    return firstLevelHash.readUInt32BE(0) % this.salts.bucketCount;
  }

  indexOfId(id: string): number | undefined {
    return this.byId.get(id);
  }

  bucket(index: number): Bucket {
    const rotated = this.rotated.get(index);
    if (rotated) return rotated;
    const lastUpdated = Date.parse(this.salts.createdAt);
    return {
      index,
      id: this.ids[index] as string,
      salt: bucketSalt(this.salts.seed, index, 0),
      previousSalt: null,
      lastUpdated,
      refreshFrom: lastUpdated + this.salts.refreshIntervalDays * DAY_MS,
      generation: 0,
    };
  }

  /** The new salt becomes current, the old one previous; last_updated = at. */
  rotate(index: number, at: number, refreshFrom?: number): Bucket {
    const old = this.bucket(index);
    const generation = old.generation + 1;
    const next: Bucket = {
      ...old,
      salt: bucketSalt(this.salts.seed, index, generation),
      previousSalt: old.salt,
      lastUpdated: at,
      refreshFrom: refreshFrom ?? at + this.salts.refreshIntervalDays * DAY_MS,
      generation,
    };
    this.rotated.set(index, next);
    return next;
  }

  /** Buckets whose last_updated is at or after `since`, in bucket order. */
  modifiedSince(since: number): Bucket[] {
    const out: Bucket[] = [];
    if (Date.parse(this.salts.createdAt) >= since) {
      for (let i = 0; i < this.count; i++) out.push(this.bucket(i));
      return out;
    }
    for (const b of [...this.rotated.values()].sort((a, b) => a.index - b.index)) {
      if (b.lastUpdated >= since) out.push(b);
    }
    return out;
  }
}

export function rawUid(firstLevelHash: Buffer, salt: string): string {
  return sha256(firstLevelHash.toString('base64') + salt).toString('base64');
}

const ID_ALPHABET = /[A-Za-z0-9]/g;

function bucketIdCandidate(seed: string, index: number, attempt: number): string {
  const chars = sha256(`${seed}:bucket-id:${index}:${attempt}`)
    .toString('base64')
    .match(ID_ALPHABET) as string[];
  return chars.slice(0, 10).join('');
}

/** The operator's refresh rule: refresh_from if still ahead, else the next UTC midnight. */
export function refreshAt(refreshFrom: number, now: number): number {
  if (refreshFrom > now) return refreshFrom;
  return (Math.floor(now / DAY_MS) + 1) * DAY_MS;
}

export { DAY_MS };
