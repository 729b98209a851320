import { describe, expect, it } from 'vitest';
import { identityQuality, qualityBand } from './identity-quality';

const NOW = Date.UTC(2026, 10, 29);
const DAY = 86_400_000;

describe('identity quality', () => {
  it('is highest for an email and a phone mapped recently', () => {
    expect(identityQuality({ mapped: 2, newestMappedAt: NOW - DAY, optedOut: false }, NOW)).toBe(
      100,
    );
    expect(identityQuality({ mapped: 1, newestMappedAt: NOW - DAY, optedOut: false }, NOW)).toBe(
      70,
    );
  });

  it('falls as mappings age', () => {
    const at = (days: number) =>
      identityQuality({ mapped: 2, newestMappedAt: NOW - days * DAY, optedOut: false }, NOW);
    expect([at(10), at(60), at(200)]).toEqual([100, 80, 50]);
  });

  it('is zero for nobody mapped, or a person who opted out', () => {
    expect(identityQuality({ mapped: 0, newestMappedAt: null, optedOut: false }, NOW)).toBe(0);
    expect(identityQuality({ mapped: 2, newestMappedAt: NOW, optedOut: true }, NOW)).toBe(0);
  });

  it('bands the score', () => {
    expect([0, 35, 56, 70, 80, 100].map(qualityBand)).toEqual([
      'none',
      'low',
      'medium',
      'medium',
      'high',
      'high',
    ]);
  });
});
