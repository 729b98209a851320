// The simulator's HTTP server: one node:http listener for both API generations and the /__sim
// control endpoints, with fault injection in front of the API routes.
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigPatchSchema, type BomboraSimConfig, type DeepPartial } from './config';
import { expectedCounts } from './dataset';
import { faultReply, pickFault } from './faults';
import { json, readJson, type Handler, type Reply, type RequestContext } from './http';
import { getData, getTopics, postData, postToken } from './intent-api';
import { isLegacyPath, LEGACY_ROUTES } from './legacy-api';
import { SimState } from './state';
import { topicByName } from './taxonomy';

export interface BomboraSimulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  config?: DeepPartial<BomboraSimConfig>;
  /** Clock for token expiry, rate windows, report readiness and the current week. */
  now?: () => number;
  /** Structured log sink, one entry per request; silent by default. */
  log?: (entry: Record<string, unknown>) => void;
}

export interface BomboraSimulator {
  url: string;
  close(): Promise<void>;
  configure(patch: DeepPartial<BomboraSimConfig>): void;
  /** Config back to defaults + start options; clears tokens, reports, rate windows and stats. */
  reset(): void;
  stats(): { calls: Record<string, number>; rowsServed: number };
  config(): BomboraSimConfig;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

const CURRENT_ROUTES: Record<string, Handler> = {
  'POST /oauth/token': postToken,
  'POST /intent/v1/data': postData,
  'GET /intent/v1/data': getData,
  'GET /reference/v1/topics': getTopics,
};

function findRoute(method: string, path: string): Handler | 'method' | null {
  const current = CURRENT_ROUTES[`${method} ${path}`];
  if (current) return current;
  const legacy = LEGACY_ROUTES[`${method} ${path.toLowerCase()}`];
  if (legacy) return legacy;
  const known = [...Object.keys(CURRENT_ROUTES), ...Object.keys(LEGACY_ROUTES)].some(
    (k) => k.split(' ')[1] === path || k.split(' ')[1] === path.toLowerCase(),
  );
  return known ? 'method' : null;
}

/** 404 / 405 in the envelope of the API generation addressed (ASP.NET's for legacy paths). */
function unrouted(kind: 'method' | null, method: string, path: string): Reply {
  if (isLegacyPath(path)) {
    return kind === 'method'
      ? json(405, { Message: `The requested resource does not support http method '${method}'.` })
      : json(404, {
          Message: `No HTTP resource was found that matches the request URI '${path}'.`,
        });
  }
  return kind === 'method'
    ? json(405, { message: `Method ${method} not allowed on ${path}` })
    : json(404, { message: `Not found: ${path}` });
}

function bodyReader(req: IncomingMessage): () => Promise<Buffer> {
  let body: Promise<Buffer> | undefined;
  return () =>
    (body ??= (async () => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) throw new Error('request body too large');
        chunks.push(chunk);
      }
      return Buffer.concat(chunks);
    })());
}

function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

async function sendReply(res: ServerResponse, reply: Reply): Promise<void> {
  const headers = { ...reply.headers };
  if (typeof reply.body === 'string') {
    headers['content-length'] = String(Buffer.byteLength(reply.body));
    res.writeHead(reply.status, reply.statusMessage ?? STATUS_CODES[reply.status] ?? '', headers);
    res.end(reply.body);
    return;
  }
  res.writeHead(reply.status, reply.statusMessage ?? STATUS_CODES[reply.status] ?? '', headers);
  for await (const chunk of reply.body) {
    if (res.destroyed) return;
    if (!res.write(chunk)) await drainOrClose(res);
  }
  res.end();
}

/** A 200 whose body stops in the middle: the declared length is never reached. */
async function sendTruncated(res: ServerResponse, reply: Reply): Promise<void> {
  let full = '';
  if (typeof reply.body === 'string') full = reply.body;
  else {
    for await (const chunk of reply.body) {
      full += chunk;
      if (full.length >= 65_536) break;
    }
  }
  const bytes = Buffer.from(full);
  const cut = bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2)));
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Math.max(bytes.length, cut.length + 1)),
  });
  res.write(cut, () => res.destroy());
}

export async function startBomboraSimulator(
  options: BomboraSimulatorOptions = {},
): Promise<BomboraSimulator> {
  const state = new SimState(options.config, options.now ?? Date.now);
  const log = options.log ?? (() => {});
  const held = new Set<NodeJS.Timeout>();

  const control = async (ctx: RequestContext): Promise<Reply> => {
    const key = `${ctx.method} ${ctx.path}`;
    if (key === 'GET /__sim/config') return json(200, state.config);
    if (key === 'POST /__sim/config') {
      const body = await readJson(ctx);
      const patch = body.ok ? ConfigPatchSchema.safeParse(body.value) : null;
      if (!patch?.success) {
        const detail = patch?.error.issues
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ');
        return json(400, { message: detail ?? 'Body must be valid JSON' });
      }
      state.configure(patch.data as DeepPartial<BomboraSimConfig>);
      return json(200, state.config);
    }
    if (key === 'POST /__sim/reset') {
      state.reset();
      return json(200, { ok: true });
    }
    // A webhook sink for tests of the app's alerts (stale data): records each POSTed body.
    if (key === 'POST /__sim/webhooks') {
      const body = await readJson(ctx);
      state.webhooks.push(body.ok ? body.value : null);
      return json(200, { ok: true });
    }
    if (key === 'GET /__sim/webhooks') return json(200, { received: state.webhooks });
    if (key === 'GET /__sim/stats')
      return json(200, { calls: state.calls, rowsServed: state.rowsServed });
    if (key === 'GET /__sim/expected') {
      const names = (ctx.url.searchParams.get('topics') ?? '').split(',').filter((s) => s.trim());
      const topics = names.map((n) => ({ n, t: topicByName(n) }));
      const unknown = topics.find((x) => !x.t);
      if (names.length === 0 || unknown) {
        return json(400, {
          message: unknown ? `Unknown topic: ${unknown.n}` : 'topics is required',
        });
      }
      const week = state.currentWeek();
      const ids = topics.map((x) => x.t?.id as number);
      return json(200, { week, ...expectedCounts(state.config, ids, week) });
    }
    return json(404, { message: `Not found: ${ctx.path}` });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    const method = req.method ?? 'GET';
    const ctx: RequestContext = {
      req,
      method,
      path: url.pathname,
      url,
      state,
      readBody: bodyReader(req),
    };
    const entry: Record<string, unknown> = { event: 'http_request', method, path: url.pathname };
    try {
      if (url.pathname.startsWith('/__sim/')) return await sendReply(res, await control(ctx));
      const key = `${method} ${url.pathname}`;
      state.calls[key] = (state.calls[key] ?? 0) + 1;
      const { latencyMs, timeoutMs } = state.config.faults;
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
      const fault = pickFault(state, method, url.pathname);
      entry.fault = fault ?? undefined;
      if (fault === 'timeout') {
        // Hold the request, then drop the connection without answering.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            held.delete(timer);
            resolve();
          }, timeoutMs);
          held.add(timer);
          res.once('close', () => {
            clearTimeout(timer);
            held.delete(timer);
            resolve();
          });
        });
        res.destroy();
        return;
      }
      if (fault === '429' || fault === '500' || fault === '503') {
        return await sendReply(res, faultReply(fault, url.pathname));
      }
      const route = findRoute(method, url.pathname);
      const reply: Reply =
        typeof route === 'function' ? await route(ctx) : unrouted(route, method, url.pathname);
      await (fault === 'truncate' ? sendTruncated(res, reply) : sendReply(res, reply));
    } catch (e) {
      entry.error = e instanceof Error ? e.message : String(e);
      if (!res.headersSent) await sendReply(res, json(500, { message: 'Internal Server Error' }));
      else res.destroy();
    } finally {
      entry.status = res.statusCode;
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
    stats: () => ({ calls: { ...state.calls }, rowsServed: state.rowsServed }),
    config: () => structuredClone(state.config),
  };
}
