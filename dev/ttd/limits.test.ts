// Body-size limit, rate limit, scripted faults and regional addressing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADVERTISER, startTestSim, TDID, upload, type TestSim } from './test-support';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.stop());

describe('body size', () => {
  it('answers a body above maxBodyBytes with 413 plain text and counts it', async () => {
    t.sim.configure({ maxBodyBytes: 1000 });
    const items = Array.from({ length: 30 }, () => ({ TDID, Data: [{ Name: 'seg-a' }] }));
    const res = await t.post('/data/advertiser', { AdvertiserId: ADVERTISER, Items: items });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(t.sim.stats()).toMatchObject({ status413: 1 });
    expect(t.sim.segments(ADVERTISER)).toEqual([]);
  });

  it('defaults to 2,500,000 bytes', () => {
    expect(t.sim.config().maxBodyBytes).toBe(2_500_000);
  });
});

describe('rate limit', () => {
  it('is off by default', async () => {
    for (let i = 0; i < 20; i++)
      expect((await t.post('/data/advertiser', upload({ TDID }))).status).toBe(200);
  });

  it('answers requests beyond rateLimitPerSecond with 429, Retry-After and a JSON body', async () => {
    t.sim.configure({ rateLimitPerSecond: 2 });
    expect((await t.post('/data/advertiser', upload({ TDID }))).status).toBe(200);
    expect((await t.post('/data/advertiser', upload({ TDID }))).status).toBe(200);
    const limited = await t.post('/data/advertiser', upload({ TDID }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.body).toEqual({ Message: 'Rate limit exceeded', FailedLines: [] });
    expect(t.sim.stats().status429).toBe(1);
    t.clock.advance(1000);
    expect((await t.post('/data/advertiser', upload({ TDID }))).status).toBe(200);
  });

  it('counts each advertiser separately', async () => {
    t.sim.configure({ rateLimitPerSecond: 1 });
    expect((await t.post('/data/advertiser', upload({ TDID }))).status).toBe(200);
    const other = await t.post('/data/advertiser', upload({ TDID }, undefined, 'adv2'), {
      token: 'adv2-token',
    });
    expect(other.status).toBe(200);
  });
});

describe('scripted faults', () => {
  it('injects 503 "Handler disabled or request dropped" for the next N matching requests', async () => {
    t.sim.configure({ faults: { script: [{ path: '/data/advertiser', fault: '503', times: 2 }] } });
    for (let i = 0; i < 2; i++) {
      const res = await t.post('/data/advertiser', upload({ TDID }));
      expect(res.status).toBe(503);
      expect(res.text).toBe('Handler disabled or request dropped');
    }
    expect((await t.post('/data/advertiser', upload({ TDID }))).status).toBe(200);
    expect(t.sim.segments(ADVERTISER)[0]?.memberCount).toBe(1);
  });

  it('injects 429 with the scripted Retry-After and 500', async () => {
    t.sim.configure({
      faults: {
        script: [
          { path: '/data/advertiser', fault: '429', times: 1, retryAfterSeconds: 7 },
          { path: '/data/thirdparty', fault: '500', times: 1 },
        ],
      },
    });
    const limited = await t.post('/data/advertiser', upload({ TDID }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    const failed = await t.post('/data/thirdparty', {});
    expect(failed.status).toBe(500);
  });

  it('matches a region-scoped fault only in that region', async () => {
    t.sim.configure({
      faults: { script: [{ path: '/data/', region: 'euw', fault: '503', times: 1 }] },
    });
    expect((await t.post('/usw/data/advertiser', upload({ TDID }))).status).toBe(200);
    expect((await t.post('/euw/data/advertiser', upload({ TDID }))).status).toBe(503);
  });

  it('holds a timed-out request, then drops the connection', async () => {
    t.sim.configure({
      faults: { timeoutMs: 50, script: [{ path: '/data/advertiser', fault: 'timeout', times: 1 }] },
    });
    await expect(t.post('/data/advertiser', upload({ TDID }))).rejects.toThrow();
    expect((await t.post('/data/advertiser', upload({ TDID }))).status).toBe(200);
  });

  it('adds latency to every API request', async () => {
    t.sim.configure({ faults: { latencyMs: 60 } });
    const started = performance.now();
    await t.post('/data/advertiser', upload({ TDID }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });
});

describe('regions', () => {
  it('serves every enabled region under /{region}/data and records the region', async () => {
    for (const region of ['use', 'usw', 'euw', 'sin', 'tok']) {
      const res = await fetch(`${t.sim.regionUrl(region)}/data/advertiser`, {
        method: 'POST',
        headers: { 'ttd-auth': 'adv1-token', 'content-type': 'application/json' },
        body: JSON.stringify(upload({ TDID }, { Name: `seg-${region}` })),
      });
      expect(res.status).toBe(200);
    }
    expect(t.sim.segments(ADVERTISER).map((s) => [s.name, s.region])).toEqual([
      ['seg-use', 'use'],
      ['seg-usw', 'usw'],
      ['seg-euw', 'euw'],
      ['seg-sin', 'sin'],
      ['seg-tok', 'tok'],
    ]);
    expect(t.sim.members(ADVERTISER, 'seg-euw')[0]?.region).toBe('euw');
    expect(t.sim.stats().byRegion).toMatchObject({ use: 1, usw: 1, euw: 1, sin: 1, tok: 1 });
  });

  it('serves unprefixed /data paths as the default region', async () => {
    t.sim.configure({ defaultRegion: 'euw' });
    await t.post('/data/advertiser', upload({ TDID }));
    expect(t.sim.requests()[0]).toMatchObject({ region: 'euw', endpoint: '/data/advertiser' });
  });

  it('answers an unknown or disabled region with 404', async () => {
    expect((await t.post('/xyz/data/advertiser', upload({ TDID }))).status).toBe(404);
    t.sim.configure({ enabledRegions: ['usw'] });
    expect((await t.post('/euw/data/advertiser', upload({ TDID }))).status).toBe(404);
    expect((await t.post('/usw/data/advertiser', upload({ TDID }))).status).toBe(200);
  });

  it('answers unknown paths with 404 and other methods with 405', async () => {
    expect((await t.post('/usw/data/nothing', {})).status).toBe(404);
    expect((await fetch(`${t.url}/usw/data/advertiser`)).status).toBe(405);
  });
});
