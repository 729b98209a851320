import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTtdSimulator, type TtdSimulator } from '../../../dev/ttd/index';
import { advertiserBatches } from '../../../core/activation/ttd-batch';
import { DEFAULT_RETRY, type RetryPolicy } from '../http';
import { TtdApiError, TtdClient, ttdDataUrl, type TtdAuth } from './client';

/* Our Trade Desk client against the Data API simulator; waits are recorded, not slept. */

const ADVERTISER = 'adv-client-test';
const TOKEN = 'adv-client-test-token';
const SECRET = 'adv-client-test-secret';
const POLICY: RetryPolicy = { ...DEFAULT_RETRY, service: 'The Trade Desk', timeoutMs: 2_000 };
const UID2 = (i: number) => `${String(i).padStart(43, 'B')}=`;

let sim: TtdSimulator;
let waits: number[];
let calls: number;

function client(auth: TtdAuth = { mode: 'token', token: TOKEN }, region = 'euw') {
  return new TtdClient(
    ttdDataUrl(`${sim.url}/{region}`, region),
    auth,
    {
      fetch: (input, init) => fetch(input, init),
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.5,
      limiter: { acquire: async () => 0 },
      onCall: () => void calls++,
    },
    POLICY,
  );
}

const body = (n: number, ttl = 1440, name = 'Client segment') =>
  advertiserBatches(
    ADVERTISER,
    Array.from({ length: n }, (_, i) => ({ uid2: UID2(i), segmentName: name, ttlMinutes: ttl })),
    { maxBytes: 1_000_000, maxItems: 1_000 },
  )[0]!.json;

beforeAll(async () => {
  sim = await startTtdSimulator({
    port: 0,
    config: { advertisers: [{ advertiserId: ADVERTISER, authTokens: [TOKEN], secretKey: SECRET }] },
  });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  waits = [];
  calls = 0;
});

describe('the Trade Desk client', () => {
  it('adds members to the segment in the addressed region, with a token', async () => {
    const result = await client().sendAdvertiserData(body(3));
    expect(result.failedLines).toEqual([]);
    const members = sim.members(ADVERTISER, 'Client segment');
    expect(members.map((m) => m.id).sort()).toEqual([UID2(0), UID2(1), UID2(2)]);
    expect(members.every((m) => m.region === 'euw')).toBe(true);
  });

  it('signs the exact bytes it sends when the destination uses the legacy secret', async () => {
    await client({ mode: 'signature', secretKey: SECRET }).sendAdvertiserData(body(2));
    expect(sim.members(ADVERTISER, 'Client segment')).toHaveLength(2);
    const wrong = await client({ mode: 'signature', secretKey: 'wrong' })
      .sendAdvertiserData(body(1))
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(TtdApiError);
  });

  it('removes members with TTL 0', async () => {
    await client().sendAdvertiserData(body(3));
    await client().sendAdvertiserData(body(2, 0));
    expect(sim.members(ADVERTISER, 'Client segment').map((m) => m.id)).toEqual([UID2(2)]);
  });

  it('passes refused items back as FailedLines with their 1-based item numbers', async () => {
    const json = body(3, 300_000);
    const { failedLines } = await client().sendAdvertiserData(json);
    expect(failedLines.map((l) => [l.ItemNumber, l.ErrorCode])).toEqual([
      ['1', 'InvalidTtlInMinutes'],
      ['2', 'InvalidTtlInMinutes'],
      ['3', 'InvalidTtlInMinutes'],
    ]);
  });

  it('waits as Retry-After says on 429, backs off on 503', async () => {
    sim.configure({
      faults: {
        script: [
          { path: '/data/advertiser', fault: '429', times: 1, retryAfterSeconds: 3 },
          { path: '/data/advertiser', fault: '503', times: 1 },
        ],
      },
    });
    await client().sendAdvertiserData(body(1));
    expect(waits).toEqual([3_000, 500]);
    expect(calls).toBe(3);
  });

  it('does not retry a body TTD refuses as too large', async () => {
    sim.configure({ maxBodyBytes: 200 });
    const error = await client()
      .sendAdvertiserData(body(5))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TtdApiError);
    expect((error as TtdApiError).status).toBe(413);
    expect(calls).toBe(1);
  });

  it('does not retry a refused token', async () => {
    const error = await client({ mode: 'token', token: 'bad' })
      .sendAdvertiserData(body(1))
      .catch((e: unknown) => e);
    expect((error as TtdApiError).message).toContain('refused the credentials');
    expect(calls).toBe(1);
  });

  it('sends data-subject requests', async () => {
    await client().sendAdvertiserData(body(2));
    await client().deletionOptout(ADVERTISER, 'OptOut', [UID2(0)]);
    expect(sim.members(ADVERTISER, 'Client segment').map((m) => m.id)).toEqual([UID2(1)]);
    expect(sim.dsr().at(-1)).toMatchObject({ requestType: 'OptOut', advertiserId: ADVERTISER });
  });
});
