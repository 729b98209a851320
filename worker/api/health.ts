import { Hono } from 'hono';
import { buildDeps } from '../deps';
import { getAudienceRoom } from '../rooms';
import { checkHealth } from '../services/health';
import type { ApiEnv } from './context';

/** The room name reserved for health probes; audience ids are UUIDs, so it cannot collide. */
export const HEALTH_ROOM = '__health__';

export const healthRoutes = new Hono<ApiEnv>().get('/', async (c) => {
  const deps = buildDeps(c.env, c.get('log'));
  const report = await checkHealth({
    // Read lazily: a misconfigured database must fail the Turso check, not the whole report.
    get db() {
      return deps.db;
    },
    bucket: deps.bucket,
    sync: deps.sync,
    now: deps.now,
    newId: deps.newId,
    log: deps.log,
    pingRoom: async (nonce) => (await getAudienceRoom(c.env, HEALTH_ROOM)).ping(nonce),
    sleep: (ms) => scheduler.wait(ms),
  });
  c.header('cache-control', 'no-store');
  return c.json(report, report.status === 'ok' ? 200 : 503);
});
