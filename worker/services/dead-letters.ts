import { deadLetters } from '../db/schema';
import type { Deps } from '../deps';

type DeadMessage = Pick<Message, 'id' | 'body' | 'attempts'>;

/** Idempotent: a redelivered dead letter (same queue + message id) is stored once. */
export async function recordDeadLetters(
  deps: Pick<Deps, 'db' | 'now' | 'newId' | 'log'>,
  queue: string,
  messages: readonly DeadMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  const receivedAt = new Date(deps.now());
  await deps.db
    .insert(deadLetters)
    .values(
      messages.map((message) => ({
        id: deps.newId(),
        queue,
        messageId: message.id,
        body: JSON.stringify(message.body ?? null),
        attempts: message.attempts,
        receivedAt,
      })),
    )
    .onConflictDoNothing({ target: [deadLetters.queue, deadLetters.messageId] });
  deps.log.warn('dead letters recorded', { queue, count: messages.length });
}
