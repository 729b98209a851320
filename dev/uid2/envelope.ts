// The v2 request/response encryption envelope (gs-encryption-decryption.md; operator
// V2RequestUtil / V2PayloadHandler): AES-256-GCM, 12-byte IV, 16-byte tag, no AAD.
import { createCipheriv, createDecipheriv } from 'node:crypto';

const DOCS = 'https://unifiedid.com/docs/getting-started/gs-encryption-decryption';
const HINT = ` See ${DOCS} for details on the request envelope format.`;

export const ENVELOPE_ERRORS = {
  missing: 'Invalid body: Body is missing.',
  notBase64: `Invalid body: Body is not valid base64.${HINT}`,
  unencryptedJson:
    'Invalid body: The request body is unencrypted JSON. It must be an encrypted request envelope.' +
    ` See ${DOCS}#encryption-and-decryption-code-examples for encryption and decryption code examples.`,
  tooShort: `Invalid body: Body too short. Check encryption method.${HINT}`,
  version: (received: number) =>
    `Invalid body: Invalid request envelope format version: received ${received}, must be 1.${HINT}`,
  wrongKey: `Invalid body: Check encryption key (ClientSecret).${HINT}`,
  timestamp: 'Invalid timestamp: Request too old or client time drift.',
  invalidJson: 'Invalid payload in body: Data is not valid json string.',
} as const;

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** version + IV + tag + timestamp + nonce. */
export const MIN_ENVELOPE_BYTES = 1 + IV_BYTES + TAG_BYTES + 8 + 8;

export type ParsedEnvelope =
  | {
      ok: true;
      nonce: Buffer;
      timestamp: number;
      /** The request JSON object; null when the envelope carried no JSON at all. */
      payload: Record<string, unknown> | null;
      /** Answer in binary (octet-stream) rather than Base64 text. */
      binary: boolean;
    }
  | { ok: false; message: string };

export interface EnvelopeContext {
  key: Buffer;
  now: number;
  toleranceMs: number;
}

/** Java's Base64.getDecoder(): standard alphabet, padding optional but never wrong. */
export function isStrictBase64(text: string): boolean {
  const m = /^([A-Za-z0-9+/]*)(={0,2})$/.exec(text);
  if (!m) return false;
  const data = m[1] as string;
  const pad = (m[2] as string).length;
  if (pad > 0) return (data.length + pad) % 4 === 0 && data.length % 4 !== 1;
  return data.length % 4 !== 1;
}

function looksLikeJson(bytes: Buffer): boolean {
  const text = bytes.toString('utf8').trim();
  return text.startsWith('{') || text.startsWith('[');
}

function parseBytes(bytes: Buffer, ctx: EnvelopeContext, binary: boolean): ParsedEnvelope {
  if (looksLikeJson(bytes)) return { ok: false, message: ENVELOPE_ERRORS.unencryptedJson };
  if (bytes.length < MIN_ENVELOPE_BYTES) return { ok: false, message: ENVELOPE_ERRORS.tooShort };
  if (bytes[0] !== VERSION)
    return { ok: false, message: ENVELOPE_ERRORS.version(bytes.readInt8(0)) };
  let plain: Buffer;
  try {
    const iv = bytes.subarray(1, 1 + IV_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', ctx.key, iv);
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    plain = Buffer.concat([
      decipher.update(bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    return { ok: false, message: ENVELOPE_ERRORS.wrongKey };
  }
  const timestamp = Number(plain.readBigInt64BE(0));
  if (Math.abs(ctx.now - timestamp) > ctx.toleranceMs) {
    return { ok: false, message: ENVELOPE_ERRORS.timestamp };
  }
  const nonce = Buffer.from(plain.subarray(8, 16));
  if (plain.length === 16) return { ok: true, nonce, timestamp, payload: null, binary };
  let payload: unknown;
  try {
    payload = JSON.parse(plain.subarray(16).toString('utf8'));
  } catch {
    return { ok: false, message: ENVELOPE_ERRORS.invalidJson };
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: false, message: ENVELOPE_ERRORS.invalidJson };
  }
  return { ok: true, nonce, timestamp, payload: payload as Record<string, unknown>, binary };
}

/**
 * Opens a request body. Base64 text by default; with `binary` (Content-Type
 * application/octet-stream) the raw bytes first, then — when that fails and the body is valid
 * Base64 — the Base64 reading, whose verdict (and text response) wins, as the operator does.
 */
export function openRequest(body: Buffer, binary: boolean, ctx: EnvelopeContext): ParsedEnvelope {
  if (body.length === 0) return { ok: false, message: ENVELOPE_ERRORS.missing };
  const text = body.toString('utf8');
  if (binary) {
    const raw = parseBytes(body, ctx, true);
    if (raw.ok || !isStrictBase64(text)) return raw;
    return parseBytes(Buffer.from(text, 'base64'), ctx, false);
  }
  if (looksLikeJson(body)) return { ok: false, message: ENVELOPE_ERRORS.unencryptedJson };
  if (!isStrictBase64(text)) return { ok: false, message: ENVELOPE_ERRORS.notBase64 };
  return parseBytes(Buffer.from(text, 'base64'), ctx, false);
}

/** A 200 response: iv ‖ AES-GCM(ts_ms ‖ nonce ‖ json) ‖ tag — no version byte. */
export function sealResponse(
  json: string,
  nonce: Buffer,
  ctx: { key: Buffer; now: number; iv: Buffer },
): Buffer {
  const head = Buffer.alloc(8);
  head.writeBigInt64BE(BigInt(ctx.now));
  const cipher = createCipheriv('aes-256-gcm', ctx.key, ctx.iv);
  const ct = Buffer.concat([
    cipher.update(Buffer.concat([head, nonce, Buffer.from(json, 'utf8')])),
    cipher.final(),
  ]);
  return Buffer.concat([ctx.iv, ct, cipher.getAuthTag()]);
}
