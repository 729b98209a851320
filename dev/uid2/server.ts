// The simulator's HTTP server: one node:http listener for the operator endpoints and the /__sim
// control endpoints, with the concurrency cap, fault injection and token-bucket rate limit in
// front of the API routes.
import { randomBytes } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { API_ROUTES } from './api';
import {
  ConfigPatchSchema,
  IdentityInputSchema,
  OptOutEntrySchema,
  type DeepPartial,
  type IdentityInput,
  type OptOutEntry,
  type Uid2SimConfig,
} from './config';
import { openRequest, sealResponse } from './envelope';
import { faultReply, pickFault } from './faults';
import { clientError, json, text, TOO_MANY_REQUESTS, UNAUTHORIZED, type Reply } from './http';
import {
  addOptOuts,
  expected,
  rotate,
  type Outcome,
  type RotateOptions,
  type RotatedBucket,
  type V3Body,
} from './identity-map';
import { SimState, type Uid2Stats } from './state';

export interface Uid2SimulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  config?: DeepPartial<Uid2SimConfig>;
  /** Clock for envelope timestamps, refresh times, rotations and the rate limiter. */
  now?: () => number;
  /** Random bytes (the response IV); node:crypto randomBytes by default. */
  random?: (n: number) => Buffer;
  /** Structured log sink, one entry per request; silent by default. */
  log?: (entry: Record<string, unknown>) => void;
}

export interface Uid2Simulator {
  url: string;
  close(): Promise<void>;
  configure(patch: DeepPartial<Uid2SimConfig>): void;
  /** Config back to defaults + start options; forgets rotations, opt-outs added since, stats. */
  reset(): void;
  stats(): Uid2Stats;
  config(): Uid2SimConfig;
  /** Rotates salt buckets; throws on an unknown bucket id or invalid identity. */
  rotate(opts: RotateOptions): { rotated: RotatedBucket[] };
  /** Adds identities to the opted-out set (opted out since now() unless given). */
  optOut(entries: OptOutEntry | OptOutEntry[]): {
    opted_out: { advertising_id: string; opted_out_since: number }[];
  };
  /** What /v3/identity/map would answer (the `body`), each key a string or string array. */
  expected(input: Partial<Record<keyof IdentityInput, string | string[]>>): V3Body;
}

const HEALTHCHECK = 'GET /ops/healthcheck';
const CONTROL_WITH_BODY = [
  'PATCH /__sim/config',
  'POST /__sim/config',
  'POST /__sim/rotate',
  'POST /__sim/optout',
  'POST /__sim/expected',
];
/** Past this, an oversized body is no longer drained but the connection dropped. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

const RotateSchema = z
  .object({
    bucketIds: z.array(z.string()),
    identities: z.array(IdentityInputSchema),
    fraction: z.number().min(0).max(1),
    seed: z.number().int(),
    at: z.number().int(),
    refreshFrom: z.number().int(),
  })
  .partial()
  .strict();

const OptOutBodySchema = z.union([OptOutEntrySchema, z.array(OptOutEntrySchema)]);

function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.body;
}

/** The API key of a Bearer header: prefix matched case-insensitively after trimming. */
export function bearerKey(header: string | undefined): string | null {
  const m = /^bearer (.*)$/is.exec((header ?? '').trim());
  return m ? (m[1] as string).trim() : null;
}

async function readBody(
  req: IncomingMessage,
  max: number,
): Promise<{ ok: true; body: Buffer } | { ok: false; size: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > DRAIN_LIMIT) {
      req.destroy();
      break;
    }
    if (size <= max) chunks.push(chunk);
  }
  return size > max ? { ok: false, size } : { ok: true, body: Buffer.concat(chunks) };
}

function sendReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = {
    ...reply.headers,
    'content-length': String(Buffer.byteLength(reply.body)),
  };
  res.writeHead(reply.status, STATUS_CODES[reply.status] ?? '', headers);
  res.end(reply.body);
}

async function readControlJson(
  req: IncomingMessage,
): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const body = await readBody(req, DRAIN_LIMIT);
  if (!body.ok) return { ok: false };
  const raw = body.body.toString('utf8');
  if (raw.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

function zodMessage(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

export async function startUid2Simulator(
  options: Uid2SimulatorOptions = {},
): Promise<Uid2Simulator> {
  const state = new SimState(options.config, options.now ?? Date.now);
  const random = options.random ?? ((n: number) => randomBytes(n));
  const log = options.log ?? (() => {});
  const held = new Set<NodeJS.Timeout>();

  const outcomeReply = <T>(outcome: Outcome<T>): Reply =>
    outcome.ok ? json(200, outcome.body) : json(400, { message: outcome.message });

  async function control(req: IncomingMessage, method: string, path: string): Promise<Reply> {
    const key = `${method} ${path}`;
    if (key === 'GET /__sim/config') return json(200, state.config);
    if (key === 'GET /__sim/stats') return json(200, state.stats);
    if (key === 'POST /__sim/reset') {
      state.reset();
      return json(200, { ok: true });
    }
    if (!CONTROL_WITH_BODY.includes(key))
      return json(404, { message: `Not found: ${method} ${path}` });
    const body = await readControlJson(req);
    if (!body.ok) return json(400, { message: 'Body must be valid JSON' });
    if (path === '/__sim/config') {
      const patch = ConfigPatchSchema.safeParse(body.value);
      if (!patch.success) return json(400, { message: zodMessage(patch.error) });
      state.configure(patch.data as DeepPartial<Uid2SimConfig>);
      return json(200, state.config);
    }
    if (path === '/__sim/rotate') {
      const opts = RotateSchema.safeParse(body.value);
      if (!opts.success) return json(400, { message: zodMessage(opts.error) });
      return outcomeReply(rotate(state, opts.data));
    }
    if (path === '/__sim/optout') {
      const entries = OptOutBodySchema.safeParse(body.value);
      if (!entries.success) return json(400, { message: zodMessage(entries.error) });
      const list = Array.isArray(entries.data) ? entries.data : [entries.data];
      return outcomeReply(addOptOuts(state, list));
    }
    return outcomeReply(expected(state, body.value));
  }

  function hold(res: ServerResponse): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        held.delete(timer);
        resolve();
      }, state.config.faults.timeoutMs);
      held.add(timer);
      res.once('close', () => {
        clearTimeout(timer);
        held.delete(timer);
        resolve();
      });
    });
  }

  async function api(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    entry: Record<string, unknown>,
  ): Promise<Reply | null> {
    const key = `${method} ${path}`;
    const route = API_ROUTES[key];
    const { latencyMs } = state.config.faults;
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    const fault = pickFault(state, method, path);
    if (fault) entry.fault = fault.fault;
    if (fault?.fault === 'latency')
      await new Promise((r) => setTimeout(r, fault.latencyMs ?? 1000));
    else if (fault?.fault === 'timeout') {
      await hold(res);
      res.destroy();
      return null;
    } else if (fault) return faultReply(fault.fault);
    if (key === HEALTHCHECK) return text(200, 'OK');
    if (!route) {
      const pathKnown = [...Object.keys(API_ROUTES), HEALTHCHECK].some((k) =>
        k.endsWith(` ${path}`),
      );
      return pathKnown
        ? text(405, 'Method Not Allowed')
        : text(404, '<html><body><h1>Resource not found</h1></body></html>', 'text/html');
    }
    if (!state.takeToken()) return TOO_MANY_REQUESTS;
    const body = await readBody(req, state.config.maxBodyBytes);
    state.stats.bytesReceived += body.ok ? body.body.length : body.size;
    if (!body.ok) return text(413, 'Request Entity Too Large');
    const apiKey = bearerKey(req.headers.authorization);
    const client = state.config.clients.find((c) => c.apiKey === apiKey);
    if (!client || !client.roles.some((r) => route.roles.includes(r))) return UNAUTHORIZED;
    const key32 = Buffer.from(client.secret, 'base64');
    const binary = (req.headers['content-type'] ?? '')
      .toLowerCase()
      .startsWith('application/octet-stream');
    const opened = openRequest(body.body, binary, {
      key: key32,
      now: state.now(),
      toleranceMs: state.config.timestampToleranceMs,
    });
    if (!opened.ok) return clientError(opened.message);
    const result = route.run(state, opened.payload);
    state.count(state.stats.items, key, result.items);
    if (!result.ok) return result.reply;
    const sealed = sealResponse(result.json, opened.nonce, {
      key: key32,
      now: state.now(),
      iv: random(12),
    });
    return opened.binary
      ? { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: sealed }
      : text(200, sealed.toString('base64'));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const entry: Record<string, unknown> = { event: 'http_request', method, path };
    if (path.startsWith('/__sim/')) {
      try {
        sendReply(res, await control(req, method, path));
      } catch (e) {
        entry.error = e instanceof Error ? e.message : String(e);
        if (!res.headersSent) sendReply(res, json(500, { message: 'Internal Server Error' }));
      } finally {
        entry.status = res.statusCode;
        log(entry);
      }
      return;
    }
    const key = `${method} ${path}`;
    const stats = state.stats;
    state.count(stats.calls, key);
    const capped = key in API_ROUTES;
    const { maxConcurrent } = state.config.rateLimit;
    let counted = false;
    try {
      let reply: Reply | null;
      if (capped && maxConcurrent > 0 && state.inFlight >= maxConcurrent) reply = TOO_MANY_REQUESTS;
      else {
        if (capped) {
          counted = true;
          state.inFlight += 1;
          stats.maxConcurrent = Math.max(stats.maxConcurrent, state.inFlight);
        }
        reply = await api(req, res, method, path, entry);
      }
      if (reply) {
        if (reply.status === 413) res.setHeader('connection', 'close');
        sendReply(res, reply);
      }
    } catch (e) {
      entry.error = e instanceof Error ? e.message : String(e);
      if (!res.headersSent)
        sendReply(res, json(500, { status: 'unknown', message: 'Internal Server Error' }));
      else res.destroy();
    } finally {
      if (counted) state.inFlight -= 1;
      if (res.headersSent) {
        state.count(stats.statuses, String(res.statusCode));
        if (res.statusCode === 429) stats.rateLimited += 1;
      }
      entry.status = res.headersSent ? res.statusCode : null;
      entry.durationMs = Math.round(performance.now() - started);
      log(entry);
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log({ event: 'listening', url });

  let closing: Promise<void> | undefined;
  return {
    url,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const timer of held) clearTimeout(timer);
        held.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
    configure: (patch) => state.configure(patch),
    reset: () => state.reset(),
    stats: () => structuredClone(state.stats),
    config: () => structuredClone(state.config),
    rotate: (opts) => unwrap(rotate(state, opts)),
    optOut: (entries) => unwrap(addOptOuts(state, Array.isArray(entries) ? entries : [entries])),
    expected: (input) => unwrap(expected(state, input)),
  };
}
