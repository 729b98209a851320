import { env } from 'cloudflare:workers';
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deadLetters } from '../db/schema';
import { queueProbeKey } from '../services/health';
import { testDb } from '../test-support/db';
import { handleQueue } from './consume';

const message = (id: string, body: unknown, attempts = 1) => ({
  id,
  timestamp: new Date(),
  attempts,
  body,
});

describe('queue consumer', () => {
  it('acks a health ping and leaves the acknowledgement where /api/health looks', async () => {
    const probeId = crypto.randomUUID();
    const batch = createMessageBatch('p360-sync', [
      message('m-1', { type: 'health.ping', probeId, sentAt: Date.now() }),
    ]);
    const ctx = createExecutionContext();
    await handleQueue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(['m-1']);
    expect(result.retryMessages).toEqual([]);
    expect(await env.UPLOADS.head(queueProbeKey(probeId))).not.toBeNull();
  });

  it('keeps a malformed message as a dead letter instead of retrying or dropping it', async () => {
    const messageId = `bad-${crypto.randomUUID()}`;
    const batch = createMessageBatch('p360-ingest', [message(messageId, { type: 'no.such.type' })]);
    const ctx = createExecutionContext();
    await handleQueue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([messageId]);
    const rows = await testDb()
      .select()
      .from(deadLetters)
      .where(eq(deadLetters.messageId, messageId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ queue: 'p360-ingest', body: '{"type":"no.such.type"}' });
  });

  it('records dead-letter-queue messages once, even when delivered twice', async () => {
    const messageId = `dlq-${crypto.randomUUID()}`;
    for (let delivery = 0; delivery < 2; delivery++) {
      const batch = createMessageBatch('p360-sync-dlq', [
        message(messageId, { type: 'health.ping' }, 9),
      ]);
      const ctx = createExecutionContext();
      await handleQueue(batch, env, ctx);
      expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual([]);
    }
    const rows = await testDb()
      .select()
      .from(deadLetters)
      .where(and(eq(deadLetters.queue, 'p360-sync-dlq'), eq(deadLetters.messageId, messageId)));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.attempts).toBe(9);
  });

  it('retries a message whose work fails, and only that message', async () => {
    const failing = {
      ...env,
      UPLOADS: { put: () => Promise.reject(new Error('R2 unavailable')) } as unknown as R2Bucket,
    };
    const batch = createMessageBatch('p360-sync', [
      message('m-fail', { type: 'health.ping', probeId: crypto.randomUUID(), sentAt: 0 }, 3),
      message('m-bad', { type: 'unknown' }),
    ]);
    const ctx = createExecutionContext();
    await handleQueue(batch, failing, ctx);
    const result = await getQueueResult(batch, ctx);
    // (the delay itself is core/queues/backoff's, unit-tested there)
    expect(result.retryMessages).toEqual([expect.objectContaining({ msgId: 'm-fail' })]);
    expect(result.explicitAcks).toEqual(['m-bad']);
  });
});
