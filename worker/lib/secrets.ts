/*
 * Integration credentials at rest: AES-256-GCM with a key from env (SECRETS_KEY), never from code.
 * A sealed value is `<keyId>.<base64url(iv ‖ ciphertext ‖ tag)>`; the key id lets keys rotate:
 * values sealed with a previous key (SECRETS_PREVIOUS_KEYS) still open, and a value entered again
 * is sealed with the current key. The organisation id is bound in as associated data,
 * so a sealed value copied to another organisation's row does not open.
 */

export interface SecretKeys {
  current: { id: string; key: string };
  previous: { id: string; key: string }[];
}

const IV_BYTES = 12;
const keyCache = new Map<string, Promise<CryptoKey>>();

function importKey(base64: string): Promise<CryptoKey> {
  let key = keyCache.get(base64);
  if (!key) {
    const raw = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    if (raw.length !== 32) throw new Error('SECRETS_KEY must be base64 of exactly 32 bytes');
    key = crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
    keyCache.set(base64, key);
  }
  return key;
}

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
const fromBase64Url = (text: string) =>
  Uint8Array.from(atob(text.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0));

export async function sealSecret(keys: SecretKeys, orgId: string, plain: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(orgId) },
    await importKey(keys.current.key),
    new TextEncoder().encode(plain),
  );
  const out = new Uint8Array(IV_BYTES + sealed.byteLength);
  out.set(iv);
  out.set(new Uint8Array(sealed), IV_BYTES);
  return `${keys.current.id}.${toBase64Url(out)}`;
}

/** The plain text, or null when no configured key opens it (a rotated-out key, or tampering). */
export async function openSecret(
  keys: SecretKeys,
  orgId: string,
  sealed: string,
): Promise<string | null> {
  const dot = sealed.indexOf('.');
  const keyId = sealed.slice(0, dot);
  const entry = [keys.current, ...keys.previous].find((k) => k.id === keyId);
  if (dot < 1 || !entry) return null;
  try {
    const bytes = fromBase64Url(sealed.slice(dot + 1));
    const plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: bytes.slice(0, IV_BYTES),
        additionalData: new TextEncoder().encode(orgId),
      },
      await importKey(entry.key),
      bytes.slice(IV_BYTES),
    );
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}

/** A hint that identifies a secret without revealing it: `••••1234`. */
export const secretHint = (value: string) => `••••${value.slice(-4)}`;
