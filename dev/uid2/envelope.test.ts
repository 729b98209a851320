// The v2 encryption envelope: the reference vector byte for byte, both body encodings, and every
// 400 the operator sends for a bad envelope (never encrypted).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENVELOPE_ERRORS, openRequest, sealResponse } from './envelope';
import { sealRequest, startTestSim, type TestSim } from './test-support';

// external-apis.md §1.9, computed locally with Python's `cryptography`.
const VECTOR = {
  secret: 'wJ0hP19QU4hmpB64Y3fV2dAed8t/mupw3sjN5jNRFzg=',
  request:
    'AQABAgMEBQYHCAkKC5MgH+680AmzfLpUful+YFnQjzfW6JeVuVuRoBBNikquHExjrF3WgoncD4O9+Cmrvlb2nYXKTLb74ElAyGGA2eoSuRymhRv/E6B+57hjUlXVlI3KGk3/a1/K12X+pRK6',
  json: '{"email_hash":["tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ="]}',
  nonce: '0102030405060708',
  responseJson:
    '{"body":{"email":[],"email_hash":[{"u":"AdvIvSiaum0P5s3X/7X8h8sz+OhF2IG8DNbEnkWSbYM=","p":null,"r":1735689600}],"phone":[],"phone_hash":[]},"status":"success"}',
  responseIv: '0c0d0e0f1011121314151617',
  responseTs: 1700000000500,
  response:
    'DA0ODxAREhMUFRYXnJN45kV5BW9lxrEJvvL4xEn3kjkbsKRrerUqL3PDmLYfLtF3XN8uyNBo25EBavak/l58FIZL1+eClbZexGNbb6CE/6GaPH5suNSpx2v127OJclhVpX+4M8P8K1S1hmBM7cEJRWWq4ZsmnfnZZr8/nwzJBxhxIvqWmzRi6BzTpmj01N9BKJjj5vNfwFLMTCpNibP4JkEhxA3xIk0qhgv6K1CJ5Y9Y3iJvLE2W464HKUaa6nE4xz+mc4bkmIHMPcE=',
};
const key = Buffer.from(VECTOR.secret, 'base64');

describe('the reference vector', () => {
  it('opens the documented request envelope', () => {
    const opened = openRequest(Buffer.from(VECTOR.request), false, {
      key,
      now: 1700000000000,
      toleranceMs: 60_000,
    });
    expect(opened).toEqual({
      ok: true,
      nonce: Buffer.from(VECTOR.nonce, 'hex'),
      timestamp: 1700000000000,
      payload: JSON.parse(VECTOR.json),
      binary: false,
    });
  });

  it('seals the documented response byte for byte', () => {
    const sealed = sealResponse(VECTOR.responseJson, Buffer.from(VECTOR.nonce, 'hex'), {
      key,
      now: VECTOR.responseTs,
      iv: Buffer.from(VECTOR.responseIv, 'hex'),
    });
    expect(sealed.toString('base64')).toBe(VECTOR.response);
  });

  it('answers the documented request with the documented response bytes over HTTP', async () => {
    const t = await startTestSim(
      {
        clients: [{ apiKey: 'vector-key', secret: VECTOR.secret, roles: ['MAPPER'] }],
        pinned: [
          {
            identity: { email_hash: 'tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ=' },
            u: 'AdvIvSiaum0P5s3X/7X8h8sz+OhF2IG8DNbEnkWSbYM=',
            p: null,
            r: 1735689600,
          },
        ],
      },
      { random: () => Buffer.from(VECTOR.responseIv, 'hex') },
    );
    try {
      t.clock.now = VECTOR.responseTs;
      const res = await t.raw('/v3/identity/map', VECTOR.request, { auth: 'Bearer vector-key' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain');
      expect(res.text).toBe(VECTOR.response);
    } finally {
      await t.stop();
    }
  });
});

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.stop());
beforeEach(() => t.sim.reset());

const PAYLOAD = JSON.stringify({ email: ['user@example.com'] });
const HINT =
  ' See https://unifiedid.com/docs/getting-started/gs-encryption-decryption for details on the request envelope format.';

async function expect400(
  body: string | Buffer,
  message: string,
  contentType = 'text/plain',
): Promise<void> {
  const res = await t.raw('/v3/identity/map', body, { contentType });
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toBe('application/json');
  expect(res.json).toEqual({ status: 'client_error', message });
}

describe('body encodings', () => {
  it('answers a Base64 text request with Base64 text', async () => {
    const res = await t.call('/v3/identity/map', { email: ['user@example.com'] });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(res.ts).toBe(t.clock.now);
  });

  it('answers an octet-stream request with raw bytes', async () => {
    const res = await t.call('/v3/identity/map', { email: ['user@example.com'] }, { binary: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.body).toMatchObject({ status: 'success' });
  });

  it('falls back to Base64 for an octet-stream body, and answers in text', async () => {
    const sealed = sealRequest(PAYLOAD, { ts: t.clock.now }).toString('base64');
    const res = await t.raw('/v3/identity/map', sealed, {
      contentType: 'application/octet-stream',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(res.text).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });
});

describe('envelope errors (400 client_error, plain JSON)', () => {
  it('empty body', () => expect400('', 'Invalid body: Body is missing.'));

  it('empty octet-stream body', () =>
    expect400(Buffer.alloc(0), 'Invalid body: Body is missing.', 'application/octet-stream'));

  it('not Base64', () =>
    expect400('test string', `Invalid body: Body is not valid base64.${HINT}`));

  it('unencrypted JSON', () =>
    expect400(
      PAYLOAD,
      'Invalid body: The request body is unencrypted JSON. It must be an encrypted request envelope. See https://unifiedid.com/docs/getting-started/gs-encryption-decryption#encryption-and-decryption-code-examples for encryption and decryption code examples.',
    ));

  it('Base64 of unencrypted JSON, even when short', async () => {
    await expect400(Buffer.from(PAYLOAD).toString('base64'), ENVELOPE_ERRORS.unencryptedJson);
    await expect400(
      Buffer.from('{"version": 2}').toString('base64'),
      ENVELOPE_ERRORS.unencryptedJson,
    );
  });

  it('Base64 of unencrypted JSON sent as octet-stream', () =>
    expect400(
      Buffer.from(PAYLOAD).toString('base64'),
      ENVELOPE_ERRORS.unencryptedJson,
      'application/octet-stream',
    ));

  it('too short', () =>
    expect400('dGVzdA==', `Invalid body: Body too short. Check encryption method.${HINT}`));

  it('wrong version byte', async () => {
    const corrupted = Buffer.alloc(64, 2);
    const message = `Invalid body: Invalid request envelope format version: received 2, must be 1.${HINT}`;
    await expect400(corrupted.toString('base64'), message);
    await expect400(corrupted, message, 'application/octet-stream');
    await expect400(corrupted.toString('base64'), message, 'application/octet-stream');
  });

  it('wrong client secret', () =>
    expect400(
      sealRequest(PAYLOAD, {
        ts: t.clock.now,
        secret: 'gXQbQ460HNwOHOauI2R+g2gHG3GV6pQXHwTWHVewwlU=',
      }).toString('base64'),
      `Invalid body: Check encryption key (ClientSecret).${HINT}`,
    ));

  it('timestamp older or newer than 60 seconds', async () => {
    const message = 'Invalid timestamp: Request too old or client time drift.';
    await expect400(sealRequest(PAYLOAD, { ts: t.clock.now - 60_001 }).toString('base64'), message);
    await expect400(sealRequest(PAYLOAD, { ts: t.clock.now + 60_001 }).toString('base64'), message);
    const edge = await t.raw(
      '/v3/identity/map',
      sealRequest(PAYLOAD, { ts: t.clock.now - 60_000 }).toString('base64'),
    );
    expect(edge.status).toBe(200);
  });

  it('a configurable timestamp tolerance', async () => {
    t.sim.configure({ timestampToleranceMs: 119_000 });
    const res = await t.raw(
      '/v3/identity/map',
      sealRequest(PAYLOAD, { ts: t.clock.now - 100_000 }).toString('base64'),
    );
    expect(res.status).toBe(200);
  });

  it('invalid JSON inside the envelope', async () => {
    const message = 'Invalid payload in body: Data is not valid json string.';
    await expect400(sealRequest('{"email": [', { ts: t.clock.now }).toString('base64'), message);
    await expect400(sealRequest('["a"]', { ts: t.clock.now }).toString('base64'), message);
  });
});
