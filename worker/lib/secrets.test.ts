import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret, secretHint, type SecretKeys } from './secrets';

const key = (byte: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(byte)));
const KEYS: SecretKeys = {
  current: { id: 'k2', key: key(2) },
  previous: [{ id: 'k1', key: key(1) }],
};

describe('sealed secrets', () => {
  it('round-trips, with a fresh IV every time and no plain text in the sealed value', async () => {
    const a = await sealSecret(KEYS, 'org-1', 'client-secret-value');
    const b = await sealSecret(KEYS, 'org-1', 'client-secret-value');
    expect(a).not.toBe(b);
    expect(a.startsWith('k2.')).toBe(true);
    expect(a).not.toContain('client-secret');
    expect(await openSecret(KEYS, 'org-1', a)).toBe('client-secret-value');
  });

  it('does not open for another organisation (the org id is bound in)', async () => {
    const sealed = await sealSecret(KEYS, 'org-1', 's3cret');
    expect(await openSecret(KEYS, 'org-2', sealed)).toBeNull();
  });

  it('opens values sealed with a previous key, and not with a removed one', async () => {
    const old = await sealSecret({ current: KEYS.previous[0]!, previous: [] }, 'org-1', 'old');
    expect(await openSecret(KEYS, 'org-1', old)).toBe('old');
    expect(await openSecret({ current: KEYS.current, previous: [] }, 'org-1', old)).toBeNull();
  });

  it('refuses a tampered value', async () => {
    const sealed = await sealSecret(KEYS, 'org-1', 'value');
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1);
    expect(await openSecret(KEYS, 'org-1', flipped)).toBeNull();
    expect(await openSecret(KEYS, 'org-1', 'garbage')).toBeNull();
  });

  it('hints at a secret by its last four characters only', () => {
    expect(secretHint('p360-local')).toBe('••••ocal');
  });
});
