import { z } from 'zod';
import { IngestChunkMessageSchema } from './uploads';

/**
 * Every message on the INGEST and SYNC queues. The consumer parses with this schema and routes on
 * `type`; a body that does not parse is a bug in a producer and is acked with an error log rather
 * than retried (retrying cannot fix it).
 */
export const HealthPingMessageSchema = z.object({
  type: z.literal('health.ping'),
  probeId: z.string().uuid(),
  sentAt: z.number().int(),
});

/**
 * One page of a Bombora pull (SYNC queue). Each page's message sends the next page's, so one page
 * is in flight per run (backpressure), and each is retried on its own. `pageToken` null: start the
 * pull (intent mode) or create the report (legacy mode, then `reportId` is polled).
 */
export const IntentPullMessageSchema = z.object({
  type: z.literal('intent.pull'),
  orgId: z.string().min(1),
  runId: z.string().min(1),
  page: z.number().int().min(0),
  pageToken: z.string().min(1).nullable(),
  reportId: z.number().int().optional(),
});
export type IntentPullMessage = z.infer<typeof IntentPullMessageSchema>;

/** The last page is staged: check the dataset did not change underneath, then swap the week in. */
export const IntentFinalizeMessageSchema = z.object({
  type: z.literal('intent.finalize'),
  orgId: z.string().min(1),
  runId: z.string().min(1),
});
export type IntentFinalizeMessage = z.infer<typeof IntentFinalizeMessageSchema>;

/**
 * The next steps of a UID2 mapping run (SYNC queue). Steps are numbered: a step commits with a
 * compare-and-set on the run's step count, so a re-delivered message does nothing twice. One
 * message in flight per run keeps the organisation's identity-map requests sequential.
 */
export const Uid2MapMessageSchema = z.object({
  type: z.literal('uid2.map'),
  orgId: z.string().min(1),
  runId: z.string().min(1),
  step: z.number().int().min(0),
});
export type Uid2MapMessage = z.infer<typeof Uid2MapMessageSchema>;

/** The next steps of a Trade Desk export run (materialise, then send removes, adds, refreshes). */
export const TtdExportMessageSchema = z.object({
  type: z.literal('ttd.export'),
  orgId: z.string().min(1),
  runId: z.string().min(1),
  step: z.number().int().min(0),
});
export type TtdExportMessage = z.infer<typeof TtdExportMessageSchema>;

export const QueueMessageSchema = z.discriminatedUnion('type', [
  Uid2MapMessageSchema,
  TtdExportMessageSchema,
  HealthPingMessageSchema,
  IngestChunkMessageSchema,
  IntentPullMessageSchema,
  IntentFinalizeMessageSchema,
]);
export type QueueMessage = z.infer<typeof QueueMessageSchema>;
export type HealthPingMessage = z.infer<typeof HealthPingMessageSchema>;
