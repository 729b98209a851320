/**
 * API token secrets: `p360_` + 32 random bytes (base64url). Only a SHA-256 of the secret is
 * stored — the secret has 256 bits of entropy, so a fast hash is the right tool (a slow KDF is for
 * guessable passwords) and lookups stay a single indexed equality.
 */
export const TOKEN_PREFIX = 'p360_';

export function generateTokenSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return (
    TOKEN_PREFIX +
    btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')
  );
}

export async function hashTokenSecret(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function looksLikeTokenSecret(value: string): boolean {
  return (
    value.startsWith(TOKEN_PREFIX) && /^[A-Za-z0-9_-]{43}$/.test(value.slice(TOKEN_PREFIX.length))
  );
}
