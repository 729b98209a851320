import { describe, expect, it } from 'vitest';
import { fromBase64, importClientSecret, openResponse, sealRequest, toBase64 } from './envelope';

// The envelope vector of external-apis.md §1.9 (computed with Python's `cryptography`).
const SECRET = 'wJ0hP19QU4hmpB64Y3fV2dAed8t/mupw3sjN5jNRFzg=';
const IV = Uint8Array.from({ length: 12 }, (_, i) => i);
const NONCE = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
const JSON_BODY = '{"email_hash":["tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ="]}';
const REQUEST =
  'AQABAgMEBQYHCAkKC5MgH+680AmzfLpUful+YFnQjzfW6JeVuVuRoBBNikquHExjrF3WgoncD4O9+Cmrvlb2nYXKTLb74ElAyGGA2eoSuRymhRv/E6B+57hjUlXVlI3KGk3/a1/K12X+pRK6';
const RESPONSE =
  'DA0ODxAREhMUFRYXnJN45kV5BW9lxrEJvvL4xEn3kjkbsKRrerUqL3PDmLYfLtF3XN8uyNBo25EBavak/l58FIZL1+eClbZexGNbb6CE/6GaPH5suNSpx2v127OJclhVpX+4M8P8K1S1hmBM7cEJRWWq4ZsmnfnZZr8/nwzJBxhxIvqWmzRi6BzTpmj01N9BKJjj5vNfwFLMTCpNibP4JkEhxA3xIk0qhgv6K1CJ5Y9Y3iJvLE2W464HKUaa6nE4xz+mc4bkmIHMPcE=';

describe('the UID2 envelope', () => {
  it('seals the documented request byte for byte', async () => {
    const key = await importClientSecret(SECRET);
    const sealed = await sealRequest(key, JSON_BODY, {
      now: 1_700_000_000_000,
      iv: IV,
      nonce: NONCE,
    });
    expect(toBase64(sealed.body)).toBe(REQUEST);
    expect(sealed.body.length).toBe(108);
  });

  it('opens the documented response and checks its nonce', async () => {
    const key = await importClientSecret(SECRET);
    const opened = await openResponse(key, fromBase64(RESPONSE), NONCE);
    expect(opened.timestamp).toBe(1_700_000_000_500);
    expect(JSON.parse(opened.json)).toEqual({
      body: {
        email: [],
        email_hash: [{ u: 'AdvIvSiaum0P5s3X/7X8h8sz+OhF2IG8DNbEnkWSbYM=', p: null, r: 1735689600 }],
        phone: [],
        phone_hash: [],
      },
      status: 'success',
    });
  });

  it('refuses a response to another request (nonce mismatch)', async () => {
    const key = await importClientSecret(SECRET);
    const other = Uint8Array.from([9, 9, 9, 9, 9, 9, 9, 9]);
    await expect(openResponse(key, fromBase64(RESPONSE), other)).rejects.toThrow('nonce mismatch');
  });

  it('refuses a response sealed with another key', async () => {
    const key = await importClientSecret('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=');
    await expect(openResponse(key, fromBase64(RESPONSE), NONCE)).rejects.toThrow(
      'does not decrypt',
    );
  });

  it('refuses a client secret that is not a 32-byte key', async () => {
    await expect(importClientSecret(btoa('short'))).rejects.toThrow('32 bytes');
  });
});
