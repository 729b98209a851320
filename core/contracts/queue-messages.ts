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

export const QueueMessageSchema = z.discriminatedUnion('type', [
  HealthPingMessageSchema,
  IngestChunkMessageSchema,
]);
export type QueueMessage = z.infer<typeof QueueMessageSchema>;
export type HealthPingMessage = z.infer<typeof HealthPingMessageSchema>;
