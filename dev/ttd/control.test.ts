// The /__sim control endpoints and the programmatic handle.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADVERTISER, DAID, START, startTestSim, TDID, upload, type TestSim } from './test-support';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.stop());

async function patch(body: unknown): Promise<Response> {
  return fetch(`${t.url}/__sim/config`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('/__sim/config', () => {
  it('shows the config and merges a deep-partial PATCH', async () => {
    const before = (await t.get('/__sim/config')).body as { auth: { token: boolean } };
    expect(before.auth.token).toBe(true);
    const res = await patch({ auth: { signature: false }, maxNameLength: 50 });
    expect(res.status).toBe(200);
    expect(t.sim.config()).toMatchObject({
      auth: { token: true, signature: false, invalidTokenStatus: 401 },
      maxNameLength: 50,
    });
  });

  it('refuses unknown keys and wrong types with 400', async () => {
    expect((await patch({ nope: 1 })).status).toBe(400);
    expect((await patch({ maxBodyBytes: -1 })).status).toBe(400);
    expect(
      (await patch({ faults: { script: [{ path: '/data', fault: '418', times: 1 }] } })).status,
    ).toBe(400);
  });
});

describe('/__sim/segments', () => {
  it('lists segments with member counts, and current members with expiry', async () => {
    await t.post('/data/advertiser', {
      AdvertiserId: ADVERTISER,
      Items: [
        { TDID, Data: [{ Name: 'a', TtlInMinutes: 10 }] },
        { DAID, Data: [{ Name: 'a', TtlInMinutes: 20 }] },
      ],
    });
    const segments = await t.get(`/__sim/segments?advertiserId=${ADVERTISER}`);
    expect(segments.body).toMatchObject({
      kind: 'advertiser',
      id: ADVERTISER,
      segments: [{ name: 'a', memberCount: 2, region: 'usw' }],
    });
    t.clock.advance(15 * 60_000);
    const members = await t.get(`/__sim/segments/members?advertiserId=${ADVERTISER}&name=a`);
    expect(members.body).toMatchObject({
      name: 'a',
      members: [
        {
          idType: 'DAID',
          id: DAID,
          expiresAt: new Date(START + 20 * 60_000).toISOString(),
          region: 'usw',
        },
      ],
    });
  });

  it('answers a missing owner with 400 and an unknown segment with 404', async () => {
    expect((await t.get('/__sim/segments')).status).toBe(400);
    expect((await t.get(`/__sim/segments/members?advertiserId=${ADVERTISER}&name=zz`)).status).toBe(
      404,
    );
  });
});

describe('/__sim/stats and /__sim/requests', () => {
  it('counts requests per endpoint, items and bytes, and logs recent requests', async () => {
    const body = JSON.stringify({
      AdvertiserId: ADVERTISER,
      Items: [
        { TDID, Data: [{ Name: 'a' }] },
        { DAID, Data: [{ Name: 'a' }] },
      ],
    });
    await t.post('/data/advertiser', body);
    await t.post('/tok/data/advertiser', upload({ TDID }), { token: 'bad' });
    const stats = (await t.get('/__sim/stats')).body;
    expect(stats).toMatchObject({
      requests: { 'POST /data/advertiser': 2 },
      byRegion: { usw: 1, tok: 1 },
      byStatus: { '200': 1, '401': 1 },
      itemsReceived: 2,
      status413: 0,
      status429: 0,
    });
    expect((stats as { bytesReceived: number }).bytesReceived).toBeGreaterThan(
      Buffer.byteLength(body),
    );
    const log = (await t.get('/__sim/requests?limit=1')).body as { requests: unknown[] };
    expect(log.requests).toEqual([
      expect.objectContaining({
        path: '/tok/data/advertiser',
        region: 'tok',
        authMode: 'token',
        status: 401,
      }),
    ]);
    expect(t.sim.requests()[0]).toMatchObject({
      items: 2,
      bytes: Buffer.byteLength(body),
      principal: ADVERTISER,
    });
  });

  it('keeps only the last requestLogSize requests', async () => {
    t.sim.configure({ requestLogSize: 2 });
    for (let i = 0; i < 3; i++) await t.post('/data/advertiser', upload({ TDID }));
    expect(t.sim.requests()).toHaveLength(2);
  });
});

describe('/__sim/reset', () => {
  it('restores the start config and forgets segments, DSR records, requests and stats', async () => {
    t.sim.configure({ maxNameLength: 3 });
    await t.post('/data/advertiser', upload({ TDID }, { Name: 'abc' }));
    await t.post('/data/deletion-optout/advertiser', {
      AdvertiserId: ADVERTISER,
      RequestType: 'OptOut',
      Items: [{ DAID }],
    });
    const res = await fetch(`${t.url}/__sim/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(t.sim.config().maxNameLength).toBe(256);
    expect(t.sim.config().advertisers.map((a) => a.advertiserId)).toContain(ADVERTISER);
    expect(t.sim.segments(ADVERTISER)).toEqual([]);
    expect(t.sim.dsr()).toEqual([]);
    expect(t.sim.requests()).toEqual([]);
    expect(t.sim.stats().requests).toEqual({});
  });
});
