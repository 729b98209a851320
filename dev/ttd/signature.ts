// Legacy Data API authentication: TtdSignature = Base64(HMAC-SHA1(secret as UTF-8, raw body)).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The `TtdSignature` (or `TtdSignature-dp`) header value for exactly these body bytes. */
export function ttdSignature(secret: string, body: Uint8Array | string): string {
  return createHmac('sha1', Buffer.from(secret, 'utf8')).update(body).digest('base64');
}

/** Compares a received header with the signature of the received bytes in constant time. */
export function signatureMatches(
  secret: string,
  body: Uint8Array,
  received: string | undefined,
): boolean {
  if (!received) return false;
  const expected = Buffer.from(ttdSignature(secret, body));
  const got = Buffer.from(received.trim());
  return got.length === expected.length && timingSafeEqual(got, expected);
}
