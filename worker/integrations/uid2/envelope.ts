/*
 * The UID2 request/response encryption envelope (external-apis.md §1.9), with WebCrypto so the
 * same code runs in the Worker and in Node:
 *   request  = 0x01 ‖ iv(12) ‖ AES-256-GCM(key, iv, ts_ms(8, big-endian) ‖ nonce(8) ‖ json) ‖ tag(16)
 *   response =        iv(12) ‖ AES-256-GCM(key, iv, ts_ms ‖ nonce (echoed) ‖ json) ‖ tag(16)
 */

export const ENVELOPE_VERSION = 1;

export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
}

export interface SealedRequest {
  body: Uint8Array<ArrayBuffer>;
  nonce: Uint8Array;
}

export async function importClientSecret(clientSecret: string): Promise<CryptoKey> {
  const raw = Uint8Array.from(atob(clientSecret), (c) => c.charCodeAt(0));
  if (raw.length !== 32) throw new EnvelopeError('The UID2 client secret must decode to 32 bytes');
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export async function sealRequest(
  key: CryptoKey,
  json: string,
  options: { now: number; iv?: Uint8Array<ArrayBuffer>; nonce?: Uint8Array },
): Promise<SealedRequest> {
  const iv = options.iv ?? crypto.getRandomValues(new Uint8Array(12));
  const nonce = options.nonce ?? crypto.getRandomValues(new Uint8Array(8));
  const payload = new TextEncoder().encode(json);
  const plain = new Uint8Array(16 + payload.length);
  new DataView(plain.buffer).setBigUint64(0, BigInt(options.now));
  plain.set(nonce, 8);
  plain.set(payload, 16);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain));
  const body = new Uint8Array(1 + 12 + sealed.length);
  body[0] = ENVELOPE_VERSION;
  body.set(iv, 1);
  body.set(sealed, 13);
  return { body, nonce };
}

/** The response's JSON text, after checking it answers the request with `nonce`. */
export async function openResponse(
  key: CryptoKey,
  bytes: Uint8Array<ArrayBuffer>,
  nonce: Uint8Array,
): Promise<{ json: string; timestamp: number }> {
  if (bytes.length < 12 + 16 + 16) throw new EnvelopeError('UID2 response too short');
  let plain: Uint8Array;
  try {
    plain = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: bytes.subarray(0, 12) },
        key,
        bytes.subarray(12),
      ),
    );
  } catch {
    throw new EnvelopeError('UID2 response does not decrypt with the client secret');
  }
  const echoed = plain.subarray(8, 16);
  if (!echoed.every((b, i) => b === nonce[i]))
    throw new EnvelopeError('UID2 response nonce mismatch');
  return {
    timestamp: Number(new DataView(plain.buffer, plain.byteOffset).getBigUint64(0)),
    json: new TextDecoder().decode(plain.subarray(16)),
  };
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
}
