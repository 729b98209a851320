// POST /data/advertiser and /data/thirdparty: request validation, per-item FailedLines,
// membership state (TTL, expiry, removal), first-valid-wins and the segment cap.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADVERTISER,
  DAID,
  PROVIDER,
  PROVIDER_TOKEN,
  START,
  startTestSim,
  TDID,
  UID2,
  upload,
  type TestSim,
} from './test-support';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.stop());

type Lines = { FailedLines: Record<string, string | null>[] };
const lines = (body: unknown): Record<string, string | null>[] => (body as Lines).FailedLines;

describe('request validation (400 ServerResponse)', () => {
  it('rejects a body that is not JSON', async () => {
    const res = await t.post('/data/advertiser', '{"AdvertiserId":');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ Message: 'Request body is not valid JSON', FailedLines: [] });
  });

  it('requires AdvertiserId', async () => {
    const res = await t.post('/data/advertiser', { Items: [{ TDID, Data: [{ Name: 'x' }] }] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ Message: 'AdvertiserId is required' });
  });

  it('answers an advertiser that is not configured with 400', async () => {
    const res = await t.post('/data/advertiser', upload({ TDID }, undefined, 'ghost'));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      Message: "Advertiser 'ghost' is not configured for data upload",
    });
  });

  it('requires a non-empty Items list', async () => {
    const res = await t.post('/data/advertiser', { AdvertiserId: ADVERTISER, Items: [] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ Message: 'Items attribute must be a non-empty list.' });
  });

  it('refuses unknown top-level properties', async () => {
    const res = await t.post('/data/advertiser', { ...upload({ TDID }), Extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ Message: "Unknown property 'Extra'" });
  });

  it('matches property names case-insensitively', async () => {
    const res = await t.post('/data/advertiser', {
      advertiserid: ADVERTISER,
      items: [{ tdid: TDID, data: [{ name: 'seg-a', ttlinminutes: 5 }] }],
    });
    expect(res.status).toBe(200);
    expect(t.sim.members(ADVERTISER, 'seg-a')).toHaveLength(1);
  });
});

describe('per-item FailedLines (HTTP 200)', () => {
  it('answers an all-good upload with 200 {}', async () => {
    const res = await t.post('/data/advertiser', upload({ UID2 }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
  });

  it('fails an item without any identifier with MissingUserId', async () => {
    const res = await t.post('/data/advertiser', upload({}));
    expect(lines(res.body)).toEqual([
      {
        TDID: null,
        DataName: null,
        ErrorCode: 'MissingUserId',
        Message: 'Missing user id, item #1',
        ItemNumber: '1',
        DataNumber: null,
      },
    ]);
  });

  it('fails the "*" sentinel and a malformed UID2 as "Invalid UID2, item #N"', async () => {
    const body = {
      AdvertiserId: ADVERTISER,
      Items: [
        { UID2, Data: [{ Name: 'seg-a' }] },
        { UID2: '*', Data: [{ Name: 'seg-a' }] },
        { UID2: UID2.replace('=', 'A'), Data: [{ Name: 'seg-a' }] },
      ],
    };
    const res = await t.post('/data/advertiser', body);
    expect(lines(res.body).map((l) => [l.ItemNumber, l.ErrorCode, l.Message])).toEqual([
      ['2', 'MissingUserId', 'Invalid UID2, item #2'],
      ['3', 'MissingUserId', 'Invalid UID2, item #3'],
    ]);
    expect(t.sim.members(ADVERTISER, 'seg-a').map((m) => m.id)).toEqual([UID2]);
  });

  it('fails TDID and DAID values that are not 36-character GUIDs', async () => {
    const res = await t.post('/data/advertiser', {
      AdvertiserId: ADVERTISER,
      Items: [
        { TDID: TDID.replace(/-/g, ''), Data: [{ Name: 'a' }] },
        { DAID: 'not-a-guid', Data: [{ Name: 'a' }] },
      ],
    });
    expect(lines(res.body).map((l) => [l.ErrorCode, l.Message, l.TDID])).toEqual([
      ['MissingUserId', 'Invalid TDID, item #1', TDID.replace(/-/g, '')],
      ['MissingUserId', 'Invalid DAID, item #2', null],
    ]);
  });

  it('fails a TTL below 0 or above 259200 with InvalidTtlInMinutes on its data line', async () => {
    const res = await t.post('/data/advertiser', {
      AdvertiserId: ADVERTISER,
      Items: [
        {
          TDID,
          Data: [
            { Name: 'ok', TtlInMinutes: 259_200 },
            { Name: 'neg', TtlInMinutes: -1 },
          ],
        },
        { DAID, Data: [{ Name: 'big', TTLInMinutes: 259_201 }] },
      ],
    });
    expect(
      lines(res.body).map((l) => [l.ItemNumber, l.DataNumber, l.DataName, l.ErrorCode]),
    ).toEqual([
      ['1', '2', 'neg', 'InvalidTtlInMinutes'],
      ['2', '1', 'big', 'InvalidTtlInMinutes'],
    ]);
    // Failed items change nothing, not even their good lines.
    expect(t.sim.segments(ADVERTISER)).toEqual([]);
  });

  it('fails a Name longer than maxNameLength with DataNameTooLong', async () => {
    t.sim.configure({ maxNameLength: 10 });
    const ok = await t.post('/data/advertiser', upload({ TDID }, { Name: 'x'.repeat(10) }));
    expect(ok.body).toEqual({});
    const res = await t.post('/data/advertiser', upload({ TDID }, { Name: 'x'.repeat(11) }));
    expect(lines(res.body)[0]).toMatchObject({ ErrorCode: 'DataNameTooLong', DataNumber: '1' });
  });

  it('fails a BidFactor outside (0, maxBidFactor] with InvalidBidFactor', async () => {
    for (const BidFactor of [0, -1, 5.5]) {
      const res = await t.post('/data/advertiser', upload({ TDID }, { Name: 'a', BidFactor }));
      expect(lines(res.body)[0]).toMatchObject({ ErrorCode: 'InvalidBidFactor' });
    }
    const ok = await t.post(
      '/data/advertiser',
      upload({ TDID }, { Name: 'a', BidFactor: 1.5, BaseBidCPM: 5 }),
    );
    expect(ok.body).toEqual({});
  });

  it('fails a negative BaseBidCPM with InvalidBaseBidCPM', async () => {
    const res = await t.post('/data/advertiser', upload({ TDID }, { Name: 'a', BaseBidCPM: -1 }));
    expect(lines(res.body)[0]).toMatchObject({ ErrorCode: 'InvalidBaseBidCPM' });
  });

  it('fails an item with an unknown property or a missing Name with ItemDeserializationError', async () => {
    const res = await t.post('/data/advertiser', {
      AdvertiserId: ADVERTISER,
      Items: [
        { TDID, Email: 'a@b.c', Data: [{ Name: 'a' }] },
        { TDID, Data: [{ TtlInMinutes: 5 }] },
        { TDID },
        { TDID, Data: [{ Name: 'a', TtlInMinutes: '5' }] },
      ],
    });
    expect(lines(res.body).map((l) => [l.ItemNumber, l.ErrorCode])).toEqual([
      ['1', 'ItemDeserializationError'],
      ['2', 'ItemDeserializationError'],
      ['3', 'ItemDeserializationError'],
      ['4', 'ItemDeserializationError'],
    ]);
  });
});

describe('first-valid-wins', () => {
  it('files an item with a "*" UID2 and a valid TDID under the TDID', async () => {
    const res = await t.post('/data/advertiser', upload({ UID2: '*', TDID }));
    expect(res.body).toEqual({});
    expect(t.sim.members(ADVERTISER, 'seg-a')).toMatchObject([{ idType: 'TDID', id: TDID }]);
  });

  it('prefers TDID over DAID over UID2 when several are valid', async () => {
    await t.post('/data/advertiser', upload({ UID2, DAID, TDID }));
    await t.post('/data/advertiser', upload({ UID2, DAID }, { Name: 'seg-b' }));
    expect(t.sim.members(ADVERTISER, 'seg-a')).toMatchObject([{ idType: 'TDID' }]);
    expect(t.sim.members(ADVERTISER, 'seg-b')).toMatchObject([{ idType: 'DAID' }]);
  });

  it('falls through a malformed TDID to a valid UID2', async () => {
    await t.post('/data/advertiser', upload({ TDID: 'bad', UID2 }));
    expect(t.sim.members(ADVERTISER, 'seg-a')).toMatchObject([{ idType: 'UID2', id: UID2 }]);
  });
});

describe('membership state', () => {
  it('auto-creates a segment with a numeric FirstPartyDataId on first use of a Name', async () => {
    await t.post('/data/advertiser', upload({ TDID }));
    await t.post('/data/advertiser', upload({ DAID }));
    const [segment] = t.sim.segments(ADVERTISER);
    expect(segment).toMatchObject({ name: 'seg-a', memberCount: 2, region: 'usw' });
    expect(Number.isInteger(segment?.id)).toBe(true);
  });

  it('accepts both TtlInMinutes and TTLInMinutes', async () => {
    await t.post('/data/advertiser', upload({ TDID }, { Name: 'a', TtlInMinutes: 10 }));
    await t.post('/data/advertiser', upload({ TDID }, { Name: 'b', TTLInMinutes: 20 }));
    expect(t.sim.members(ADVERTISER, 'a')[0]?.expiresAt).toBe(
      new Date(START + 10 * 60_000).toISOString(),
    );
    expect(t.sim.members(ADVERTISER, 'b')[0]?.expiresAt).toBe(
      new Date(START + 20 * 60_000).toISOString(),
    );
  });

  it('applies the default TTL (43200 minutes) when none is sent', async () => {
    await t.post('/data/advertiser', upload({ TDID }, { Name: 'a' }));
    expect(t.sim.members(ADVERTISER, 'a')[0]?.expiresAt).toBe(
      new Date(START + 43_200 * 60_000).toISOString(),
    );
  });

  it('counts the TTL from TimestampUtc when given (UTC even without an offset)', async () => {
    await t.post(
      '/data/advertiser',
      upload({ TDID }, { Name: 'a', TimestampUtc: '2026-11-25T11:00:00', TtlInMinutes: 90 }),
    );
    expect(t.sim.members(ADVERTISER, 'a')[0]?.expiresAt).toBe('2026-11-25T12:30:00.000Z');
  });

  it('removes an id from a segment with TTL 0, leaving the others', async () => {
    await t.post('/data/advertiser', {
      AdvertiserId: ADVERTISER,
      Items: [
        { TDID, Data: [{ Name: 'a', TtlInMinutes: 60 }] },
        { DAID, Data: [{ Name: 'a', TtlInMinutes: 60 }] },
      ],
    });
    await t.post('/data/advertiser', upload({ TDID }, { Name: 'a', TTLInMinutes: 0 }));
    expect(t.sim.members(ADVERTISER, 'a').map((m) => m.id)).toEqual([DAID]);
  });

  it('does not create a segment for a TTL 0 removal', async () => {
    await t.post('/data/advertiser', upload({ TDID }, { Name: 'never', TtlInMinutes: 0 }));
    expect(t.sim.segments(ADVERTISER)).toEqual([]);
  });

  it('stops counting a member once its TTL has passed', async () => {
    await t.post('/data/advertiser', upload({ TDID }, { Name: 'a', TtlInMinutes: 10 }));
    t.clock.advance(10 * 60_000 - 1);
    expect(t.sim.members(ADVERTISER, 'a')).toHaveLength(1);
    t.clock.advance(1);
    expect(t.sim.members(ADVERTISER, 'a')).toEqual([]);
    expect(t.sim.segments(ADVERTISER)[0]?.memberCount).toBe(0);
  });

  it('refreshes the expiry when the same id is sent again', async () => {
    await t.post('/data/advertiser', upload({ TDID }, { Name: 'a', TtlInMinutes: 10 }));
    t.clock.advance(5 * 60_000);
    await t.post('/data/advertiser', upload({ TDID }, { Name: 'a', TtlInMinutes: 10 }));
    expect(t.sim.members(ADVERTISER, 'a')[0]?.expiresAt).toBe(
      new Date(START + 15 * 60_000).toISOString(),
    );
  });
});

describe('segment cap', () => {
  it('fails the first Name beyond maxSegmentsPerOwner with TargetingDataCreationLimitExceeded', async () => {
    t.sim.configure({ maxSegmentsPerOwner: 2 });
    const res = await t.post('/data/advertiser', {
      AdvertiserId: ADVERTISER,
      Items: [
        { TDID, Data: [{ Name: 's1' }, { Name: 's2' }] },
        { DAID, Data: [{ Name: 's1' }, { Name: 's3' }] },
      ],
    });
    expect(
      lines(res.body).map((l) => [l.ItemNumber, l.DataNumber, l.DataName, l.ErrorCode]),
    ).toEqual([['2', '2', 's3', 'TargetingDataCreationLimitExceeded']]);
    expect(t.sim.segments(ADVERTISER).map((s) => s.name)).toEqual(['s1', 's2']);
    // Existing segments still take new members.
    const more = await t.post('/data/advertiser', upload({ DAID }, { Name: 's2' }));
    expect(more.body).toEqual({});
  });
});

describe('POST /data/thirdparty', () => {
  const thirdParty = (data: Record<string, unknown>, item: Record<string, unknown> = { TDID }) => ({
    DataProviderId: PROVIDER,
    Items: [{ ...item, Data: [data] }],
  });

  it('files segments under the data provider', async () => {
    const res = await t.post('/data/thirdparty', thirdParty({ Name: 'elem-1' }), {
      token: PROVIDER_TOKEN,
    });
    expect(res.body).toEqual({});
    expect(t.sim.segments(PROVIDER, 'dataProvider')).toMatchObject([
      { name: 'elem-1', memberCount: 1 },
    ]);
    expect(t.sim.segments(ADVERTISER)).toEqual([]);
  });

  it('fails BaseBidCPM with UnauthorisedThirdPartyDataWithBaseBidCPM', async () => {
    const res = await t.post('/data/thirdparty', thirdParty({ Name: 'e', BaseBidCPM: 1 }), {
      token: PROVIDER_TOKEN,
    });
    expect(lines(res.body)[0]).toMatchObject({
      ErrorCode: 'UnauthorisedThirdPartyDataWithBaseBidCPM',
      DataProviderUserId: null,
    });
  });

  it('accepts a DataProviderUserId as the identifier', async () => {
    const res = await t.post(
      '/data/thirdparty',
      thirdParty({ Name: 'e' }, { DataProviderUserId: 'u-1' }),
      {
        token: PROVIDER_TOKEN,
      },
    );
    expect(res.body).toEqual({});
    expect(t.sim.members(PROVIDER, 'e', 'dataProvider')).toMatchObject([
      { idType: 'DataProviderUserId', id: 'u-1' },
    ]);
  });

  it('requires DataProviderId and refuses an advertiser token', async () => {
    const missing = await t.post(
      '/data/thirdparty',
      { Items: [{ TDID, Data: [{ Name: 'e' }] }] },
      { token: PROVIDER_TOKEN },
    );
    expect(missing.status).toBe(400);
    const wrong = await t.post('/data/thirdparty', thirdParty({ Name: 'e' }));
    expect(wrong.status).toBe(403);
  });
});
