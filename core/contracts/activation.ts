import { z } from 'zod';
import { describeSchedule, validateSchedule } from '../activation/schedule';
import { SEGMENT_NAME_MAX, segmentNameProblem } from '../activation/segment-name';

/*
 * Identity (UID2) and activation (The Trade Desk): the wire shapes of the API, shared by the Worker
 * and the app. Secrets are write-only everywhere: a view carries a hint, never the value.
 */

export const IDENTITY_KIND_VALUES = ['email', 'phone'] as const;
export type IdentityKind = (typeof IDENTITY_KIND_VALUES)[number];

const WebhookSchema = z
  .string()
  .url()
  .max(2000)
  .refine((u) => /^https?:\/\//.test(u), 'Use an http(s) URL');

// ---------------------------------------------------------------------------------------------
// UID2

export const Uid2SettingsInputSchema = z
  .object({
    /** Write-only, sealed. Both together; omit both to keep the stored ones. */
    credentials: z.object({
      apiKey: z.string().trim().min(1).max(500),
      clientSecret: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9+/]{43}=$/, 'The client secret is the Base64 of a 32-byte key'),
    }),
    enabled: z.boolean(),
    /** Map the new identifiers of every finished upload. */
    mapAfterUpload: z.boolean(),
  })
  .partial();
export type Uid2SettingsInput = z.infer<typeof Uid2SettingsInputSchema>;

export interface IdentityRunView {
  id: string;
  trigger: 'upload' | 'schedule' | 'manual';
  status: 'running' | 'succeeded' | 'failed';
  phase: 'discover' | 'map';
  requests: number;
  sent: number;
  mapped: number;
  optedOut: number;
  invalid: number;
  /** Mappings whose UID2 changed (salt-bucket rotation). */
  changed: number;
  matchRate: number | null;
  error: string | null;
  startedAt: number;
  finishedAt: number | null;
}

export interface IdentityKindStats {
  kind: IdentityKind;
  total: number;
  mapped: number;
  optedOut: number;
  invalid: number;
  pending: number;
  /** mapped ÷ (total − pending), null before anything is mapped. */
  matchRate: number | null;
}

export interface Uid2Overview {
  settings: {
    configured: boolean;
    enabled: boolean;
    credentialsHint: string | null;
    mapAfterUpload: boolean;
    updatedAt: number | null;
  };
  kinds: IdentityKindStats[];
  contacts: {
    total: number;
    withIdentifier: number;
    /** At least one identifier mapped to a UID2 (and none opted out). */
    reachable: number;
    matchRate: number | null;
  };
  /** Contacts per identity-quality band (core/activation/identity-quality.ts). */
  quality: { band: 'none' | 'low' | 'medium' | 'high'; contacts: number }[];
  /** Mappings due for refresh now (their `r` has passed). */
  due: number;
  lastRefreshAt: number | null;
  running: IdentityRunView | null;
  runs: IdentityRunView[];
}

// ---------------------------------------------------------------------------------------------
// The Trade Desk: destinations

export const TTD_REGION_VALUES = ['use', 'usw', 'euw', 'sin', 'tok'] as const;
export const TTD_REGION_LABELS: Record<(typeof TTD_REGION_VALUES)[number], string> = {
  use: 'US East',
  usw: 'US West',
  euw: 'Europe (UK/EU)',
  sin: 'Asia Pacific (Singapore)',
  tok: 'Japan (Tokyo)',
};

export const DestinationInputSchema = z.object({
  name: z.string().trim().min(1).max(120),
  advertiserId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'An advertiser id is letters, digits, - and _'),
  region: z.enum(TTD_REGION_VALUES),
  authMode: z.enum(['token', 'signature']),
  /** Write-only: the TTD-Auth token, or the advertiser's first-party data secret key. */
  secret: z.string().trim().min(8).max(2000).optional(),
  /** Write-only; null removes it. */
  alertWebhookUrl: WebhookSchema.nullable().optional(),
  /** Alert when more than this share of a run's items fail. */
  failureAlertPercent: z.number().int().min(0).max(100).default(5),
});
export type DestinationInput = z.input<typeof DestinationInputSchema>;
export const DestinationPatchSchema = DestinationInputSchema.partial();

export interface DestinationView {
  id: string;
  name: string;
  advertiserId: string;
  region: (typeof TTD_REGION_VALUES)[number];
  authMode: 'token' | 'signature';
  secretHint: string | null;
  alertWebhookHint: string | null;
  failureAlertPercent: number;
  exports: number;
  createdAt: number;
  updatedAt: number;
}

// ---------------------------------------------------------------------------------------------
// Exports

export const TTL_DAYS_MAX = 180;

export const SegmentNameSchema = z
  .string()
  .max(SEGMENT_NAME_MAX, `At most ${SEGMENT_NAME_MAX} characters`)
  .superRefine((name, ctx) => {
    const problem = segmentNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const ScheduleSchema = z
  .string()
  .trim()
  .max(120)
  .superRefine((cron, ctx) => {
    const problem = validateSchedule(cron);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const ExportInputSchema = z.object({
  name: z.string().trim().min(1).max(120),
  destinationId: z.string().min(1),
  /** In priority order: a person is sent only to the first audience's segment that holds them. */
  audiences: z
    .array(z.object({ audienceId: z.string().min(1), segmentName: SegmentNameSchema }))
    .min(1)
    .max(10)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((entry, i) => {
        if (seen.has(entry.audienceId))
          ctx.addIssue({ code: 'custom', path: [i, 'audienceId'], message: 'Listed twice' });
        if (seen.has(`segment:${entry.segmentName}`))
          ctx.addIssue({ code: 'custom', path: [i, 'segmentName'], message: 'Used twice' });
        seen.add(entry.audienceId).add(`segment:${entry.segmentName}`);
      });
    }),
  /** How long TTD keeps a member without a re-send (1–180 days). */
  ttlDays: z.number().int().min(1).max(TTL_DAYS_MAX),
  /** Five-field cron, read in the organisation's time zone. */
  schedule: ScheduleSchema,
  enabled: z.boolean().default(true),
});
export type ExportInput = z.input<typeof ExportInputSchema>;
export const ExportPatchSchema = ExportInputSchema.partial();

export interface ExportRunView {
  id: string;
  exportId: string;
  trigger: 'schedule' | 'manual' | 'optout';
  status: 'running' | 'succeeded' | 'partial' | 'failed';
  phase: 'materialize' | 'remove' | 'add' | 'refresh' | 'done';
  /** Exactly what the run exported: each audience's saved version (0 = the draft) and hash. */
  audienceVersions: { audienceId: string; version: number; hash: string; segmentName: string }[];
  requests: number;
  bytesSent: number;
  audienceSize: number;
  targeted: number;
  added: number;
  removed: number;
  refreshed: number;
  failed: number;
  failedByCode: Record<string, number>;
  skippedOptedOut: number;
  unmapped: number;
  error: string | null;
  startedAt: number;
  finishedAt: number | null;
  durationMs: number | null;
}

export interface FailedLineView {
  /** The UID2, shortened: enough to find it, not to copy it around. */
  uid2: string;
  segmentName: string;
  action: 'add' | 'remove' | 'refresh';
  errorCode: string;
  message: string | null;
}

export interface ExportRunDetail extends ExportRunView {
  exportName: string;
  failedLines: FailedLineView[];
}

export interface ExportView {
  id: string;
  name: string;
  destinationId: string;
  destinationName: string;
  audiences: { audienceId: string; audienceName: string; segmentName: string }[];
  ttlDays: number;
  schedule: string;
  /** The schedule in words, e.g. "At 06:00 AM, only on Monday (Europe/London)". */
  scheduleText: string;
  timeZone: string;
  enabled: boolean;
  nextRunAt: number | null;
  /** UID2s TTD holds for this export, as far as we sent them. */
  members: number;
  lastRun: ExportRunView | null;
  running: boolean;
}

/** Estimated reach of an audience on The Trade Desk before exporting it. */
export interface ReachEstimate {
  audienceId: string;
  size: number;
  byKind: { kind: IdentityKind; contacts: number; mapped: number; matchRate: number | null }[];
  /** Members with at least one UID2 (and none opted out): what an export would send. */
  reachable: number;
  optedOut: number;
  matchRate: number | null;
}

export interface AudienceExportStatus {
  audienceId: string;
  exportId: string;
  exportName: string;
  status: ExportRunView['status'] | 'never_run';
  lastRunAt: number | null;
}

export { describeSchedule };

// ---------------------------------------------------------------------------------------------
// Data-subject requests

export const DsrInputSchema = z
  .object({
    action: z.enum(['delete', 'optout']),
    email: z.string().trim().min(3).max(320).optional(),
    phone: z.string().trim().min(5).max(40).optional(),
    /** For a phone without a country prefix (ISO 3166 alpha-2). */
    defaultCountry: z.string().length(2).optional(),
  })
  .refine((v) => Boolean(v.email) !== Boolean(v.phone), {
    message: 'Give exactly one of email or phone',
  });
export type DsrInput = z.infer<typeof DsrInputSchema>;

export interface DsrResult {
  id: string;
  action: 'delete' | 'optout';
  identifierKind: IdentityKind;
  contactsRemoved: number;
  uid2sFound: number;
  membershipsRemoved: number;
  ttdRequests: number;
  ttdFailures: number;
  createdAt: number;
}
