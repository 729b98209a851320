// Authentication: TTD-Auth tokens, and legacy TtdSignature / TtdSignature-dp over raw bytes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ttdSignature } from './signature';
import { ADVERTISER, startTestSim, TDID, upload, type TestSim } from './test-support';

// RudderStack's fixtures (external-apis.md §2.2), byte for byte.
const VECTOR_1 =
  '{"AdvertiserId":"test-advertiser-id","DataProviderId":"rudderstack","Items":[{"DAID":"test-daid-1","Data":[{"Name":"test-segment","TTLInMinutes":43200}]},{"Data":[{"Name":"test-segment","TTLInMinutes":43200}],"UID2":"test-uid2-1"},{"DAID":"test-daid-2","Data":[{"Name":"test-segment","TTLInMinutes":0}]},{"Data":[{"Name":"test-segment","TTLInMinutes":0}],"UID2":"test-uid2-2"}]}';
const VECTOR_2 =
  '{"AdvertiserId":"test-advertiser-id","DataProviderId":"rudderstack","Items":[{"DAID":"test-daid","Data":[{"Name":"test-segment","TTLInMinutes":43200}]},{"Data":[{"Name":"test-segment","TTLInMinutes":43200}],"UID2":"test-invalid-uid2"}]}';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.stop());

describe('ttdSignature', () => {
  it('reproduces both published advertiser and data-provider signatures', () => {
    expect(ttdSignature('test-advertiser-secret-key', VECTOR_1)).toBe(
      '8LqGha6I7e3duvhngEvhXoTden0=',
    );
    expect(ttdSignature('mockedDataProviderSecretKey', VECTOR_1)).toBe(
      'tLpf4t5xebsr9Xcqp9PjhOJX7p0=',
    );
    expect(ttdSignature('test-advertiser-secret-key', VECTOR_2)).toBe(
      '9EIeoIGkRkV5oJHfGtoq1lwQl+M=',
    );
    expect(ttdSignature('mockedDataProviderSecretKey', VECTOR_2)).toBe(
      'ZpHWNd1uGvQAv/QW685SQT8tl1I=',
    );
  });
});

describe('legacy signature auth', () => {
  it('accepts the vector bodies with their published signatures', async () => {
    for (const [body, sig, dp] of [
      [VECTOR_1, '8LqGha6I7e3duvhngEvhXoTden0=', 'tLpf4t5xebsr9Xcqp9PjhOJX7p0='],
      [VECTOR_2, '9EIeoIGkRkV5oJHfGtoq1lwQl+M=', 'ZpHWNd1uGvQAv/QW685SQT8tl1I='],
    ] as const) {
      const res = await t.post('/data/advertiser', body, {
        token: null,
        headers: { TtdSignature: sig, 'TtdSignature-dp': dp },
      });
      // Authenticated; the fixture's ids are not GUIDs / raw UID2s, so the lines fail.
      expect(res.status).toBe(200);
      const lines = (res.body as { FailedLines: { ErrorCode: string }[] }).FailedLines;
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((l) => l.ErrorCode === 'MissingUserId')).toBe(true);
    }
    expect(t.sim.requests().map((r) => r.authMode)).toEqual(['signature', 'signature']);
  });

  it('reports the rudder fixture message for an invalid UID2 on item #2', async () => {
    const res = await t.post('/data/advertiser', VECTOR_2, {
      token: null,
      headers: {
        TtdSignature: '9EIeoIGkRkV5oJHfGtoq1lwQl+M=',
        'TtdSignature-dp': 'ZpHWNd1uGvQAv/QW685SQT8tl1I=',
      },
    });
    const lines = (res.body as { FailedLines: { Message: string; ItemNumber: string }[] })
      .FailedLines;
    expect(lines[1]).toMatchObject({
      ErrorCode: 'MissingUserId',
      Message: 'Invalid UID2, item #2',
      ItemNumber: '2',
    });
  });

  it('rejects a body re-serialised after signing (one space added)', async () => {
    const res = await t.post('/data/advertiser', VECTOR_1.replace('"Items":', '"Items": '), {
      token: null,
      headers: {
        TtdSignature: '8LqGha6I7e3duvhngEvhXoTden0=',
        'TtdSignature-dp': 'tLpf4t5xebsr9Xcqp9PjhOJX7p0=',
      },
    });
    expect(res.status).toBe(401);
    expect(res.text).toBe('Invalid TtdSignature');
  });

  it('requires TtdSignature-dp when DataProviderId is set', async () => {
    const res = await t.post('/data/advertiser', VECTOR_1, {
      token: null,
      headers: { TtdSignature: '8LqGha6I7e3duvhngEvhXoTden0=' },
    });
    expect(res.status).toBe(401);
    expect(res.text).toBe('Invalid TtdSignature-dp');
  });

  it('accepts an advertiser-only signature when no DataProviderId is sent', async () => {
    const body = JSON.stringify(upload({ TDID }));
    const res = await t.post('/data/advertiser', body, {
      token: null,
      headers: { TtdSignature: ttdSignature('adv1-secret', body) },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
  });

  it('refuses signatures when the advertiser has no secret, or signature auth is off', async () => {
    const body = JSON.stringify(upload({ TDID }, undefined, 'adv2'));
    const sig = { TtdSignature: ttdSignature('anything', body) };
    expect((await t.post('/data/advertiser', body, { token: null, headers: sig })).status).toBe(
      401,
    );
    t.sim.configure({ auth: { signature: false } });
    const own = JSON.stringify(upload({ TDID }));
    const res = await t.post('/data/advertiser', own, {
      token: null,
      headers: { TtdSignature: ttdSignature('adv1-secret', own) },
    });
    expect(res.status).toBe(401);
  });
});

describe('token auth', () => {
  it('answers a missing token with 401 and a plain-text body', async () => {
    const res = await t.post('/data/advertiser', upload({ TDID }), { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toBe('Missing TTD-Auth header');
  });

  it('answers an unknown token with 401 before looking at the body', async () => {
    const res = await t.post('/data/advertiser', 'not json', { token: 'nope' });
    expect(res.status).toBe(401);
    expect(res.text).toBe('Invalid TTD-Auth token');
  });

  it('can answer a bad token with 400 + ServerResponse, as TTD SDK tests observe', async () => {
    t.sim.configure({ auth: { invalidTokenStatus: 400 } });
    const res = await t.post('/data/advertiser', upload({ TDID }), { token: 'nope' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ Message: 'Invalid TTD-Auth token', FailedLines: [] });
  });

  it('refuses a known token used for another advertiser with 403', async () => {
    const res = await t.post('/data/advertiser', upload({ TDID }, undefined, 'adv2'));
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/Advertiser 'adv2'/);
    expect(t.sim.segments('adv2')).toEqual([]);
  });

  it('accepts the advertiser token and files the upload under the body advertiser', async () => {
    const res = await t.post('/data/advertiser', upload({ TDID }));
    expect(res.status).toBe(200);
    expect(t.sim.segments(ADVERTISER)).toMatchObject([{ name: 'seg-a', memberCount: 1 }]);
    expect(t.sim.requests()[0]).toMatchObject({
      authMode: 'token',
      principal: ADVERTISER,
      status: 200,
    });
  });
});
