// Everything the simulator remembers between requests: config, salt buckets and their
// rotations, the rate-limit token bucket, requests in flight, stats.
import { defaultConfig, mergeConfig, type DeepPartial, type Uid2SimConfig } from './config';
import { SaltPool } from './salts';

export interface Uid2Stats {
  /** Requests per 'METHOD /path' (API routes only, 429s included). */
  calls: Record<string, number>;
  /** Identifiers received per 'METHOD /path' (identity/map items, optout/status ids). */
  items: Record<string, number>;
  /** Responses with status 429 (rate limit, concurrency cap or fault). */
  rateLimited: number;
  /** Most API requests in flight at once. */
  maxConcurrent: number;
  /** Request body bytes received on API routes. */
  bytesReceived: number;
  /** Responses per status code. */
  statuses: Record<string, number>;
}

function emptyStats(): Uid2Stats {
  return { calls: {}, items: {}, rateLimited: 0, maxConcurrent: 0, bytesReceived: 0, statuses: {} };
}

export class SimState {
  config: Uid2SimConfig;
  salts: SaltPool;
  stats = emptyStats();
  inFlight = 0;
  tokens: number;
  tokensAt: number;

  constructor(
    private readonly startConfig: DeepPartial<Uid2SimConfig> | undefined,
    readonly now: () => number,
  ) {
    this.config = mergeConfig(defaultConfig(), startConfig);
    this.salts = new SaltPool(this.config.salts);
    this.tokens = this.config.rateLimit.burst;
    this.tokensAt = now();
  }

  configure(patch: DeepPartial<Uid2SimConfig>): void {
    this.config = mergeConfig(this.config, patch);
    if (patch.salts) this.salts.rebuild(this.config.salts);
    if (patch.rateLimit) {
      this.tokens = this.config.rateLimit.burst;
      this.tokensAt = this.now();
    }
  }

  reset(): void {
    this.config = mergeConfig(defaultConfig(), this.startConfig);
    this.salts.rebuild(this.config.salts);
    this.stats = emptyStats();
    this.tokens = this.config.rateLimit.burst;
    this.tokensAt = this.now();
  }

  /** Takes one token from the bucket; false = rate limited. */
  takeToken(): boolean {
    const { requestsPerSecond, burst } = this.config.rateLimit;
    if (requestsPerSecond <= 0) return true;
    const now = this.now();
    this.tokens = Math.min(burst, this.tokens + ((now - this.tokensAt) / 1000) * requestsPerSecond);
    this.tokensAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  count(bucket: Record<string, number>, key: string, n = 1): void {
    bucket[key] = (bucket[key] ?? 0) + n;
  }
}
