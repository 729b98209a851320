import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';

/*
 * Contacts' raw emails and phone numbers at rest (docs/decisions/0016-pii-at-rest.md): AES-256-GCM
 * with a key from env (PII_KEY), separate from the key that seals integration credentials. A
 * sealed value is `<keyId>.<base64url(iv ‖ ciphertext ‖ tag)>`, as in ./secrets.ts, so keys can
 * rotate: values sealed with a previous key (PII_PREVIOUS_KEYS) still open. The organisation id is
 * bound in as associated data, so a value copied to another organisation's row does not open.
 *
 * Synchronous (node:crypto) rather than WebCrypto: ingest seals two cells per row at hundreds of
 * thousands of rows per second, and a promise per cell costs more than the cipher.
 */

export interface PiiKeys {
  current: { id: string; key: string };
  previous: { id: string; key: string }[];
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const keyCache = new Map<string, Buffer>();

function keyBytes(base64: string): Buffer {
  let key = keyCache.get(base64);
  if (!key) {
    key = Buffer.from(base64, 'base64');
    if (key.length !== 32) throw new Error('PII_KEY must be base64 of exactly 32 bytes');
    keyCache.set(base64, key);
  }
  return key;
}

/*
 * IVs come from a pool refilled 4 KiB at a time: one CSPRNG call per ~340 values instead of one
 * per value. Each IV is copied out of the pool before use, so no two seals share one.
 */
const POOL_BYTES = IV_BYTES * 341;
const pool = Buffer.alloc(POOL_BYTES);
let poolAt = POOL_BYTES;

function nextIv(): Buffer {
  if (poolAt + IV_BYTES > POOL_BYTES) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const iv = Buffer.from(pool.subarray(poolAt, poolAt + IV_BYTES));
  poolAt += IV_BYTES;
  return iv;
}

export function sealPii(keys: PiiKeys, orgId: string, plaintext: string): string {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', keyBytes(keys.current.key), iv);
  cipher.setAAD(Buffer.from(orgId, 'utf8'));
  const body = Buffer.concat([
    iv,
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return `${keys.current.id}.${body.toString('base64url')}`;
}

/**
 * The plain value, or null when there is none or no configured key opens it (a rotated-out key,
 * another organisation's value, tampering). Never throws: a value that cannot be read shows as
 * missing rather than failing a page.
 */
export function openPii(keys: PiiKeys, orgId: string, sealed: string | null): string | null {
  if (!sealed) return null;
  const dot = sealed.indexOf('.');
  if (dot < 1) return null;
  const keyId = sealed.slice(0, dot);
  const entry =
    keys.current.id === keyId ? keys.current : keys.previous.find((k) => k.id === keyId);
  if (!entry) return null;
  try {
    const bytes = Buffer.from(sealed.slice(dot + 1), 'base64url');
    if (bytes.length < IV_BYTES + TAG_BYTES) return null;
    const decipher = createDecipheriv(
      'aes-256-gcm',
      keyBytes(entry.key),
      bytes.subarray(0, IV_BYTES),
    );
    decipher.setAAD(Buffer.from(orgId, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return null;
  }
}
