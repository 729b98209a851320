import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from './backoff';

describe('retryDelaySeconds', () => {
  it('doubles with each attempt', () => {
    expect([0, 1, 2, 3].map((attempts) => retryDelaySeconds(attempts))).toEqual([5, 10, 20, 40]);
  });

  it('never exceeds the cap, however many attempts', () => {
    expect(retryDelaySeconds(40)).toBe(900);
    expect(retryDelaySeconds(10_000, 5, 60)).toBe(60);
  });
});
