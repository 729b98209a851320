import { z } from 'zod';
import { getConfig, type Config } from './config';
import { createDb, type Db } from './db/client';
import { createLogger, type Logger, type LogFields } from './lib/log';

/**
 * What services need from the outside world, passed in rather than reached for, so tests can hand
 * them real local instances or fakes. Transport code (fetch, queue, scheduled) builds it from env.
 */
const LogLevelSchema = z.enum(['debug', 'info', 'warn', 'error']);

export interface Deps {
  db: Db;
  bucket: R2Bucket;
  ingest: Queue;
  sync: Queue;
  now: () => number;
  newId: () => string;
  log: Logger;
  /** Validated configuration (throws the `misconfigured` error when env is broken). */
  readonly config: Config;
}

/**
 * A new libSQL client — one per request (buildDeps keeps it for the request). Never share one
 * between requests: the client's promises (its concurrency limiter, its pipelined streams) would be
 * settled by another request's I/O, which workerd refuses — it cancels the waiting request as
 * hung. With one client per isolate, 90 of 120 concurrent API requests failed that way. Creating one
 * costs no round trip (Hrana v2 over HTTP has no handshake); workerd pools the connections.
 */
export function getDb(env: Env): Db {
  const config = getConfig(env);
  return createDb({ url: config.TURSO_DATABASE_URL, authToken: config.TURSO_AUTH_TOKEN });
}

export function rootLogger(env: Env, fields: LogFields = {}): Logger {
  // Logging must work even when the rest of the configuration is broken, so it parses alone.
  const level = LogLevelSchema.catch('info').parse(env.LOG_LEVEL);
  return createLogger({ service: 'p360-audiences', ...fields }, { level });
}

export function buildDeps(env: Env, log: Logger): Deps {
  let db: Db | undefined;
  return {
    // A getter, so a misconfigured database fails the code that needs it (and the health check
    // reports it) instead of failing every request up front.
    get db() {
      return (db ??= getDb(env));
    },
    bucket: env.UPLOADS,
    ingest: env.INGEST,
    sync: env.SYNC,
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    log,
    get config() {
      return getConfig(env);
    },
  };
}
