// Helpers for the simulator's own tests: a simulator on a random port with a controllable clock,
// and a small UID2 client of our own that seals requests and opens responses with node:crypto.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DeepPartial, Uid2SimConfig } from './config';
import { DEFAULT_CLIENT } from './config';
import { startUid2Simulator, type Uid2Simulator } from './server';

export const API_KEY = DEFAULT_CLIENT.apiKey;
export const SECRET = DEFAULT_CLIENT.secret;
export const NOW = Date.parse('2026-11-25T12:00:00.000Z');

/** Request envelope: 0x01 ‖ iv ‖ AES-GCM(ts ‖ nonce ‖ json) ‖ tag. */
export function sealRequest(
  json: string | Buffer,
  opts: { secret?: string; ts: number; nonce?: Buffer; iv?: Buffer; version?: number },
): Buffer {
  const key = Buffer.from(opts.secret ?? SECRET, 'base64');
  const iv = opts.iv ?? randomBytes(12);
  const ts = Buffer.alloc(8);
  ts.writeBigInt64BE(BigInt(opts.ts));
  const plain = Buffer.concat([ts, opts.nonce ?? randomBytes(8), Buffer.from(json)]);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([Buffer.from([opts.version ?? 1]), iv, ct, cipher.getAuthTag()]);
}

/** Response: iv ‖ AES-GCM(ts ‖ nonce ‖ json) ‖ tag. */
export function openResponse(
  bytes: Buffer,
  secret = SECRET,
): { ts: number; nonce: Buffer; json: unknown; text: string } {
  const key = Buffer.from(secret, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  const plain = Buffer.concat([
    decipher.update(bytes.subarray(12, bytes.length - 16)),
    decipher.final(),
  ]);
  const text = plain.subarray(16).toString('utf8');
  return {
    ts: Number(plain.readBigInt64BE(0)),
    nonce: plain.subarray(8, 16),
    json: JSON.parse(text) as unknown,
    text,
  };
}

export interface RawResponse {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text: string;
  /** Parsed JSON of a plain (error) body, if it is JSON. */
  json: unknown;
}

export interface TestSim {
  sim: Uid2Simulator;
  url: string;
  clock: { now: number; advance(ms: number): void };
  /** Raw POST: any body, any headers; auth defaults to the local API key (null = none). */
  raw(
    path: string,
    body: string | Buffer,
    options?: { auth?: string | null; contentType?: string; method?: string },
  ): Promise<RawResponse>;
  /** Sealed request; the response is opened when 200, checking the nonce echo. */
  call(
    path: string,
    payload: unknown,
    options?: { auth?: string | null; secret?: string; binary?: boolean },
  ): Promise<{ status: number; body: unknown; headers: Headers; ts?: number }>;
  /** Unauthenticated plain JSON to a /__sim endpoint. */
  control(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

export async function startTestSim(
  config: DeepPartial<Uid2SimConfig> = {},
  extra: { random?: (n: number) => Buffer } = {},
): Promise<TestSim> {
  const clock = {
    now: NOW,
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const sim = await startUid2Simulator({ config, now: () => clock.now, random: extra.random });
  const raw: TestSim['raw'] = async (path, body, options = {}) => {
    const headers: Record<string, string> = {
      'content-type': options.contentType ?? 'text/plain',
    };
    const auth = options.auth === undefined ? `Bearer ${API_KEY}` : options.auth;
    if (auth !== null) headers.authorization = auth;
    const res = await fetch(`${sim.url}${path}`, {
      method: options.method ?? 'POST',
      headers,
      body:
        options.method === 'GET'
          ? undefined
          : typeof body === 'string'
            ? body
            : new Uint8Array(body),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    let json: unknown = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, bytes, text, json };
  };
  const call: TestSim['call'] = async (path, payload, options = {}) => {
    const nonce = randomBytes(8);
    const sealed = sealRequest(JSON.stringify(payload), {
      ts: clock.now,
      nonce,
      secret: options.secret,
    });
    const res = await raw(path, options.binary ? sealed : sealed.toString('base64'), {
      auth: options.auth,
      contentType: options.binary ? 'application/octet-stream' : 'text/plain',
    });
    if (res.status !== 200) return { status: res.status, body: res.json, headers: res.headers };
    const bytes = options.binary ? res.bytes : Buffer.from(res.text, 'base64');
    const opened = openResponse(bytes, options.secret);
    if (!opened.nonce.equals(nonce)) throw new Error('nonce mismatch');
    return { status: 200, body: opened.json, headers: res.headers, ts: opened.ts };
  };
  const control: TestSim['control'] = async (method, path, body) => {
    const res = await fetch(`${sim.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  return { sim, url: sim.url, clock, raw, call, control, stop: () => sim.close() };
}
