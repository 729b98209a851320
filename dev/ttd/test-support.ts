// Helpers for the simulator's own tests: a simulator on a random port with a controllable clock,
// RudderStack's fixture credentials, and a raw HTTP caller.
import type { DeepPartial, TtdSimConfig } from './config';
import { startTtdSimulator, type TtdSimulator } from './server';

export const ADVERTISER = 'adv1';
export const TOKEN = 'adv1-token';
export const PROVIDER = 'dp1';
export const PROVIDER_TOKEN = 'dp1-token';
export const START = Date.parse('2026-11-25T12:00:00Z');

/** A well-formed id of each kind. */
export const TDID = '123e4567-e89b-12d3-a456-426652340000';
export const DAID = 'a9342d1f-69f1-4bf8-bc2b-1f20eb451f21';
export const UID2 = '48MjlfIUZpOKNAm9nod7/jCLAXUYsnE1tpVHQSDS0uo=';

export const TEST_CONFIG: DeepPartial<TtdSimConfig> = {
  advertisers: [
    { advertiserId: ADVERTISER, authTokens: [TOKEN], secretKey: 'adv1-secret' },
    { advertiserId: 'adv2', authTokens: ['adv2-token'] },
    {
      advertiserId: 'test-advertiser-id',
      authTokens: [],
      secretKey: 'test-advertiser-secret-key',
    },
  ],
  dataProviders: [
    { dataProviderId: PROVIDER, secretKey: 'dp1-secret', authTokens: [PROVIDER_TOKEN] },
    { dataProviderId: 'rudderstack', secretKey: 'mockedDataProviderSecretKey' },
  ],
  merchants: [{ merchantId: 11449, authTokens: ['merchant-token'] }],
};

export interface CallResult {
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
}

export interface TestSim {
  sim: TtdSimulator;
  url: string;
  clock: { now: number; advance(ms: number): void };
  /** POSTs a body (objects are JSON-serialised) with TTD-Auth = `token` unless overridden. */
  post(
    path: string,
    body: unknown,
    options?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<CallResult>;
  get(path: string): Promise<CallResult>;
  stop(): Promise<void>;
}

async function result(res: Response): Promise<CallResult> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text, headers: res.headers };
}

export async function startTestSim(config: DeepPartial<TtdSimConfig> = {}): Promise<TestSim> {
  const clock = {
    now: START,
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const sim = await startTtdSimulator({
    config: { ...TEST_CONFIG, ...config },
    now: () => clock.now,
  });
  const post: TestSim['post'] = async (path, body, options = {}) => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...options.headers,
    };
    const token = options.token === undefined ? TOKEN : options.token;
    if (token !== null) headers['ttd-auth'] = token;
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return result(await fetch(`${sim.url}${path}`, { method: 'POST', headers, body: raw }));
  };
  const get: TestSim['get'] = async (path) => result(await fetch(`${sim.url}${path}`));
  return { sim, url: sim.url, clock, post, get, stop: () => sim.close() };
}

/** A one-item, one-line first-party upload body. */
export function upload(
  item: Record<string, unknown>,
  data: Record<string, unknown> = { Name: 'seg-a', TtlInMinutes: 60 },
  advertiserId = ADVERTISER,
): Record<string, unknown> {
  return { AdvertiserId: advertiserId, Items: [{ ...item, Data: [data] }] };
}
