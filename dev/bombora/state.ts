// Everything the simulator remembers between requests: config, issued tokens, intent queries
// and page tokens, legacy reports and uploads, rate-limit windows, stats, the fault PRNG.
import { randomBytes } from 'node:crypto';
import { prng } from '../prng';
import { defaultConfig, mergeConfig, type BomboraSimConfig, type DeepPartial } from './config';
import { addWeeks, mondayOf } from './dataset';
import type { CompiledFilter } from './intent-filters';

export interface IntentQuery {
  id: string;
  topicIds: number[];
  attributes: string[];
  /** One row per (domain, topic) when `topic` is requested, else one row per domain. */
  pairMode: boolean;
  filter: CompiledFilter | null;
  week: string;
  /** Set when publication happened during this pull: pages ≥ atPage come from `week`. */
  switched: { atPage: number; week: string } | null;
}

export interface PageTokenEntry {
  queryId: string;
  cursor: number;
  page: number;
  issuedAt: number;
}

export interface LegacyReportRequest {
  domains: Set<string> | null;
  uploadType: 'domains' | 'blacklist';
  /** Clusters in request order; plain `Topics` become one unnamed cluster. */
  clusters: { name: string | null; topicIds: number[] }[];
  scoreThreshold: number;
  topicThreshold: number;
  industries: Set<string> | null;
  delta: boolean;
  outputFormat: 'json' | 'csv';
}

export interface LegacyReport {
  id: number;
  owner: string;
  createdAt: number;
  readyAt: number;
  week: string;
  request: LegacyReportRequest;
}

export class SimState {
  config: BomboraSimConfig;
  readonly jwtSecret = randomBytes(32);
  tokens = new Map<string, { clientId: string; exp: number }>();
  queries = new Map<string, IntentQuery>();
  pageTokens = new Map<string, PageTokenEntry>();
  reports = new Map<number, LegacyReport>();
  nextReportId = 1001;
  uploads = new Map<string, { owner: string; domains: string[] }>();
  rateWindows = new Map<string, { window: number; count: number }>();
  calls: Record<string, number> = {};
  rowsServed = 0;
  /** Bodies POSTed to /__sim/webhooks (an alert sink for tests). */
  webhooks: unknown[] = [];
  /** Weeks published since start/reset by the changeWeekAfterPages fault. */
  weekOffset = 0;
  weekChangeArmed = true;
  random: () => number;

  constructor(
    private readonly startConfig: DeepPartial<BomboraSimConfig> | undefined,
    readonly now: () => number,
  ) {
    this.config = mergeConfig(defaultConfig(), startConfig);
    this.random = prng(this.config.faults.seed);
  }

  /** The week new queries and reports are generated from. */
  currentWeek(): string {
    return addWeeks(this.config.week ?? mondayOf(this.now()), this.weekOffset);
  }

  configure(patch: DeepPartial<BomboraSimConfig>): void {
    this.config = mergeConfig(this.config, patch);
    if (patch.faults?.seed !== undefined) this.random = prng(this.config.faults.seed);
    if (patch.faults && 'changeWeekAfterPages' in patch.faults) this.weekChangeArmed = true;
    // Setting the week pins it: weeks published by the fault since are forgotten.
    if ('week' in patch) this.weekOffset = 0;
  }

  reset(): void {
    this.config = mergeConfig(defaultConfig(), this.startConfig);
    this.random = prng(this.config.faults.seed);
    this.tokens.clear();
    this.queries.clear();
    this.pageTokens.clear();
    this.reports.clear();
    this.nextReportId = 1001;
    this.uploads.clear();
    this.rateWindows.clear();
    this.calls = {};
    this.rowsServed = 0;
    this.webhooks = [];
    this.weekOffset = 0;
    this.weekChangeArmed = true;
  }
}
