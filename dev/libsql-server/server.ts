// HTTP front of the local libSQL server: routes, bearer auth, body parsing, error responses,
// request logging and the programmatic start/stop API.
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { openDatabase } from './connection';
import { AuthError, ProtocolError, StreamExpiredError } from './errors';
import {
  CursorReqBodySchema,
  describeIssues,
  PipelineReqBodySchema,
  type HranaVersion,
} from './hrana';
import { jsonLineLogger, type LogEntry, type Logger } from './log';
import { runCursor, runPipeline, type PipelineContext } from './pipeline';
import { StreamRegistry } from './streams';
import { GateTimeoutError, WriteGate } from './write-gate';

export interface LibsqlServerOptions {
  /** SQLite file; its directory is created. Opened in WAL mode. */
  dbPath: string;
  /** Default 8788; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, pipeline requests need `Authorization: Bearer <authToken>`. */
  authToken?: string;
  /** Idle time after which a stream is closed and its open transaction rolled back (10 s, as sqld). */
  streamIdleMs?: number;
  /** How long a statement waits for the write lock before failing with SQLITE_BUSY (5 s). */
  busyTimeoutMs?: number;
  /** Structured log sink; defaults to JSON lines on stdout. */
  log?: (entry: LogEntry) => void;
  /** Clock for stream expiry (tests move it forward instead of sleeping). */
  now?: () => number;
}

export interface LibsqlServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export class ServerStartError extends Error {
  override name = 'ServerStartError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;

type Route =
  | { method: 'GET'; kind: 'health' | 'version' | 'index' }
  | { method: 'POST'; kind: 'pipeline' | 'cursor'; version: HranaVersion };

// Only the JSON encoding is served. `GET /v3-protobuf` answers 404 on purpose: a client that
// probes for Hrana 3 (@libsql/client does only when asked for protocol version 3) then falls back
// to `v2/pipeline` with JSON. @libsql/client 0.18 does not probe at all: it posts to v2/pipeline.
const ROUTES: Record<string, Route> = {
  '/health': { method: 'GET', kind: 'health' },
  '/version': { method: 'GET', kind: 'version' },
  '/v2': { method: 'GET', kind: 'index' },
  '/v3': { method: 'GET', kind: 'index' },
  '/v2/pipeline': { method: 'POST', kind: 'pipeline', version: 2 },
  '/v3/pipeline': { method: 'POST', kind: 'pipeline', version: 3 },
  '/v3/cursor': { method: 'POST', kind: 'cursor', version: 3 },
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function tokensEqual(given: string, expected: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function checkAuth(req: IncomingMessage, token: string | undefined): void {
  if (token === undefined) return;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) throw new AuthError('Missing `Authorization: Bearer <token>` header');
  if (!tokensEqual(match[1] as string, token)) throw new AuthError('Invalid auth token');
}

async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.infer<S>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Request body is too large');
    chunks.push(chunk);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    throw new ProtocolError(`Cannot deserialize client message from JSON: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ProtocolError(`Invalid request: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function send(res: ServerResponse, status: number, body: string, type: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, body: unknown): void =>
  send(res, status, JSON.stringify(body), 'application/json');

/** Maps an error to the status and JSON body Turso would answer with. */
function errorResponse(e: unknown): { status: number; body: Record<string, string> } {
  if (e instanceof StreamExpiredError) {
    return { status: 400, body: { error: e.message, message: e.message, code: e.code } };
  }
  if (e instanceof ProtocolError) return { status: 400, body: { error: e.message } };
  if (e instanceof AuthError) return { status: 401, body: { error: e.message } };
  if (e instanceof HttpError) return { status: e.status, body: { error: e.message } };
  return { status: 500, body: { error: 'Internal server error' } };
}

function listen(server: HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        err.code === 'EADDRINUSE'
          ? new ServerStartError(
              `Cannot start the local libSQL server: port ${port} on ${host} is already in use`,
              'EADDRINUSE',
            )
          : err,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startLibsqlServer(opts: LibsqlServerOptions): Promise<LibsqlServer> {
  const host = opts.host ?? '127.0.0.1';
  const log: Logger = opts.log ?? jsonLineLogger();
  const streamIdleMs = opts.streamIdleMs ?? 10_000;
  const anchor = openDatabase(opts.dbPath);
  const [sqliteVersion] = anchor.prepare('SELECT sqlite_version()').raw(true).get() as [string];
  const gate = new WriteGate();
  const registry = new StreamRegistry({
    dbPath: opts.dbPath,
    idleMs: streamIdleMs,
    now: opts.now ?? Date.now,
    gate,
    log,
  });
  const context = (version: HranaVersion): PipelineContext => ({
    registry,
    gate,
    version,
    busyTimeoutMs: opts.busyTimeoutMs ?? 5_000,
    log,
  });

  const inFlight = new Set<Promise<void>>();

  async function route(req: IncomingMessage, res: ServerResponse, entry: LogEntry): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] as string;
    const found = ROUTES[path];
    if (!found) throw new HttpError(404, `Not found: ${path}`);
    if (req.method !== found.method) {
      res.setHeader('allow', found.method);
      throw new HttpError(405, `Method ${req.method} not allowed on ${path}`);
    }
    switch (found.kind) {
      case 'health':
        return send(res, 200, '', 'text/plain');
      case 'version':
        return send(res, 200, `p360-local-libsql (SQLite ${sqliteVersion})`, 'text/plain');
      case 'index':
        return send(res, 200, 'Hello, this is HTTP API v2 (Hrana over HTTP)', 'text/plain');
      case 'pipeline': {
        checkAuth(req, opts.authToken);
        const body = await readJson(req, PipelineReqBodySchema);
        registry.sweep();
        entry.requests = body.requests.map((r) => r.type);
        entry.baton = body.baton ? 'existing' : 'new';
        const { response, stream } = await runPipeline(context(found.version), body);
        entry.stream = stream;
        return sendJson(res, 200, response);
      }
      case 'cursor': {
        checkAuth(req, opts.authToken);
        const body = await readJson(req, CursorReqBodySchema);
        registry.sweep();
        entry.steps = body.batch.steps.length;
        const { head, entries, stream } = await runCursor(context(found.version), body);
        entry.stream = stream;
        const lines = [head, ...entries].map((e) => `${JSON.stringify(e)}\n`).join('');
        return send(res, 200, lines, 'text/plain');
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const entry: LogEntry = { event: 'http_request', method: req.method, path: req.url };
    res.setHeader('access-control-allow-origin', '*');
    try {
      if (req.method === 'OPTIONS') {
        res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
        res.setHeader('access-control-allow-headers', 'authorization, content-type');
        res.writeHead(204).end();
      } else {
        await route(req, res, entry);
      }
    } catch (e) {
      const { status, body } = errorResponse(e);
      entry.error = body.error;
      if (status === 500) entry.detail = e instanceof Error ? e.stack : String(e);
      if (!res.headersSent) {
        if (status === 413) res.setHeader('connection', 'close');
        sendJson(res, status, body);
      }
    } finally {
      entry.status = res.statusCode;
      entry.durationMs = Math.round(performance.now() - started);
      log(entry);
    }
  }

  const server = createServer((req, res) => {
    const done = handle(req, res).finally(() => inFlight.delete(done));
    inFlight.add(done);
  });

  let port: number;
  try {
    port = await listen(server, opts.port ?? 8788, host);
  } catch (e) {
    anchor.close();
    throw e;
  }
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const sweeper = setInterval(
    () => registry.sweep(),
    Math.min(1000, Math.max(10, streamIdleMs / 2)),
  );
  sweeper.unref();
  log({ event: 'listening', url, dbPath: opts.dbPath, auth: opts.authToken !== undefined });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      clearInterval(sweeper);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Requests parked on the write gate fail with SQLITE_BUSY; the rest finish promptly.
      gate.rejectAll(new GateTimeoutError('server is shutting down'));
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await stopped;
      registry.closeAll('shutdown');
      anchor.close();
      log({ event: 'stopped', url });
    })());

  return { url, port, close };
}
