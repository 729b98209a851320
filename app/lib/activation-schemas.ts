import { z } from 'zod';
import {
  IDENTITY_KIND_VALUES,
  TTD_REGION_VALUES,
  type AudienceExportStatus,
  type DestinationView,
  type DsrResult,
  type ExportRunDetail,
  type ExportRunView,
  type ExportView,
  type IdentityRunView,
  type ReachEstimate,
  type Uid2Overview,
} from '../../core/contracts/activation';

/*
 * Parsers for the identity and activation API's answers. core/contracts/activation.ts defines the
 * answers as interfaces; pages parse every body (STYLE.md 6), so each schema here is typed against
 * its interface: if the contract changes shape, this file stops compiling.
 */

const Kind = z.enum(IDENTITY_KIND_VALUES);

export const IdentityRunViewSchema: z.ZodType<IdentityRunView> = z.object({
  id: z.string(),
  trigger: z.enum(['upload', 'schedule', 'manual']),
  status: z.enum(['running', 'succeeded', 'failed']),
  phase: z.enum(['discover', 'map']),
  requests: z.number(),
  sent: z.number(),
  mapped: z.number(),
  optedOut: z.number(),
  invalid: z.number(),
  changed: z.number(),
  matchRate: z.number().nullable(),
  error: z.string().nullable(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
});

export const Uid2SettingsViewSchema: z.ZodType<Uid2Overview['settings']> = z.object({
  configured: z.boolean(),
  enabled: z.boolean(),
  credentialsHint: z.string().nullable(),
  mapAfterUpload: z.boolean(),
  updatedAt: z.number().nullable(),
});

export const Uid2OverviewSchema: z.ZodType<Uid2Overview> = z.object({
  settings: Uid2SettingsViewSchema,
  kinds: z.array(
    z.object({
      kind: Kind,
      total: z.number(),
      mapped: z.number(),
      optedOut: z.number(),
      invalid: z.number(),
      pending: z.number(),
      matchRate: z.number().nullable(),
    }),
  ),
  contacts: z.object({
    total: z.number(),
    withIdentifier: z.number(),
    reachable: z.number(),
    matchRate: z.number().nullable(),
  }),
  quality: z.array(
    z.object({ band: z.enum(['none', 'low', 'medium', 'high']), contacts: z.number() }),
  ),
  due: z.number(),
  lastRefreshAt: z.number().nullable(),
  running: IdentityRunViewSchema.nullable(),
  runs: z.array(IdentityRunViewSchema),
});

export const RunStartedSchema = z.object({ runId: z.string() });

export const DestinationViewSchema: z.ZodType<DestinationView> = z.object({
  id: z.string(),
  name: z.string(),
  advertiserId: z.string(),
  region: z.enum(TTD_REGION_VALUES),
  authMode: z.enum(['token', 'signature']),
  secretHint: z.string().nullable(),
  alertWebhookHint: z.string().nullable(),
  failureAlertPercent: z.number(),
  exports: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export const DestinationListSchema = z.object({ destinations: z.array(DestinationViewSchema) });

const ExportRunShape = {
  id: z.string(),
  exportId: z.string(),
  trigger: z.enum(['schedule', 'manual', 'optout']),
  status: z.enum(['running', 'succeeded', 'partial', 'failed']),
  phase: z.enum(['materialize', 'remove', 'add', 'refresh', 'done']),
  audienceVersions: z.array(
    z.object({
      audienceId: z.string(),
      version: z.number(),
      hash: z.string(),
      segmentName: z.string(),
    }),
  ),
  requests: z.number(),
  bytesSent: z.number(),
  audienceSize: z.number(),
  targeted: z.number(),
  added: z.number(),
  removed: z.number(),
  refreshed: z.number(),
  failed: z.number(),
  failedByCode: z.record(z.string(), z.number()),
  skippedOptedOut: z.number(),
  unmapped: z.number(),
  error: z.string().nullable(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
};
export const ExportRunViewSchema: z.ZodType<ExportRunView> = z.object(ExportRunShape);
export const ExportRunListSchema = z.object({ runs: z.array(ExportRunViewSchema) });
export const ExportRunDetailSchema: z.ZodType<ExportRunDetail> = z.object({
  ...ExportRunShape,
  exportName: z.string(),
  failedLines: z.array(
    z.object({
      uid2: z.string(),
      segmentName: z.string(),
      action: z.enum(['add', 'remove', 'refresh']),
      errorCode: z.string(),
      message: z.string().nullable(),
    }),
  ),
});

export const ExportViewSchema: z.ZodType<ExportView> = z.object({
  id: z.string(),
  name: z.string(),
  destinationId: z.string(),
  destinationName: z.string(),
  audiences: z.array(
    z.object({ audienceId: z.string(), audienceName: z.string(), segmentName: z.string() }),
  ),
  ttlDays: z.number(),
  schedule: z.string(),
  scheduleText: z.string(),
  timeZone: z.string(),
  enabled: z.boolean(),
  nextRunAt: z.number().nullable(),
  members: z.number(),
  lastRun: ExportRunViewSchema.nullable(),
  running: z.boolean(),
});
export const ExportListSchema = z.object({
  exports: z.array(ExportViewSchema),
  timeZone: z.string(),
});

export const AudienceExportStatusListSchema = z.object({
  statuses: z.array(
    z.object({
      audienceId: z.string(),
      exportId: z.string(),
      exportName: z.string(),
      status: z.enum(['running', 'succeeded', 'partial', 'failed', 'never_run']),
      lastRunAt: z.number().nullable(),
    }) satisfies z.ZodType<AudienceExportStatus>,
  ),
});

export const ReachEstimateSchema: z.ZodType<ReachEstimate> = z.object({
  audienceId: z.string(),
  size: z.number(),
  byKind: z.array(
    z.object({
      kind: Kind,
      contacts: z.number(),
      mapped: z.number(),
      matchRate: z.number().nullable(),
    }),
  ),
  reachable: z.number(),
  optedOut: z.number(),
  matchRate: z.number().nullable(),
});

export const DsrResultSchema: z.ZodType<DsrResult> = z.object({
  id: z.string(),
  action: z.enum(['delete', 'optout']),
  identifierKind: Kind,
  contactsRemoved: z.number(),
  uid2sFound: z.number(),
  membershipsRemoved: z.number(),
  ttdRequests: z.number(),
  ttdFailures: z.number(),
  createdAt: z.number(),
});
export const DsrListSchema = z.object({ requests: z.array(DsrResultSchema) });

export const TimeZoneSchema = z.object({ timeZone: z.string() });
