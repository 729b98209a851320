import { z } from 'zod';
import {
  INTENT_RUN_STATUS_LABELS,
  IntentTopicSchema,
  type BomboraOverview,
  type BomboraSettingsView,
  type IntentCluster,
  type IntentFreshness,
  type IntentSyncRun,
  type IntentSyncRunDetail,
  type IntentTopicList,
  type SurgingView,
  type SyncNowResult,
} from '../../core/contracts/intent';

/*
 * Parsers for the intent API's answers. core/contracts/intent.ts defines these answers as
 * interfaces only; the pages parse every body (STYLE.md 6), so each schema here is typed against
 * its interface: if the contract changes shape, this file stops compiling.
 */

const Mode = z.enum(['intent', 'legacy']);
const RunStatus = z.enum(
  Object.keys(INTENT_RUN_STATUS_LABELS) as [keyof typeof INTENT_RUN_STATUS_LABELS],
);

export const BomboraSettingsViewSchema: z.ZodType<BomboraSettingsView> = z.object({
  configured: z.boolean(),
  enabled: z.boolean(),
  mode: Mode,
  credentialsHint: z.string().nullable(),
  topicIds: z.array(z.string()),
  surgeThreshold: z.number(),
  onlyKnownDomains: z.boolean(),
  enrichCompanies: z.boolean(),
  dailyCallQuota: z.number(),
  callsToday: z.number(),
  alertWebhookHint: z.string().nullable(),
  updatedAt: z.number().nullable(),
});

const IntentSyncRunShape = z.object({
  id: z.string(),
  week: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  mode: Mode,
  status: RunStatus,
  requestedBy: z.string().nullable(),
  pagesDone: z.number(),
  apiCalls: z.number(),
  rowsReceived: z.number(),
  rowsStored: z.number(),
  quarantined: z.number(),
  unknownTopics: z.number(),
  outOfRange: z.number(),
  duplicates: z.number(),
  freeMail: z.number(),
  domainsMatched: z.number(),
  unmatchedDomains: z.number(),
  companiesEnriched: z.number(),
  error: z.string().nullable(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
});
export const IntentSyncRunSchema: z.ZodType<IntentSyncRun> = IntentSyncRunShape;

export const IntentSyncRunDetailSchema: z.ZodType<IntentSyncRunDetail> = IntentSyncRunShape.extend({
  quarantineSample: z.array(
    z.object({ page: z.number(), item: z.number(), reason: z.string(), raw: z.string() }),
  ),
  quarantineByReason: z.record(z.string(), z.number()),
});

export const IntentRunListSchema = z.object({ runs: z.array(IntentSyncRunSchema) });

const IntentFreshnessSchema: z.ZodType<IntentFreshness> = z.object({
  latestWeek: z.string().nullable(),
  lastRefreshedAt: z.number().nullable(),
  stale: z.boolean(),
  staleAfterHours: z.number(),
  running: IntentSyncRunSchema.nullable(),
});

export const BomboraOverviewSchema: z.ZodType<BomboraOverview> = z.object({
  settings: BomboraSettingsViewSchema,
  freshness: IntentFreshnessSchema,
});

export const SyncNowResultSchema: z.ZodType<SyncNowResult> = z.object({ runId: z.string() });

export const IntentTopicListSchema: z.ZodType<IntentTopicList> = z.object({
  topics: z.array(IntentTopicSchema),
  selected: z.array(z.string()),
});

export const IntentClusterSchema: z.ZodType<IntentCluster> = z.object({
  id: z.string(),
  name: z.string(),
  topicIds: z.array(z.string()),
  minTopics: z.number(),
  updatedAt: z.number(),
});
export const IntentClusterListSchema = z.object({ clusters: z.array(IntentClusterSchema) });

export const SurgingViewSchema: z.ZodType<SurgingView> = z.object({
  week: z.string().nullable(),
  threshold: z.number(),
  companies: z.array(
    z.object({
      domain: z.string(),
      name: z.string().nullable(),
      surgingTopics: z.number(),
      topScore: z.number(),
      topTopics: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          score: z.number(),
          delta: z.number().nullable(),
        }),
      ),
      contacts: z.number(),
    }),
  ),
  topics: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      theme: z.string(),
      category: z.string(),
      surgingCompanies: z.number(),
      averageScore: z.number(),
    }),
  ),
});
