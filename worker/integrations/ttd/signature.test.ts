import { describe, expect, it } from 'vitest';
import { ttdSignature, ttdDataUrl } from './client';

// The signature vectors of external-apis.md §2.2 (RudderStack's fixtures, recomputed).
const BODY_1 =
  '{"AdvertiserId":"test-advertiser-id","DataProviderId":"rudderstack","Items":[{"DAID":"test-daid-1","Data":[{"Name":"test-segment","TTLInMinutes":43200}]},{"Data":[{"Name":"test-segment","TTLInMinutes":43200}],"UID2":"test-uid2-1"},{"DAID":"test-daid-2","Data":[{"Name":"test-segment","TTLInMinutes":0}]},{"Data":[{"Name":"test-segment","TTLInMinutes":0}],"UID2":"test-uid2-2"}]}';
const BODY_2 =
  '{"AdvertiserId":"test-advertiser-id","DataProviderId":"rudderstack","Items":[{"DAID":"test-daid","Data":[{"Name":"test-segment","TTLInMinutes":43200}]},{"Data":[{"Name":"test-segment","TTLInMinutes":43200}],"UID2":"test-invalid-uid2"}]}';
const bytes = (text: string) => new TextEncoder().encode(text);

describe('TtdSignature', () => {
  it.each([
    [BODY_1, 'test-advertiser-secret-key', '8LqGha6I7e3duvhngEvhXoTden0='],
    [BODY_1, 'mockedDataProviderSecretKey', 'tLpf4t5xebsr9Xcqp9PjhOJX7p0='],
    [BODY_2, 'test-advertiser-secret-key', '9EIeoIGkRkV5oJHfGtoq1lwQl+M='],
    [BODY_2, 'mockedDataProviderSecretKey', 'ZpHWNd1uGvQAv/QW685SQT8tl1I='],
  ])('reproduces the documented vector %#', async (body, secret, expected) => {
    expect(await ttdSignature(secret, bytes(body))).toBe(expected);
  });

  it('changes when one byte of the body changes', async () => {
    const changed = BODY_2.replace('43200', '43201');
    expect(await ttdSignature('test-advertiser-secret-key', bytes(changed))).not.toBe(
      '9EIeoIGkRkV5oJHfGtoq1lwQl+M=',
    );
  });
});

describe('the regional data URL', () => {
  it('puts the region into the production host and the local simulator path', () => {
    expect(ttdDataUrl('https://{region}-data.adsrvr.org', 'euw')).toBe(
      'https://euw-data.adsrvr.org',
    );
    expect(ttdDataUrl('http://127.0.0.1:8793/{region}/', 'use')).toBe('http://127.0.0.1:8793/use');
  });
});
