import { QueueMessageSchema, type QueueMessage } from '../../core/contracts/queue-messages';
import { IngestChunkMessageSchema } from '../../core/contracts/uploads';
import { retryDelaySeconds } from '../../core/queues/backoff';
import { buildDeps, rootLogger, type Deps } from '../deps';
import { errorFields } from '../lib/log';
import { RetryLaterError } from '../integrations/errors';
import { recordDeadLetters } from '../services/dead-letters';
import { ingestChunk, markChunkDead } from '../services/ingest';
import { queueProbeKey } from '../services/health';
import { failDeadRun, finalizeIntentRun, processIntentPull } from '../services/intent-sync';
import {
  IntentFinalizeMessageSchema,
  IntentPullMessageSchema,
  TtdExportMessageSchema,
  Uid2MapMessageSchema,
} from '../../core/contracts/queue-messages';
import { failDeadIdentityRun, processIdentityStep } from '../services/identity-map';
import { failDeadExportRun, processExportStep } from '../services/ttd-export';

/**
 * Consumer for every queue. Dead-letter queues are recorded in Turso for the app to show; work
 * queues route each message on its `type`. Each message is acked or retried on its own, so one
 * failure never re-runs the rest of its batch.
 */
export async function handleQueue(
  batch: MessageBatch,
  env: Env,
  _ctx: ExecutionContext,
): Promise<void> {
  const log = rootLogger(env, { queue: batch.queue });
  const deps = buildDeps(env, log);

  if (batch.queue.endsWith('-dlq')) {
    await recordDeadLetters(deps, batch.queue, batch.messages);
    for (const message of batch.messages) {
      const parsed = IngestChunkMessageSchema.safeParse(message.body);
      if (parsed.success) await markChunkDead(deps, parsed.data);
      const intent = IntentPullMessageSchema.or(IntentFinalizeMessageSchema).safeParse(
        message.body,
      );
      if (intent.success) await failDeadRun(deps, intent.data.orgId, intent.data.runId);
      const uid2 = Uid2MapMessageSchema.safeParse(message.body);
      if (uid2.success) await failDeadIdentityRun(deps, uid2.data.orgId, uid2.data.runId);
      const ttd = TtdExportMessageSchema.safeParse(message.body);
      if (ttd.success) await failDeadExportRun(deps, ttd.data.orgId, ttd.data.runId);
    }
    batch.ackAll();
    return;
  }

  for (const message of batch.messages) {
    const parsed = QueueMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      // A malformed body is a producer bug that no retry can fix: keep it for inspection and move on.
      log.error('invalid queue message', {
        messageId: message.id,
        issues: parsed.error.issues.length,
      });
      await recordDeadLetters(deps, batch.queue, [message]);
      message.ack();
      continue;
    }
    try {
      await dispatch(deps, parsed.data);
      message.ack();
    } catch (error) {
      // A rate limit or Retry-After: come back when asked, not on the generic schedule.
      const delaySeconds =
        error instanceof RetryLaterError
          ? Math.ceil(error.delayMs / 1000)
          : retryDelaySeconds(message.attempts);
      log.warn('queue message failed; retrying', {
        messageId: message.id,
        attempts: message.attempts,
        delaySeconds,
        ...errorFields(error),
      });
      message.retry({ delaySeconds });
    }
  }
}

async function dispatch(deps: Deps, message: QueueMessage): Promise<void> {
  switch (message.type) {
    case 'health.ping':
      // Acknowledge where /api/health is looking for it.
      await deps.bucket.put(queueProbeKey(message.probeId), String(deps.now() - message.sentAt));
      return;
    case 'ingest.chunk':
      await ingestChunk(deps, message);
      return;
    case 'intent.pull':
      await processIntentPull(deps, message);
      return;
    case 'intent.finalize':
      await finalizeIntentRun(deps, message);
      return;
    case 'uid2.map':
      await processIdentityStep(deps, message);
      return;
    case 'ttd.export':
      await processExportStep(deps, message);
      return;
  }
}
