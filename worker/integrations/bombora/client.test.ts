import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBomboraSimulator, type BomboraSimulator } from '../../../dev/bombora/index';
import { BomboraIntentClient } from './client';
import { RetryLaterError } from '../errors';
import { BomboraApiError, QuotaExceededError } from './errors';
import {
  DEFAULT_RETRY,
  backoffMs,
  retryAfterMs,
  type CallLimiter,
  type RetryPolicy,
} from '../http';
import { BomboraLegacyClient } from './legacy-client';

/*
 * The clients against the Bombora simulator over HTTP, with time and randomness injected: waits
 * are recorded instead of slept, so retries and backoff are checked exactly and quickly.
 */

let sim: BomboraSimulator;
let clock: number;
let sleeps: number[];
let calls: string[];

beforeAll(async () => {
  sim = await startBomboraSimulator({
    port: 0,
    config: { universe: { perBrand: 20, extraDomains: 10 }, legacy: { reportDelayMs: 0 } },
  });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  sim.configure({ universe: { perBrand: 20, extraDomains: 10 }, legacy: { reportDelayMs: 0 } });
  clock = Date.now();
  sleeps = [];
  calls = [];
});

const POLICY: RetryPolicy = { ...DEFAULT_RETRY, service: 'Bombora', timeoutMs: 500 };
const open: CallLimiter = { acquire: async () => 0 };

function deps(overrides: { fetch?: typeof fetch; limiter?: CallLimiter } = {}) {
  return {
    fetch: overrides.fetch ?? fetch,
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    random: () => 1,
    now: () => clock,
    limiter: overrides.limiter ?? open,
    onCall: (endpoint: string) => void calls.push(endpoint),
  };
}

let n = 0;
/** A client with its own credentials key, so the per-isolate token cache starts empty. */
function client(overrides: Parameters<typeof deps>[0] = {}, secret = 'p360-local-bombora-secret') {
  sim.configure({
    clients: [{ clientId: `c${++n}`, clientSecret: secret, products: ['intent', 'reference'] }],
  });
  return new BomboraIntentClient(
    sim.url,
    { clientId: `c${n}`, clientSecret: secret },
    deps(overrides),
    POLICY,
  );
}

const tokenCalls = () => calls.filter((c) => c === 'POST /oauth/token').length;

describe('the Intent API client', () => {
  it('asks for one token and reuses it until it is about to expire', async () => {
    const c = client();
    await c.topics();
    await c.startPull({ topics: ['Cloud Computing'] });
    expect(tokenCalls()).toBe(1);
    clock += 86_400_000 - 30_000; // within the minute before expiry
    await c.topics();
    expect(tokenCalls()).toBe(2);
  });

  it('renews the token once when Bombora no longer accepts it', async () => {
    const c = client();
    await c.topics();
    sim.reset(); // the simulator forgets every token it issued
    sim.configure({
      clients: [
        {
          clientId: `c${n}`,
          clientSecret: 'p360-local-bombora-secret',
          products: ['intent', 'reference'],
        },
      ],
    });
    await c.topics();
    expect(tokenCalls()).toBe(2);
  });

  it('reports refused credentials without retrying', async () => {
    const c = client({}, 'right-secret');
    const wrong = new BomboraIntentClient(
      sim.url,
      { clientId: `c${n}`, clientSecret: 'wrong' },
      deps(),
      POLICY,
    );
    await expect(wrong.verify()).rejects.toMatchObject({ status: 401 });
    expect(tokenCalls()).toBe(1);
    await expect(c.verify()).resolves.toBeUndefined();
  });

  it('pages through a pull with every row exactly once', async () => {
    const c = client();
    let token: string | null = await c.startPull({ topics: ['Cloud Computing', 'Cybersecurity'] });
    const keys: string[] = [];
    while (token) {
      const page = await c.page(token, 7);
      for (const row of page.data as { domain: string; topic: string }[])
        keys.push(`${row.domain}|${row.topic}`);
      token = page.nextPageToken;
    }
    const expected = (await (
      await fetch(`${sim.url}/__sim/expected?topics=Cloud%20Computing,Cybersecurity`)
    ).json()) as { rows: number };
    expect(keys).toHaveLength(expected.rows);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('retries 5xx with exponential backoff and full jitter', async () => {
    const c = client();
    await c.topics();
    sim.configure({
      faults: { script: [{ path: '/reference/v1/topics', fault: '503', times: 3 }] },
    });
    await c.topics();
    // random() = 1: the top of each jitter window, 500 ms × 2^attempt.
    expect(sleeps).toEqual([500, 1000, 2000]);
  });

  it('retries a truncated body and a timeout', async () => {
    const c = client();
    await c.topics();
    sim.configure({
      faults: {
        timeoutMs: 2000,
        script: [
          { path: '/reference/v1/topics', fault: 'truncate', times: 1 },
          { path: '/reference/v1/topics', fault: 'timeout', times: 1 },
        ],
      },
    });
    const topics = await c.topics();
    expect(topics.length).toBeGreaterThan(200);
    expect(sleeps).toHaveLength(2);
  });

  it('honours Retry-After on a 429', async () => {
    let first = true;
    const c = client({
      fetch: async (input, init) => {
        if (first && String((input as Request).url).includes('/reference/')) {
          first = false;
          return new Response('{"message":"Too Many Requests"}', {
            status: 429,
            headers: { 'retry-after': '7' },
          });
        }
        return fetch(input, init);
      },
    });
    await c.topics();
    expect(sleeps).toEqual([7000]);
  });

  it('hands a long wait to the queue instead of sleeping through it', async () => {
    const c = client({
      fetch: async (input, init) =>
        String((input as Request).url).includes('/reference/')
          ? new Response('', { status: 429, headers: { 'retry-after': '120' } })
          : fetch(input, init),
    });
    const error = await c.topics().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).delayMs).toBe(120_000);
  });

  it('gives up after its attempts with a RetryLaterError, so the queue re-delivers later', async () => {
    const c = client();
    await c.topics();
    sim.configure({
      faults: { script: [{ path: '/reference/v1/topics', fault: '500', times: 10 }] },
    });
    await expect(c.topics()).rejects.toBeInstanceOf(RetryLaterError);
    expect(calls.filter((x) => x === 'GET /reference/v1/topics')).toHaveLength(1 + POLICY.attempts);
  });

  it('does not retry a request Bombora rejects as invalid (422)', async () => {
    const c = client();
    const error = await c.startPull({ topics: ['No Such Topic'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BomboraApiError);
    expect((error as BomboraApiError).status).toBe(422);
    expect(calls.filter((x) => x === 'POST /intent/v1/data')).toHaveLength(1);
  });

  it('waits for the rate limiter before calling', async () => {
    const waits = [1200, 0];
    const c = client({ limiter: { acquire: async () => waits.shift() ?? 0 } });
    await c.topics();
    expect(sleeps[0]).toBe(1200);
  });

  it('stops when the daily quota is spent', async () => {
    const c = client({
      limiter: {
        acquire: async () => {
          throw new QuotaExceededError(10);
        },
      },
    });
    await expect(c.topics()).rejects.toBeInstanceOf(QuotaExceededError);
    expect(calls).toEqual([]);
  });
});

describe('the legacy Company Surge client', () => {
  const legacy = (overrides: Parameters<typeof deps>[0] = {}) =>
    new BomboraLegacyClient(
      sim.url,
      { username: 'p360-local', password: 'p360-local-bombora-secret' },
      deps(overrides),
      POLICY,
    );

  it('creates a report, polls it and streams the JSON lines', async () => {
    sim.configure({ legacy: { reportDelayMs: 60_000 } });
    const c = legacy();
    const id = await c.createReport({ Topics: [1333532], ScoreThreshold: 0 });
    expect(await c.tryGetResult(id)).toBeNull();
    sim.configure({ legacy: { reportDelayMs: 0 } });
    const fresh = await c.createReport({ Topics: [1333532], ScoreThreshold: 0 });
    const stream = await c.tryGetResult(fresh);
    const text = await new Response(stream).text();
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { TopicId: number });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.TopicId === 1333532)).toBe(true);
  });

  it('reports a refused report with Bombora’s message', async () => {
    await expect(legacy().createReport({ Topics: [], ScoreThreshold: 0 })).rejects.toThrow(
      /refused the report/,
    );
  });

  it('retries the documented 429 of the 60-a-minute limit', async () => {
    sim.configure({ legacy: { rateLimitPerMinute: 2 } });
    const refusals: string[] = [];
    const c = legacy({
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (response.status === 429) {
          refusals.push(response.statusText);
          // The minute passes while the client backs off.
          sim.reset();
          sim.configure({ legacy: { rateLimitPerMinute: 2 } });
        }
        return response;
      },
    });
    await c.verify();
    await c.verify();
    await c.verify();
    expect(refusals).toEqual([
      'Too many API calls to this endpoint in 1 minute time period. Try again later.',
    ]);
    expect(sleeps).toHaveLength(1);
    expect(calls.filter((x) => x === 'GET /v2/cmp/GetMyTopics')).toHaveLength(4);
  });
});

describe('retry arithmetic', () => {
  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });

  it('caps the jitter window', () => {
    expect(backoffMs(20, DEFAULT_RETRY, () => 1)).toBe(DEFAULT_RETRY.maxDelayMs);
    expect(backoffMs(2, DEFAULT_RETRY, () => 0)).toBe(0);
  });
});
