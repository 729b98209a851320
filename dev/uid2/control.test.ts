// The simulator-only /__sim control endpoints and the programmatic handle: config, reset, stats,
// bucket rotation, opt-outs and expected answers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NOW, startTestSim, type TestSim } from './test-support';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.stop());
beforeEach(() => {
  t.sim.reset();
  t.clock.now = NOW;
});

const DAY = 86_400_000;
type Mapped = { u: string; p: string | null; r: number };

async function v3Email(email: string): Promise<Mapped | { e: string }> {
  const res = await t.call('/v3/identity/map', { email: [email] });
  expect(res.status).toBe(200);
  return (res.body as { body: { email: (Mapped | { e: string })[] } }).body.email[0] as Mapped;
}

describe('/__sim/config', () => {
  it('returns the current config', async () => {
    const res = await t.control('GET', '/__sim/config');
    expect(res.body).toMatchObject({
      timestampToleranceMs: 60_000,
      maxBodyBytes: 1048576,
      strict: false,
      salts: { bucketCount: 1024, previousUidDays: 90 },
      rateLimit: { requestsPerSecond: 0, maxConcurrent: 20 },
    });
  });

  it('merges a PATCH deeply and replaces arrays', async () => {
    const res = await t.control('PATCH', '/__sim/config', {
      rateLimit: { burst: 5 },
      clients: [
        { apiKey: 'k2', secret: 'gXQbQ460HNwOHOauI2R+g2gHG3GV6pQXHwTWHVewwlU=', roles: ['SHARER'] },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rateLimit: { burst: 5, maxConcurrent: 20 } });
    expect(t.sim.config().clients.map((c) => c.apiKey)).toEqual(['k2']);
  });

  it('accepts POST too', async () => {
    expect((await t.control('POST', '/__sim/config', { strict: true })).status).toBe(200);
    expect(t.sim.config().strict).toBe(true);
  });

  it('refuses an invalid patch with 400', async () => {
    const res = await t.control('PATCH', '/__sim/config', { strict: 'yes', nope: 1 });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: expect.any(String) });
  });

  it('answers a pinned mapping as configured', async () => {
    t.sim.configure({
      pinned: [{ identity: { email: 'pin@example.com' }, u: 'U', p: 'P', r: 42 }],
    });
    expect(await v3Email('PIN@example.com')).toEqual({ u: 'U', p: 'P', r: 42 });
  });
});

describe('/__sim/reset', () => {
  it('restores the start config and forgets rotations, opt-outs and stats', async () => {
    const before = await v3Email('user@example.com');
    t.sim.rotate({ identities: [{ email: 'user@example.com' }] });
    t.sim.optOut({ email: 'gone@example.com' });
    t.sim.configure({ strict: true });
    expect((await t.control('POST', '/__sim/reset')).status).toBe(200);
    expect(t.sim.config().strict).toBe(false);
    expect(t.sim.config().optOuts).toEqual([]);
    expect(t.sim.stats().calls).toEqual({});
    expect(await v3Email('user@example.com')).toEqual(before);
    expect(await v3Email('gone@example.com')).toHaveProperty('u');
  });
});

describe('/__sim/stats', () => {
  it('counts calls and items per endpoint, bytes received and statuses', async () => {
    await t.call('/v3/identity/map', {
      email: ['a@example.com', 'b@example.com'],
      phone: ['+12345678901'],
    });
    await t.call('/v2/identity/map', { email: ['a@example.com'] });
    await t.call('/v2/optout/status', { advertising_ids: ['x', 'y'] });
    await t.call('/v3/identity/map', { email: ['a@example.com'] }, { auth: null });
    const res = await t.control('GET', '/__sim/stats');
    expect(res.body).toEqual({
      calls: {
        'POST /v3/identity/map': 2,
        'POST /v2/identity/map': 1,
        'POST /v2/optout/status': 1,
      },
      items: {
        'POST /v3/identity/map': 3,
        'POST /v2/identity/map': 1,
        'POST /v2/optout/status': 2,
      },
      rateLimited: 0,
      maxConcurrent: 1,
      bytesReceived: expect.any(Number),
      statuses: { '200': 3, '401': 1 },
    });
    expect((res.body as { bytesReceived: number }).bytesReceived).toBeGreaterThan(4 * 45);
  });
});

describe('/__sim/rotate', () => {
  it('rotates the bucket of an identity: new u, previous as p, refresh and last_updated moved', async () => {
    const before = (await v3Email('user@example.com')) as Mapped;
    t.clock.advance(1000);
    const res = await t.control('POST', '/__sim/rotate', {
      identities: [{ email: 'USER@example.com' }],
    });
    expect(res.status).toBe(200);
    const rotated = (
      res.body as { rotated: { bucket_id: string; last_updated: string; refresh_from: number }[] }
    ).rotated;
    expect(rotated).toEqual([
      {
        bucket_id: expect.stringMatching(/^[A-Za-z0-9]{10}$/),
        last_updated: '2026-11-25T12:00:01.000',
        refresh_from: NOW + 1000 + 30 * DAY,
      },
    ]);
    const after = (await v3Email('user@example.com')) as Mapped;
    expect(after.u).not.toBe(before.u);
    expect(after).toEqual({ u: after.u, p: before.u, r: (NOW + 1000 + 30 * DAY) / 1000 });
    const v2 = await t.call('/v2/identity/map', { email: ['user@example.com'] });
    expect(v2.body).toMatchObject({ body: { mapped: [{ bucket_id: rotated[0]?.bucket_id }] } });
  });

  it('answers p for 90 days after a rotation, then null; r is next midnight once refresh_from passed', async () => {
    t.sim.rotate({ identities: [{ email: 'user@example.com' }], refreshFrom: NOW + DAY });
    t.clock.advance(89 * DAY);
    const within = (await v3Email('user@example.com')) as Mapped;
    expect(within.p).not.toBeNull();
    expect(within.r).toBe(Date.parse('2027-02-23T00:00:00.000Z') / 1000);
    t.clock.advance(DAY);
    expect(((await v3Email('user@example.com')) as Mapped).p).toBeNull();
  });

  it('rotates buckets by id, leaving others alone', async () => {
    const v2 = await t.call('/v2/identity/map', { email: ['a@example.com', 'b@example.com'] });
    const [a, b] = (
      v2.body as { body: { mapped: { bucket_id: string; advertising_id: string }[] } }
    ).body.mapped;
    expect(a?.bucket_id).not.toBe(b?.bucket_id);
    t.sim.rotate({ bucketIds: [a?.bucket_id as string] });
    expect(((await v3Email('a@example.com')) as Mapped).p).toBe(a?.advertising_id);
    expect(((await v3Email('b@example.com')) as Mapped).u).toBe(b?.advertising_id);
  });

  it('rotates a seeded fraction of buckets, reproducibly', () => {
    const first = t.sim.rotate({ fraction: 0.1, seed: 7 }).rotated.map((r) => r.bucket_id);
    t.sim.reset();
    const again = t.sim.rotate({ fraction: 0.1, seed: 7 }).rotated.map((r) => r.bucket_id);
    expect(again).toEqual(first);
    expect(first.length).toBeGreaterThan(60);
    expect(first.length).toBeLessThan(150);
  });

  it('refuses an unknown bucket id or an invalid identity', async () => {
    expect((await t.control('POST', '/__sim/rotate', { bucketIds: ['nope'] })).status).toBe(400);
    expect(
      (await t.control('POST', '/__sim/rotate', { identities: [{ email: 'not-an-email' }] }))
        .status,
    ).toBe(400);
    expect(() => t.sim.rotate({ bucketIds: ['nope'] })).toThrow('Unknown bucket id: nope');
  });
});

describe('/__sim/optout', () => {
  it('opts identities out by email, phone or hash', async () => {
    const res = await t.control('POST', '/__sim/optout', [
      { email: 'Gone@Example.com' },
      { phone: '+15555550100', optedOutSince: 1_600_000_000_000 },
      { email_hash: 'FsGNM28LJQ8OLZB0Us65ZYp07NrovJSGTCMSKnLMJ6U=' },
    ]);
    expect(res.status).toBe(200);
    const optedOut = (
      res.body as { opted_out: { advertising_id: string; opted_out_since: number }[] }
    ).opted_out;
    expect(optedOut.map((o) => o.opted_out_since)).toEqual([NOW, 1_600_000_000_000, NOW]);
    const v3 = await t.call('/v3/identity/map', {
      email: ['gone@example.com', 'MyEmail@example.com'],
      phone: ['+15555550100'],
    });
    expect(v3.body).toMatchObject({
      body: { email: [{ e: 'optout' }, { e: 'optout' }], phone: [{ e: 'optout' }] },
    });
    const status = await t.call('/v2/optout/status', {
      advertising_ids: optedOut.map((o) => o.advertising_id),
    });
    expect(status.body).toEqual({ body: { opted_out: optedOut }, status: 'success' });
  });

  it('refuses an entry without exactly one identity', async () => {
    expect(
      (await t.control('POST', '/__sim/optout', { email: 'a@b.c', phone: '+12345678901' })).status,
    ).toBe(400);
    expect((await t.control('POST', '/__sim/optout', { phone: '12345' })).status).toBe(400);
  });
});

describe('/__sim/expected', () => {
  it('answers what /v3/identity/map answers, without auth or envelope', async () => {
    const input = { email: ['user@example.com', 'bad', 'optout@example.com'], phone_hash: [] };
    const res = await t.control('POST', '/__sim/expected', input);
    const v3 = await t.call('/v3/identity/map', input);
    expect(res.status).toBe(200);
    expect(res.body).toEqual((v3.body as { body: unknown }).body);
  });

  it('accepts single strings', async () => {
    const res = await t.control('POST', '/__sim/expected', { phone: '+12345678901' });
    expect(res.body).toMatchObject({ phone: [{ u: expect.any(String) }], email: [] });
  });

  it('refuses what v3 refuses', async () => {
    expect(await t.control('POST', '/__sim/expected', { nope: [] })).toEqual({
      status: 400,
      body: { message: 'Incorrect request format' },
    });
  });
});
