import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startUid2Simulator, type Uid2Simulator } from '../../../dev/uid2/index';
import { RetryLaterError } from '../errors';
import { DEFAULT_RETRY, type CallLimiter, type RetryPolicy } from '../http';
import { UID2_MAX_ITEMS, Uid2ApiError, Uid2Client, type Uid2Credentials } from './client';

/*
 * Our UID2 client against the operator simulator (an independent implementation of the envelope
 * and the operator's rules, built from the same reference): time and jitter injected, so every
 * wait is asserted rather than slept.
 */

const CREDENTIALS: Uid2Credentials = {
  apiKey: 'p360-local-uid2-key',
  clientSecret: 'wJ0hP19QU4hmpB64Y3fV2dAed8t/mupw3sjN5jNRFzg=',
};
const POLICY: RetryPolicy = { ...DEFAULT_RETRY, service: 'UID2', timeoutMs: 2_000 };
const USER = 'tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ='; // sha256("user@example.com")
const NO_LIMIT: CallLimiter = { acquire: async () => 0 };

let sim: Uid2Simulator;
let waits: number[];
let calls: number;

function client(credentials = CREDENTIALS, policy = POLICY) {
  return new Uid2Client(
    sim.url,
    credentials,
    {
      fetch: (input, init) => fetch(input, init),
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.5,
      limiter: NO_LIMIT,
      onCall: () => void calls++,
      now: Date.now,
    },
    policy,
  );
}

beforeAll(async () => {
  sim = await startUid2Simulator({ port: 0 });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  waits = [];
  calls = 0;
});

describe('the UID2 client', () => {
  it('maps hashes through the sealed envelope, index-aligned with what it sent', async () => {
    const body = await client().identityMap({ email_hash: [USER, USER], phone_hash: [] });
    const expected = sim.expected({ email_hash: [USER] }).email_hash[0]!;
    expect(body.email_hash).toEqual([expected, expected]);
    expect('u' in expected && expected.r).toBeGreaterThan(Date.now() / 1000);
    expect(sim.stats().calls['POST /v3/identity/map']).toBe(1);
  });

  it('reports the documented opt-out identity as opted out', async () => {
    const optout = await crypto.subtle.digest(
      'SHA-256',
      new TextEncoder().encode('optout@example.com'),
    );
    const hash = btoa(String.fromCharCode(...new Uint8Array(optout)));
    const body = await client().identityMap({ email_hash: [hash] });
    expect(body.email_hash).toEqual([{ e: 'optout' }]);
  });

  it('backs off with full jitter on 429 and 503, then succeeds', async () => {
    sim.configure({
      faults: {
        script: [
          { path: '/v3/identity/map', fault: '429', times: 1 },
          { path: '/v3/identity/map', fault: '503', times: 1 },
        ],
      },
    });
    await client().identityMap({ email_hash: [USER] });
    // random() = 0.5 of min(max, base × 2^attempt): 250 ms, then 500 ms.
    expect(waits).toEqual([250, 500]);
    expect(calls).toBe(3);
  });

  it('hands a long outage to the queue instead of waiting in the Worker', async () => {
    sim.configure({ faults: { script: [{ path: '/v3/identity/map', fault: '500', times: 10 }] } });
    await expect(client().identityMap({ email_hash: [USER] })).rejects.toBeInstanceOf(
      RetryLaterError,
    );
    expect(calls).toBe(POLICY.attempts);
  });

  it('does not retry a refused key, and says why', async () => {
    const error = await client({ ...CREDENTIALS, apiKey: 'nope' })
      .identityMap({ email_hash: [USER] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Uid2ApiError);
    expect((error as Uid2ApiError).status).toBe(401);
    expect(calls).toBe(1);
  });

  it('reports a wrong client secret as the operator’s envelope error', async () => {
    const error = await client({
      ...CREDENTIALS,
      clientSecret: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
    })
      .identityMap({ email_hash: [USER] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Uid2ApiError);
    expect(String((error as Error).message)).toContain('Check encryption key');
  });

  it('refuses to build a batch over the documented 5,000 identifiers', async () => {
    await expect(
      client().identityMap({ email_hash: Array(UID2_MAX_ITEMS + 1).fill(USER) }),
    ).rejects.toThrow(RangeError);
    expect(calls).toBe(0);
  });

  it('asks which raw UID2s opted out, and since when', async () => {
    const [before] = sim.expected({ email: 'gone@example.com' }).email;
    const [kept] = sim.expected({ email_hash: USER }).email_hash;
    const gone = before && 'u' in before ? before.u : '';
    sim.optOut({ email: 'gone@example.com', optedOutSince: 1_700_000_000_000 });
    const status = await client().optoutStatus([gone, kept && 'u' in kept ? kept.u : '']);
    expect([...status]).toEqual([[gone, 1_700_000_000_000]]);
  });
});
