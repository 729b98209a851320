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

// One libSQL client per isolate and URL: the HTTP client is stateless between requests, and
// re-creating it per request would throw away its connection pool.
const dbCache = new Map<string, Db>();

export function getDb(env: Env): Db {
  const config = getConfig(env);
  const key = `${config.TURSO_DATABASE_URL}\u0000${config.TURSO_AUTH_TOKEN ?? ''}`;
  let db = dbCache.get(key);
  if (!db) {
    db = createDb({ url: config.TURSO_DATABASE_URL, authToken: config.TURSO_AUTH_TOKEN });
    dbCache.set(key, db);
  }
  return db;
}

export function rootLogger(env: Env, fields: LogFields = {}): Logger {
  // Logging must work even when the rest of the configuration is broken, so it parses alone.
  const level = LogLevelSchema.catch('info').parse(env.LOG_LEVEL);
  return createLogger({ service: 'p360-audiences', ...fields }, { level });
}

export function buildDeps(env: Env, log: Logger): Deps {
  return {
    // A getter, so a misconfigured database fails the code that needs it (and the health check
    // reports it) instead of failing every request up front.
    get db() {
      return getDb(env);
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
