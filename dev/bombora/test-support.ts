// Helpers for the simulator's own tests: a simulator on a random port with a small universe, a
// fixed week and a controllable clock, plus raw HTTP callers for both API generations.
import type { BomboraSimConfig, DeepPartial } from './config';
import { startBomboraSimulator, type BomboraSimulator } from './server';

export const WEEK = '2026-11-23';
export const CLIENT = { client_id: 'p360-local', client_secret: 'p360-local-bombora-secret' };
export const BASIC = `Basic ${Buffer.from('p360-local:p360-local-bombora-secret').toString('base64')}`;

/** 1,105 domains: fast to pull in full, still several pages at small limits. */
export const SMALL: DeepPartial<BomboraSimConfig> = {
  week: WEEK,
  universe: { perBrand: 200, extraDomains: 100 },
};

export interface TestSim {
  sim: BomboraSimulator;
  url: string;
  clock: { now: number; advance(ms: number): void };
  token(): Promise<string>;
  /** Drops the cached token (after a reset). */
  forgetToken(): void;
  /** JSON request; `auth` is the Authorization header (bearer token fetched when 'bearer'). */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; auth?: string | 'bearer' | null; headers?: Record<string, string> },
  ): Promise<{ status: number; statusText: string; body: unknown; text: string; headers: Headers }>;
  stop(): Promise<void>;
}

export async function startTestSim(config: DeepPartial<BomboraSimConfig> = {}): Promise<TestSim> {
  const clock = {
    now: Date.parse('2026-11-25T12:00:00Z'),
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const sim = await startBomboraSimulator({
    config: {
      ...SMALL,
      ...config,
      universe: { ...SMALL.universe, ...config.universe },
    },
    now: () => clock.now,
  });
  let cached: string | undefined;
  const token = async (): Promise<string> => {
    if (cached) return cached;
    const res = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(CLIENT),
    });
    cached = ((await res.json()) as { access_token: string }).access_token;
    return cached;
  };
  const call: TestSim['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const auth = options.auth === undefined ? 'bearer' : options.auth;
    if (auth === 'bearer') headers.authorization = `Bearer ${await token()}`;
    else if (auth !== null) headers.authorization = auth;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${sim.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return {
      status: res.status,
      statusText: res.statusText,
      body: parsed,
      text,
      headers: res.headers,
    };
  };
  const forgetToken = (): void => {
    cached = undefined;
  };
  return { sim, url: sim.url, clock, token, forgetToken, call, stop: () => sim.close() };
}
