import { describe, expect, it } from 'vitest';
import {
  normalizeCountry,
  normalizeDomain,
  normalizePhone,
  uid2Hash,
  companyDomainFromEmail,
} from './normalize';

// The same functions run in the queue consumer: check that workerd's Intl data, the bundled
// libphonenumber metadata, the public-suffix list and the JSON provider list all behave there.
describe('normalisation inside workerd', () => {
  it('resolves countries, phones, domains and free-mail like Node does', () => {
    expect(normalizeCountry('Germany')).toEqual({ ok: true, value: 'DE' });
    expect(normalizeCountry('UK')).toEqual({ ok: true, value: 'GB' });
    expect(normalizePhone('0491 570 006', 'AU')).toEqual({ ok: true, value: '+61491570006' });
    expect(normalizeDomain('https://www.shop.acme.co.uk/x')).toEqual({
      ok: true,
      value: 'acme.co.uk',
    });
    expect(companyDomainFromEmail('jane@gmail.com')).toBeNull();
  });

  it('hashes with the platform SHA-256 to the official UID2 vector', async () => {
    const { createHash } = await import('node:crypto');
    const sha256 = (input: Uint8Array) =>
      new Uint8Array(createHash('sha256').update(input).digest());
    expect(uid2Hash('user@example.com', sha256)).toBe(
      'tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ=',
    );
    // The one-call form the INGEST consumer passes as `hashBase64` gives the same answer.
    expect(createHash('sha256').update('user@example.com').digest('base64')).toBe(
      'tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ=',
    );
  });
});
