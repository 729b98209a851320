// Helpers for the server's own tests: a server on a random port over a temp file, a controllable
// clock, captured logs, and a raw Hrana-over-HTTP caller.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PipelineRespBody } from './hrana';
import type { LogEntry } from './log';
import { startLibsqlServer, type LibsqlServer, type LibsqlServerOptions } from './server';

export interface TestServer {
  server: LibsqlServer;
  url: string;
  dir: string;
  dbPath: string;
  logs: LogEntry[];
  clock: { readonly now: number; advance(ms: number): void };
  /** Resolves with the first log entry (past or future) that matches. */
  waitForLog(match: (entry: LogEntry) => boolean): Promise<LogEntry>;
  /** Starts another server on the same file (after this one is stopped). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestServer(
  options: Partial<LibsqlServerOptions> = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'libsql-server-test-'));
  const dbPath = join(dir, 'nested', 'p360.db');
  const logs: LogEntry[] = [];
  const listeners = new Set<(entry: LogEntry) => void>();
  // Real time plus an offset that tests push forward to expire streams without sleeping.
  let offset = 0;
  const clock = {
    get now() {
      return Date.now() + offset;
    },
    advance(ms: number) {
      offset += ms;
    },
  };
  const start = (): Promise<LibsqlServer> =>
    startLibsqlServer({
      dbPath,
      port: 0,
      now: () => clock.now,
      log: (entry) => {
        logs.push(entry);
        for (const listener of listeners) listener(entry);
      },
      ...options,
    });
  const test: TestServer = {
    server: await start(),
    get url() {
      return test.server.url;
    },
    dir,
    dbPath,
    logs,
    clock,
    waitForLog(match) {
      const seen = logs.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => {
        const listener = (entry: LogEntry): void => {
          if (!match(entry)) return;
          listeners.delete(listener);
          resolve(entry);
        };
        listeners.add(listener);
      });
    },
    async restart() {
      test.server = await start();
    },
    async stop() {
      await test.server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return test;
}

export interface RawResponse<T> {
  status: number;
  body: T;
}

/** POSTs a pipeline body as a raw Hrana client would. */
export async function postPipeline(
  url: string,
  body: unknown,
  { version = 2, token }: { version?: 2 | 3; token?: string } = {},
): Promise<RawResponse<PipelineRespBody & { error?: string; message?: string; code?: string }>> {
  const res = await fetch(`${url}/v${version}/pipeline`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** Shorthand for a Hrana `execute` request on raw SQL text. */
export const executeReq = (sql: string, extra: Record<string, unknown> = {}): unknown => ({
  type: 'execute',
  stmt: { sql, ...extra },
});
