import { describe, expect, it } from 'vitest';
import { openPii, sealPii, type PiiKeys } from './pii';

const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');
const KEYS: PiiKeys = {
  current: { id: 'p2', key: key(2) },
  previous: [{ id: 'p1', key: key(1) }],
};

describe('contact identifiers at rest', () => {
  it('round-trips, with a fresh IV every time and no plain text in the sealed value', () => {
    const a = sealPii(KEYS, 'org-1', 'jane.doe@example.com');
    const b = sealPii(KEYS, 'org-1', 'jane.doe@example.com');
    expect(a).not.toBe(b);
    expect(a.startsWith('p2.')).toBe(true);
    expect(a).not.toContain('jane');
    expect(a).toMatch(/^p2\.[A-Za-z0-9_-]+$/);
    expect(openPii(KEYS, 'org-1', a)).toBe('jane.doe@example.com');
  });

  it('round-trips non-ASCII text and the empty string', () => {
    for (const value of ['josé@exämple.com', '+14155550142', ''])
      expect(openPii(KEYS, 'org-1', sealPii(KEYS, 'org-1', value))).toBe(value);
  });

  it('gives every value of a large batch its own IV', () => {
    const ivs = new Set(
      Array.from({ length: 2000 }, () =>
        Buffer.from(sealPii(KEYS, 'org-1', 'x').slice(3), 'base64url')
          .subarray(0, 12)
          .toString('hex'),
      ),
    );
    expect(ivs.size).toBe(2000);
  });

  it('opens values sealed with a previous key after a rotation', () => {
    const old = sealPii({ current: KEYS.previous[0]!, previous: [] }, 'org-1', '+14155550142');
    expect(old.startsWith('p1.')).toBe(true);
    expect(openPii(KEYS, 'org-1', old)).toBe('+14155550142');
  });

  it('does not open a value whose key id is no longer configured', () => {
    const old = sealPii({ current: KEYS.previous[0]!, previous: [] }, 'org-1', 'old@example.com');
    expect(openPii({ current: KEYS.current, previous: [] }, 'org-1', old)).toBeNull();
    expect(openPii(KEYS, 'org-1', 'p9.AAAA')).toBeNull();
  });

  it('does not open for another organisation (the org id is bound in)', () => {
    const sealed = sealPii(KEYS, 'org-1', 'jane.doe@example.com');
    expect(openPii(KEYS, 'org-2', sealed)).toBeNull();
  });

  it('refuses a tampered value, a truncated one, and plain text', () => {
    const sealed = sealPii(KEYS, 'org-1', 'jane.doe@example.com');
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1);
    expect(openPii(KEYS, 'org-1', flipped)).toBeNull();
    expect(openPii(KEYS, 'org-1', sealed.slice(0, 10))).toBeNull();
    expect(openPii(KEYS, 'org-1', 'jane.doe@example.com')).toBeNull();
    expect(openPii(KEYS, 'org-1', 'garbage')).toBeNull();
  });

  it('reads a missing value as missing', () => {
    expect(openPii(KEYS, 'org-1', null)).toBeNull();
    expect(openPii(KEYS, 'org-1', '')).toBeNull();
  });
});
