// Data-subject requests: /data/deletion-optout/{advertiser,thirdparty,merchant}.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADVERTISER,
  DAID,
  PROVIDER,
  PROVIDER_TOKEN,
  startTestSim,
  TDID,
  UID2,
  type TestSim,
} from './test-support';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.stop());

async function seed(): Promise<void> {
  await t.post('/data/advertiser', {
    AdvertiserId: ADVERTISER,
    Items: [
      { TDID, Data: [{ Name: 'a' }, { Name: 'b' }] },
      { DAID, Data: [{ Name: 'a' }] },
      { UID2, Data: [{ Name: 'b' }] },
    ],
  });
}

describe('POST /data/deletion-optout/advertiser', () => {
  it('removes the ids from every segment of the advertiser and records the request', async () => {
    await seed();
    const res = await t.post('/euw/data/deletion-optout/advertiser', {
      AdvertiserId: ADVERTISER,
      RequestType: 'OptOut',
      DataLoadTraceId: 'trace-1',
      Items: [{ TDID }, { UID2 }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    expect(t.sim.members(ADVERTISER, 'a').map((m) => m.id)).toEqual([DAID]);
    expect(t.sim.members(ADVERTISER, 'b')).toEqual([]);
    const recorded = await t.get('/__sim/dsr');
    expect(recorded.body).toMatchObject({
      requests: [
        {
          endpoint: 'advertiser',
          region: 'euw',
          requestType: 'OptOut',
          advertiserId: ADVERTISER,
          dataLoadTraceId: 'trace-1',
          ids: [
            { idType: 'TDID', id: TDID },
            { idType: 'UID2', id: UID2 },
          ],
        },
      ],
    });
  });

  it('fails a malformed or missing id with InvalidUserId and removes nothing for it', async () => {
    await seed();
    const res = await t.post('/data/deletion-optout/advertiser', {
      AdvertiserId: ADVERTISER,
      RequestType: 'Deletion',
      Items: [{ TDID: 'nope' }, {}, { DAID }],
    });
    expect(res.status).toBe(200);
    expect((res.body as { FailedLines: unknown[] }).FailedLines).toEqual([
      {
        AdvertiserId: ADVERTISER,
        TDID: 'nope',
        ErrorCode: 'InvalidUserId',
        Message: 'Invalid TDID, item #1',
        ItemNumber: '1',
        DataNumber: null,
      },
      {
        AdvertiserId: ADVERTISER,
        TDID: null,
        ErrorCode: 'InvalidUserId',
        Message: 'Missing user id, item #2',
        ItemNumber: '2',
        DataNumber: null,
      },
    ]);
    expect(t.sim.members(ADVERTISER, 'a').map((m) => m.id)).toEqual([TDID]);
  });

  it('requires RequestType OptOut or Deletion', async () => {
    const res = await t.post('/data/deletion-optout/advertiser', {
      AdvertiserId: ADVERTISER,
      RequestType: 'Forget',
      Items: [{ TDID }],
    });
    expect(res.status).toBe(400);
    expect(t.sim.dsr()).toEqual([]);
  });

  it('applies the same token rules as uploads', async () => {
    const body = { AdvertiserId: 'adv2', RequestType: 'OptOut', Items: [{ TDID }] };
    expect((await t.post('/data/deletion-optout/advertiser', body)).status).toBe(403);
    expect((await t.post('/data/deletion-optout/advertiser', body, { token: 'x' })).status).toBe(
      401,
    );
  });
});

describe('third-party and merchant DSR', () => {
  it('removes ids from the data provider segments', async () => {
    await t.post(
      '/data/thirdparty',
      { DataProviderId: PROVIDER, Items: [{ TDID, Data: [{ Name: 'e' }] }] },
      { token: PROVIDER_TOKEN },
    );
    const res = await t.post(
      '/data/deletion-optout/thirdparty',
      { DataProviderId: PROVIDER, BrandId: 'brand-1', RequestType: 'Deletion', Items: [{ TDID }] },
      { token: PROVIDER_TOKEN },
    );
    expect(res.body).toEqual({});
    expect(t.sim.members(PROVIDER, 'e', 'dataProvider')).toEqual([]);
    expect(t.sim.dsr()[0]).toMatchObject({ endpoint: 'thirdparty', brandId: 'brand-1' });
  });

  it('validates and records merchant requests', async () => {
    const ok = await t.post(
      '/data/deletion-optout/merchant',
      { MerchantId: 11449, RequestType: 'OptOut', Items: [{ TDID }, { UID2: '*' }] },
      { token: 'merchant-token' },
    );
    expect(ok.status).toBe(200);
    expect((ok.body as { FailedLines: unknown[] }).FailedLines).toMatchObject([
      { MerchantId: 11449, ErrorCode: 'InvalidUserId', ItemNumber: '2' },
    ]);
    expect(t.sim.dsr()[0]).toMatchObject({ endpoint: 'merchant', merchantId: 11449 });
    const unknown = await t.post(
      '/data/deletion-optout/merchant',
      { MerchantId: 0, RequestType: 'OptOut', Items: [{ TDID }] },
      { token: 'merchant-token' },
    );
    expect(unknown.status).toBe(400);
    const missing = await t.post(
      '/data/deletion-optout/merchant',
      { RequestType: 'OptOut', Items: [{ TDID }] },
      { token: 'merchant-token' },
    );
    expect(missing.status).toBe(400);
  });
});
