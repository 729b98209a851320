import { describe, expect, it } from 'vitest';
import { summariseHealth } from './health';

const green = { ok: true, ms: 1 };

describe('summariseHealth', () => {
  it('is ok when every check is ok', () => {
    expect(
      summariseHealth({ turso: green, r2: green, queue: green, durableObject: green }).status,
    ).toBe('ok');
  });

  it('is degraded when any single check fails', () => {
    const red = { ok: false, ms: 5, error: 'down' };
    for (const name of ['turso', 'r2', 'queue', 'durableObject'] as const) {
      const checks = { turso: green, r2: green, queue: green, durableObject: green, [name]: red };
      expect(summariseHealth(checks).status).toBe('degraded');
    }
  });
});
