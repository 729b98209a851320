import { describe, expect, it } from 'vitest';
import { formatRelative, formatUtcMinutes } from './dates';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

describe('formatRelative', () => {
  it.each([
    [NOW - 10_000, 'just now'],
    [NOW - 60_000, '1 minute ago'],
    [NOW - 5 * 60_000, '5 minutes ago'],
    [NOW - 3 * 3_600_000, '3 hours ago'],
    [NOW - 2 * 86_400_000, '2 days ago'],
    [NOW + 5 * 60_000, 'in 5 minutes'],
  ])('says %s as %s', (at, words) => {
    expect(formatRelative(at, NOW)).toBe(words);
  });
});

describe('formatUtcMinutes', () => {
  it('prints the UTC minute', () => {
    expect(formatUtcMinutes(NOW)).toBe('2026-11-29 12:00 UTC');
  });
});
