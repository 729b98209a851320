import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../../dev/db-tasks';
import { startLibsqlServer, type LibsqlServer } from '../../../dev/libsql-server/index';
import { createDb, type Db } from '../../db/client';
import { QuotaExceededError } from './errors';
import { callsToday, usageLimiter } from './usage-limiter';

/** The limiter against a real libSQL server: counts are shared by every invocation through Turso. */
let server: LibsqlServer;
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'p360-limiter-'));
  server = await startLibsqlServer({ dbPath: join(dir, 'db'), port: 0, log: () => {} });
  await migrateDatabase({ url: server.url });
  db = createDb({ url: server.url });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const MINUTE = 60_000;
const at = Date.parse('2026-11-30T10:00:05Z');

describe('the Bombora usage limiter', () => {
  it('allows the per-minute rate, then asks to wait for the next minute without counting', async () => {
    const limiter = usageLimiter(
      db,
      'org-rate',
      { perMinute: 3, perEndpoint: false, dailyQuota: 100 },
      () => at,
    );
    expect([
      await limiter.acquire('a'),
      await limiter.acquire('b'),
      await limiter.acquire('a'),
    ]).toEqual([0, 0, 0]);
    const wait = await limiter.acquire('a');
    expect(wait).toBe(MINUTE - 5_000 + 50);
    expect(await callsToday(db, 'org-rate', at)).toBe(3);
  });

  it('counts each endpoint on its own in legacy mode (60 a minute per endpoint)', async () => {
    const limiter = usageLimiter(
      db,
      'org-legacy',
      { perMinute: 1, perEndpoint: true, dailyQuota: 100 },
      () => at,
    );
    expect(await limiter.acquire('POST /v4/Surge/Create')).toBe(0);
    expect(await limiter.acquire('GET /v2/Surge/TryGetResult')).toBe(0);
    expect(await limiter.acquire('GET /v2/Surge/TryGetResult')).toBeGreaterThan(0);
  });

  it('starts afresh the next minute', async () => {
    let now = at;
    const limiter = usageLimiter(
      db,
      'org-next',
      { perMinute: 1, perEndpoint: false, dailyQuota: 100 },
      () => now,
    );
    expect(await limiter.acquire('a')).toBe(0);
    expect(await limiter.acquire('a')).toBeGreaterThan(0);
    now += MINUTE;
    expect(await limiter.acquire('a')).toBe(0);
  });

  it('refuses calls past the daily quota, and is shared by every limiter of the organisation', async () => {
    const make = () =>
      usageLimiter(
        db,
        'org-quota',
        { perMinute: 100, perEndpoint: false, dailyQuota: 2 },
        () => at,
      );
    await make().acquire('a');
    await make().acquire('a');
    await expect(make().acquire('a')).rejects.toBeInstanceOf(QuotaExceededError);
    expect(await callsToday(db, 'org-quota', at)).toBe(2);
    expect(await callsToday(db, 'org-quota', at + 86_400_000)).toBe(0);
  });
});
