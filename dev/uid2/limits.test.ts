// Auth, the 1 MiB body limit, rate limiting (token bucket and concurrency cap), the simulator-only
// strict mode, the healthcheck and scripted faults.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearerKey } from './server';
import { NOW, sealRequest, startTestSim, type TestSim } from './test-support';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.stop());
beforeEach(() => {
  t.sim.reset();
  t.clock.now = NOW;
});

const MAP = { email: ['user@example.com'] };
const OTHER_SECRET = 'gXQbQ460HNwOHOauI2R+g2gHG3GV6pQXHwTWHVewwlU=';

describe('auth', () => {
  it('reads the Bearer prefix case-insensitively, after trimming', () => {
    expect(bearerKey('  bEaReR   key-1  ')).toBe('key-1');
    expect(bearerKey('Basic key-1')).toBeNull();
    expect(bearerKey(undefined)).toBeNull();
  });

  it('accepts any casing of the prefix over HTTP', async () => {
    const res = await t.call('/v3/identity/map', MAP, { auth: '  BEARER p360-local-uid2-key ' });
    expect(res.status).toBe(200);
  });

  it('answers 401 {"status":"unauthorized"} for a missing or unknown key, unencrypted', async () => {
    for (const auth of [null, 'Bearer nope', 'p360-local-uid2-key']) {
      const res = await t.call('/v3/identity/map', MAP, { auth });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.body).toEqual({ status: 'unauthorized' });
    }
  });

  it('answers 401 for a key without the route role', async () => {
    t.sim.configure({
      clients: [
        { apiKey: 'sharer', secret: OTHER_SECRET, roles: ['SHARER'] },
        { apiKey: 'reader', secret: OTHER_SECRET, roles: ['ID_READER'] },
        { apiKey: 'generator', secret: OTHER_SECRET, roles: ['GENERATOR'] },
      ],
    });
    const as = (key: string, path: string, payload: unknown) =>
      t.call(path, payload, { auth: `Bearer ${key}`, secret: OTHER_SECRET });
    expect((await as('sharer', '/v3/identity/map', MAP)).status).toBe(401);
    expect(
      (await as('sharer', '/v2/identity/buckets', { since_timestamp: '2026-01-01T00:00:00' }))
        .status,
    ).toBe(401);
    expect((await as('generator', '/v2/optout/status', { advertising_ids: [] })).status).toBe(401);
    expect((await as('sharer', '/v2/optout/status', { advertising_ids: [] })).status).toBe(200);
    expect((await as('reader', '/v2/optout/status', { advertising_ids: [] })).status).toBe(200);
  });

  it('uses each client its own secret', async () => {
    t.sim.configure({ clients: [{ apiKey: 'k2', secret: OTHER_SECRET, roles: ['MAPPER'] }] });
    expect(
      (await t.call('/v3/identity/map', MAP, { auth: 'Bearer k2', secret: OTHER_SECRET })).status,
    ).toBe(200);
    const wrong = await t.call('/v3/identity/map', MAP, { auth: 'Bearer k2' });
    expect(wrong.status).toBe(400);
  });
});

describe('body limit', () => {
  it('answers 413 past 1 MiB', async () => {
    const big = 'A'.repeat((1 << 20) + 4);
    const res = await t.raw('/v3/identity/map', big);
    expect(res.status).toBe(413);
    expect(t.sim.stats().bytesReceived).toBe(big.length);
  });

  it('accepts a body of exactly 1 MiB (then judges the envelope)', async () => {
    const res = await t.raw('/v3/identity/map', 'A'.repeat(1 << 20));
    expect(res.status).toBe(400);
  });
});

describe('rate limiting', () => {
  it('answers 429 with an empty body when the token bucket is empty, refilling with time', async () => {
    t.sim.configure({ rateLimit: { requestsPerSecond: 2, burst: 2 } });
    expect((await t.call('/v3/identity/map', MAP)).status).toBe(200);
    expect((await t.call('/v3/identity/map', MAP)).status).toBe(200);
    const limited = await t.raw(
      '/v3/identity/map',
      sealRequest(JSON.stringify(MAP), { ts: t.clock.now }).toString('base64'),
    );
    expect(limited.status).toBe(429);
    expect(limited.bytes.length).toBe(0);
    t.clock.advance(500);
    expect((await t.call('/v3/identity/map', MAP)).status).toBe(200);
    expect((await t.call('/v3/identity/map', MAP)).status).toBe(429);
    expect(t.sim.stats().rateLimited).toBe(2);
  });

  it('answers 429 past the concurrency cap and records the most seen at once', async () => {
    t.sim.configure({
      rateLimit: { maxConcurrent: 2 },
      faults: {
        script: [{ path: '/v3/identity/map', fault: 'latency', latencyMs: 150, times: 2 }],
      },
    });
    const slow = [t.call('/v3/identity/map', MAP), t.call('/v3/identity/map', MAP)];
    await new Promise((r) => setTimeout(r, 50));
    const third = await t.call('/v3/identity/map', MAP);
    expect(third.status).toBe(429);
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual([200, 200]);
    expect(t.sim.stats()).toMatchObject({ maxConcurrent: 2, rateLimited: 1 });
  });
});

describe('strict mode (simulator-only)', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => `user${i}@example.com`);

  it('is off by default: 5,001 identifiers map', async () => {
    const res = await t.call('/v3/identity/map', { email: many(5001) });
    expect(res.status).toBe(200);
  });

  it('refuses more than 5,000 identifiers per request when on', async () => {
    t.sim.configure({ strict: true });
    const res = await t.call('/v3/identity/map', { email: many(4000), phone: many(1001) });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      status: 'client_error',
      message:
        'Request payload is too large: 5001 identifiers, at most 5000 per request (simulator strict mode)',
    });
    expect((await t.call('/v2/identity/map', { email: many(5001) })).status).toBe(400);
    expect((await t.call('/v3/identity/map', { email: many(5000) })).status).toBe(200);
  });
});

describe('routes', () => {
  it('answers the healthcheck without auth', async () => {
    const res = await t.raw('/ops/healthcheck', '', { method: 'GET', auth: null });
    expect(res.status).toBe(200);
    expect(res.text).toBe('OK');
  });

  it('answers 404 for an unknown path and 405 for a wrong method', async () => {
    expect((await t.raw('/v1/identity/map', '')).status).toBe(404);
    expect((await t.raw('/v3/identity/map', '', { method: 'GET' })).status).toBe(405);
  });
});

describe('scripted faults', () => {
  it('answers 500 then 503 as scripted, then recovers', async () => {
    t.sim.configure({
      faults: {
        script: [
          { path: '/v3/identity/map', fault: '500', times: 1 },
          { path: '/v3/', fault: '503', times: 1 },
        ],
      },
    });
    const first = await t.call('/v3/identity/map', MAP);
    expect(first).toMatchObject({ status: 500, body: { status: 'unknown' } });
    expect((await t.call('/v3/identity/map', MAP)).status).toBe(503);
    expect((await t.call('/v3/identity/map', MAP)).status).toBe(200);
    expect(t.sim.config().faults.script).toEqual([]);
  });

  it('answers a scripted 429 with an empty body', async () => {
    t.sim.configure({ faults: { script: [{ path: '/v2/identity/map', fault: '429', times: 1 }] } });
    const res = await t.raw('/v2/identity/map', 'x');
    expect(res.status).toBe(429);
    expect(res.text).toBe('');
  });

  it('only fires for the matching method and path', async () => {
    t.sim.configure({
      faults: { script: [{ method: 'POST', path: '/v2/optout', fault: '500', times: 1 }] },
    });
    expect((await t.call('/v3/identity/map', MAP)).status).toBe(200);
    expect((await t.call('/v2/optout/status', { advertising_ids: [] })).status).toBe(500);
  });

  it('drops the connection after timeoutMs on a timeout fault', async () => {
    t.sim.configure({
      faults: { timeoutMs: 50, script: [{ path: '/v3/identity/map', fault: 'timeout', times: 1 }] },
    });
    await expect(t.call('/v3/identity/map', MAP)).rejects.toThrow();
    expect((await t.call('/v3/identity/map', MAP)).status).toBe(200);
  });
});
