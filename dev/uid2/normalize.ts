// Identity normalisation and hashing exactly as the UID2 operator does it (InputUtil.java):
// written independently of the app's own normaliser, so the simulator checks it rather than
// agreeing with it by construction.
import { createHash } from 'node:crypto';

export type IdentityKind = 'email' | 'email_hash' | 'phone' | 'phone_hash';
export const IDENTITY_KINDS: readonly IdentityKind[] = [
  'email',
  'email_hash',
  'phone',
  'phone_hash',
];

const GMAIL = 'gmail.com';

/**
 * The operator's email state machine: ASCII-only lowercasing; every space before '@' dropped;
 * spaces after '@' kept only between non-space characters; '.' and '+suffix' removed from the
 * local part for the exact domain gmail.com only. null = invalid.
 */
export function normalizeEmail(input: string): string | null {
  let inDomain = false;
  let inExtension = false;
  let pre = '';
  let preGmail = '';
  let domain = '';
  let spaces = '';
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    const c = code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : (input[i] as string);
    if (!inDomain) {
      if (c === ' ') continue;
      if (c === '@') inDomain = true;
      else if (c === '.') pre += c;
      else if (c === '+') {
        pre += c;
        inExtension = true;
      } else {
        pre += c;
        if (!inExtension) preGmail += c;
      }
    } else {
      if (c === '@') return null;
      if (c === ' ') {
        spaces += c;
        continue;
      }
      domain += spaces + c;
      spaces = '';
    }
  }
  if (domain === '') return null;
  const local = domain === GMAIL ? preGmail : pre;
  if (local === '') return null;
  return `${local}@${domain}`;
}

/** E.164 as the operator checks it: '+' then 10–15 ASCII digits, nothing else. */
export function isPhoneNormalized(input: string): boolean {
  return /^\+[0-9]{10,15}$/.test(input);
}

const BASE64_44 = /^[A-Za-z0-9+/]{42}(?:[A-Za-z0-9+/]{2}|[A-Za-z0-9+/]=|==)$/;
const HEX_64 = /^[0-9A-Fa-f]{64}$/;

/**
 * A supplied hash: 44 characters of Base64 (Java's decoder accepts it) or 64 hex digits (any
 * case). Returns the hash bytes, or null when invalid.
 */
export function normalizeHash(input: string): Buffer | null {
  if (input.length === 44 && BASE64_44.test(input)) return Buffer.from(input, 'base64');
  if (input.length === 64 && HEX_64.test(input)) return Buffer.from(input, 'hex');
  return null;
}

export function sha256(input: string | Buffer): Buffer {
  return createHash('sha256').update(input).digest();
}

/** The Base64 SHA-256 of a normalised email or phone, as clients send it in *_hash. */
export function hashIdentifier(normalized: string): string {
  return sha256(Buffer.from(normalized, 'utf8')).toString('base64');
}

/**
 * The identity hash (the bytes the raw UID2 is derived from) of one input of the given kind;
 * null when the operator would answer "invalid identifier".
 */
export function identityHash(kind: IdentityKind, input: string): Buffer | null {
  switch (kind) {
    case 'email': {
      const n = normalizeEmail(input);
      return n === null ? null : sha256(Buffer.from(n, 'utf8'));
    }
    case 'phone':
      return isPhoneNormalized(input) ? sha256(Buffer.from(input, 'utf8')) : null;
    case 'email_hash':
    case 'phone_hash':
      return normalizeHash(input);
  }
}
