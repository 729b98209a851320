// The little HTTP vocabulary shared by both API generations: replies, request context, bodies.
import type { IncomingMessage } from 'node:http';
import type { SimState } from './state';

export interface Reply {
  status: number;
  /** Reason phrase; Node's default for the status when absent. */
  statusMessage?: string;
  headers?: Record<string, string>;
  /** A string, or chunks streamed with backpressure (large report files). */
  body: string | AsyncIterable<string>;
}

export interface RequestContext {
  req: IncomingMessage;
  method: string;
  path: string;
  url: URL;
  state: SimState;
  readBody(): Promise<Buffer>;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** Reads the body as JSON; `{ ok: false }` when it is not valid JSON. */
export async function readJson(
  ctx: RequestContext,
): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const raw = (await ctx.readBody()).toString('utf8');
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}
