import { z } from 'zod';

/* Bombora intent: the organisation's connection, topics and clusters, sync runs, what is surging. */

export const IntentTopicSchema = z.object({
  id: z.string(),
  name: z.string(),
  theme: z.string(),
  category: z.string(),
  description: z.string().nullable(),
});
export type IntentTopic = z.infer<typeof IntentTopicSchema>;

export interface IntentTopicList {
  topics: IntentTopic[];
  /** The topics the organisation pulls from Bombora (the picker lists them first). */
  selected: string[];
}

const TopicIdsSchema = z.array(z.string().min(1).max(40)).max(500);

export const IntentCredentialsSchema = z.union([
  z.object({
    clientId: z.string().trim().min(1).max(200),
    clientSecret: z.string().min(1).max(500),
  }),
  z.object({
    username: z.string().trim().min(1).max(200),
    password: z.string().min(1).max(500),
  }),
]);

export const BomboraSettingsInputSchema = z
  .object({
    mode: z.enum(['intent', 'legacy']),
    enabled: z.boolean(),
    /** Write-only: stored sealed, never returned. Omit to keep the stored credentials. */
    credentials: IntentCredentialsSchema,
    topicIds: TopicIdsSchema,
    surgeThreshold: z.number().int().min(0).max(100),
    onlyKnownDomains: z.boolean(),
    enrichCompanies: z.boolean(),
    dailyCallQuota: z.number().int().min(10).max(1_000_000),
    /** Write-only; null removes it. Slack-compatible (`{ "text": … }` is posted). */
    alertWebhookUrl: z
      .string()
      .url()
      .max(2000)
      .refine((u) => /^https?:\/\//.test(u), 'Use an http(s) URL')
      .nullable(),
  })
  .partial();
export type BomboraSettingsInput = z.infer<typeof BomboraSettingsInputSchema>;

export interface BomboraSettingsView {
  configured: boolean;
  enabled: boolean;
  mode: 'intent' | 'legacy';
  /** `••••1234` of the client id / username; never the secret. */
  credentialsHint: string | null;
  topicIds: string[];
  surgeThreshold: number;
  onlyKnownDomains: boolean;
  enrichCompanies: boolean;
  dailyCallQuota: number;
  callsToday: number;
  alertWebhookHint: string | null;
  updatedAt: number | null;
}

export const IntentClusterInputSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    topicIds: z.array(z.string().min(1).max(40)).min(1).max(200),
    minTopics: z.number().int().min(1),
  })
  .refine((c) => c.minTopics <= new Set(c.topicIds).size, {
    message: 'The topic threshold cannot exceed the number of topics',
    path: ['minTopics'],
  });
export type IntentClusterInput = z.infer<typeof IntentClusterInputSchema>;

export interface IntentCluster {
  id: string;
  name: string;
  topicIds: string[];
  minTopics: number;
  updatedAt: number;
}

export const INTENT_RUN_STATUS_LABELS = {
  running: 'Running',
  finalizing: 'Finishing',
  succeeded: 'Succeeded',
  no_change: 'No new data',
  restarted: 'Restarted',
  failed: 'Failed',
} as const;
export type IntentRunStatus = keyof typeof INTENT_RUN_STATUS_LABELS;

export interface IntentSyncRun {
  id: string;
  week: string;
  trigger: 'schedule' | 'manual';
  mode: 'intent' | 'legacy';
  status: IntentRunStatus;
  requestedBy: string | null;
  pagesDone: number;
  apiCalls: number;
  rowsReceived: number;
  rowsStored: number;
  quarantined: number;
  unknownTopics: number;
  outOfRange: number;
  duplicates: number;
  freeMail: number;
  domainsMatched: number;
  unmatchedDomains: number;
  companiesEnriched: number;
  error: string | null;
  startedAt: number;
  finishedAt: number | null;
  durationMs: number | null;
}

export interface IntentQuarantinedRow {
  page: number;
  item: number;
  reason: string;
  raw: string;
}

export interface IntentSyncRunDetail extends IntentSyncRun {
  quarantineSample: IntentQuarantinedRow[];
  quarantineByReason: Record<string, number>;
}

export const IntentRunsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.coerce.number().int().optional(),
});

export interface IntentFreshness {
  /** The newest weekly dataset loaded (`YYYY-MM-DD`, a Monday), or null before the first. */
  latestWeek: string | null;
  lastRefreshedAt: number | null;
  stale: boolean;
  staleAfterHours: number;
  running: IntentSyncRun | null;
}

export interface BomboraOverview {
  settings: BomboraSettingsView;
  freshness: IntentFreshness;
}

export type SyncNowResult = { runId: string };

export interface SurgingCompany {
  domain: string;
  name: string | null;
  /** Topics the company is surging on (score ≥ the organisation's threshold). */
  surgingTopics: number;
  topScore: number;
  topTopics: { id: string; name: string; score: number; delta: number | null }[];
  /** Contacts of ours at this company. */
  contacts: number;
}

export interface SurgingTopic {
  id: string;
  name: string;
  theme: string;
  category: string;
  surgingCompanies: number;
  averageScore: number;
}

export interface SurgingView {
  week: string | null;
  threshold: number;
  companies: SurgingCompany[];
  topics: SurgingTopic[];
}
