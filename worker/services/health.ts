import { sql } from 'drizzle-orm';
import {
  summariseHealth,
  type HealthCheck,
  type HealthCheckName,
  type HealthReport,
} from '../../core/contracts/health';
import type { HealthPingMessage } from '../../core/contracts/queue-messages';
import type { Deps } from '../deps';
import { errorFields } from '../lib/log';

export interface HealthDeps extends Pick<Deps, 'db' | 'bucket' | 'sync' | 'now' | 'newId' | 'log'> {
  /** A round trip to a Durable Object (the AudienceRoom reserved for health probes). */
  pingRoom: (nonce: string) => Promise<{ nonce: string }>;
  /** Resolves after roughly `ms`; injected so tests never wait on real time. */
  sleep: (ms: number) => Promise<void>;
  queueTimeoutMs?: number;
  checkTimeoutMs?: number;
}

/** Where the queue consumer acknowledges a health probe, so the API can see it was consumed. */
export const queueProbeKey = (probeId: string) => `_health/queue/${probeId}`;

/**
 * Exercises every dependency for real — a query on Turso, an R2 write/read/delete, a queue message
 * observed on the far side, a Durable Object storage round trip — and times each. Checks run in
 * parallel and each has its own timeout, so one hung dependency cannot hide the others.
 */
export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const timeout = deps.checkTimeoutMs ?? 10_000;
  const checks = {
    turso: () => checkTurso(deps),
    r2: () => checkR2(deps),
    queue: () => checkQueue(deps),
    durableObject: () => checkDurableObject(deps),
  } satisfies Record<HealthCheckName, () => Promise<void>>;

  const names = Object.keys(checks) as HealthCheckName[];
  const results = await Promise.all(names.map((name) => timed(deps, name, checks[name], timeout)));
  return summariseHealth(
    Object.fromEntries(names.map((name, i) => [name, results[i]])) as Record<
      HealthCheckName,
      HealthCheck
    >,
  );
}

async function timed(
  deps: HealthDeps,
  name: HealthCheckName,
  run: () => Promise<void>,
  timeoutMs: number,
): Promise<HealthCheck> {
  const started = deps.now();
  try {
    await Promise.race([
      run(),
      deps.sleep(timeoutMs).then(() => {
        throw new Error(`timed out after ${timeoutMs} ms`);
      }),
    ]);
    return { ok: true, ms: Math.max(0, Math.round(deps.now() - started)) };
  } catch (error) {
    deps.log.warn('health check failed', { check: name, ...errorFields(error) });
    return {
      ok: false,
      ms: Math.max(0, Math.round(deps.now() - started)),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

async function checkTurso(deps: HealthDeps): Promise<void> {
  const row = await deps.db.get<{ one: number }>(sql`select 1 as one`);
  if (row?.one !== 1) throw new Error('unexpected result from select 1');
}

async function checkR2(deps: HealthDeps): Promise<void> {
  const key = `_health/r2/${deps.newId()}`;
  const body = `probe ${key}`;
  await deps.bucket.put(key, body);
  try {
    const object = await deps.bucket.get(key);
    if (!object || (await object.text()) !== body)
      throw new Error('R2 did not read back what was written');
  } finally {
    await deps.bucket.delete(key);
  }
  if (await deps.bucket.head(key)) throw new Error('R2 object still present after delete');
}

async function checkQueue(deps: HealthDeps): Promise<void> {
  const probeId = deps.newId();
  const message: HealthPingMessage = { type: 'health.ping', probeId, sentAt: deps.now() };
  await deps.sync.send(message);
  const deadline = deps.now() + (deps.queueTimeoutMs ?? 8_000);
  const key = queueProbeKey(probeId);
  while (deps.now() < deadline) {
    if (await deps.bucket.head(key)) {
      await deps.bucket.delete(key);
      return;
    }
    await deps.sleep(50);
  }
  throw new Error('message was sent but not consumed in time');
}

async function checkDurableObject(deps: HealthDeps): Promise<void> {
  const nonce = deps.newId();
  const reply = await deps.pingRoom(nonce);
  if (reply.nonce !== nonce) throw new Error('Durable Object answered with the wrong nonce');
}
