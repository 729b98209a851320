import { z } from 'zod';

/*
 * Bombora's wire formats, as the client reads them (../shared/reference/external-apis.md §3).
 * Responses are validated here once; a row that does not fit is quarantined by the refresh, never
 * dropped. Where Bombora's documentation is silent (UNCONFIRMED), the shape follows
 * docs/simulators/bombora.md and the client is lenient: extra keys pass through.
 */

/** `POST /oauth/token` → a bearer token. */
export const BomboraTokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().int().positive(),
});

/** Every current-API error: `{ "message": string | null }`. */
export const BomboraErrorSchema = z.object({ message: z.string().nullable() });

/** `POST /intent/v1/data` → the token of the first page. */
export const BomboraPageTokenSchema = z.object({ pageToken: z.string().min(1) });

/** `GET /intent/v1/data` → one page. Rows stay `unknown` here: each is checked on its own. */
export const BomboraPageSchema = z.object({
  data: z.array(z.unknown()),
  nextPageToken: z.string().min(1).nullable().optional(),
});

/** One row of the attributes the refresh requests (see INTENT_ATTRIBUTES). */
export const BomboraIntentRowSchema = z.object({
  domain: z.string().min(1).max(255),
  topic: z.string().min(1).max(200),
  score: z.number().finite(),
  scoreLabel: z.string().nullish(),
  company: z
    .object({
      name: z.string().nullish(),
      industry: z.string().nullish(),
      size: z.string().nullish(),
      revenue: z.string().nullish(),
      hq: z.object({ country: z.string().nullish() }).partial().nullish(),
    })
    .partial()
    .nullish(),
});
export type BomboraIntentRow = z.infer<typeof BomboraIntentRowSchema>;

/** The attributes the refresh asks for: the record key (domain, topic), the score, firmographics. */
export const INTENT_ATTRIBUTES = [
  'domain',
  'topic',
  'score',
  'scoreLabel',
  'company.name',
  'company.industry',
  'company.size',
  'company.revenue',
  'company.hq.country',
] as const;

/** Reference API `GET /reference/v1/topics`. */
export const BomboraTopicSchema = z.object({
  id: z.union([z.number().int(), z.string().min(1)]).transform(String),
  name: z.string().min(1),
  theme: z.string().min(1),
  category: z.string().min(1),
  description: z.string().nullish(),
});
export const BomboraTopicsSchema = z.object({ topics: z.array(BomboraTopicSchema) });
export type BomboraTopic = z.infer<typeof BomboraTopicSchema>;

/* Legacy Company Surge API (sentry.bombora.com): `{ Success, Message }` envelopes. */

export const LegacyCreateSchema = z.object({
  Id: z.number().int(),
  Success: z.boolean(),
  Message: z.string().nullable().optional(),
});

export const LegacyEnvelopeSchema = z.object({
  Success: z.boolean(),
  Message: z.string().nullable().optional(),
});

/** One line of a JSON-format Company Surge report (column names UNCONFIRMED; see the simulator doc). */
export const LegacyReportRowSchema = z.object({
  Domain: z.string().min(1).max(255),
  TopicId: z.union([z.number().int(), z.string().min(1)]).transform(String),
  TopicName: z.string().nullish(),
  CompositeScore: z.number().finite(),
  CompanyName: z.string().nullish(),
  Industry: z.string().nullish(),
  Size: z.string().nullish(),
  Revenue: z.string().nullish(),
  HqCountry: z.string().nullish(),
});
export type LegacyReportRow = z.infer<typeof LegacyReportRowSchema>;
