// The `pipeline` and `cursor` endpoints: acquire (or open) the stream named by the baton, run the
// requests in order, hand back the next baton. Modelled on sqld's hrana/http/{mod,request}.rs.
import { ProtocolError, StmtError } from './errors';
import * as exec from './executor';
import type {
  BatchResult,
  CursorEntry,
  CursorReqBody,
  CursorRespBody,
  HranaVersion,
  PipelineReqBody,
  PipelineRespBody,
  StreamRequest,
  StreamResponse,
  StreamResult,
} from './hrana';
import type { Logger } from './log';
import type { Stream, StreamRegistry } from './streams';
import type { WriteGate } from './write-gate';

// sqld's limits for stored SQL texts (hrana/http/request.rs); the client stays below them.
const MAX_STORED_SQLS = 50;
const MAX_STORED_SQL_BYTES = 5000;

export interface PipelineContext {
  registry: StreamRegistry;
  gate: WriteGate;
  version: HranaVersion;
  busyTimeoutMs: number;
  log: Logger;
}

/** Runs `work` on the baton's stream; a protocol error (or a bug) drops the stream, as sqld does. */
async function withStream<T>(
  ctx: PipelineContext,
  baton: string | null | undefined,
  work: (stream: Stream, execCtx: exec.ExecContext) => Promise<T>,
): Promise<{ value: T; baton: string | null; stream: string }> {
  const stream = baton ? ctx.registry.acquire(baton) : ctx.registry.open();
  const execCtx: exec.ExecContext = {
    stream,
    gate: ctx.gate,
    version: ctx.version,
    busyTimeoutMs: ctx.busyTimeoutMs,
    log: ctx.log,
  };
  try {
    const value = await work(stream, execCtx);
    return { value, baton: ctx.registry.release(stream), stream: stream.id };
  } catch (e) {
    ctx.registry.close(stream, e instanceof ProtocolError ? 'protocol_error' : 'internal_error');
    throw e;
  }
}

/** Requests after `close` on the same stream are protocol errors, not statement errors. */
function requireOpen(stream: Stream): void {
  if (stream.closed) throw new ProtocolError('Stream for this baton was closed');
}

async function handleRequest(
  ctx: PipelineContext,
  stream: Stream,
  execCtx: exec.ExecContext,
  request: StreamRequest,
): Promise<StreamResult> {
  // SQL failures become `{type: "error"}` results; anything else aborts the whole pipeline.
  const attempt = async (run: () => Promise<StreamResponse>): Promise<StreamResult> => {
    try {
      return { type: 'ok', response: await run() };
    } catch (e) {
      if (e instanceof StmtError) return { type: 'error', error: e.toHrana() };
      throw e;
    }
  };
  switch (request.type) {
    case 'close':
      ctx.registry.close(stream, 'client');
      return { type: 'ok', response: { type: 'close' } };
    case 'execute':
      requireOpen(stream);
      return attempt(async () => ({
        type: 'execute',
        result: await exec.execute(execCtx, request.stmt),
      }));
    case 'batch':
      requireOpen(stream);
      return attempt(async () => ({
        type: 'batch',
        result: await exec.batch(execCtx, request.batch),
      }));
    case 'sequence': {
      requireOpen(stream);
      const sql = exec.resolveSql(request.sql, request.sql_id, stream.sqls);
      return attempt(async () => {
        await exec.sequence(execCtx, sql);
        return { type: 'sequence' };
      });
    }
    case 'describe': {
      requireOpen(stream);
      const sql = exec.resolveSql(request.sql, request.sql_id, stream.sqls);
      return attempt(async () => ({ type: 'describe', result: exec.describe(execCtx, sql) }));
    }
    case 'store_sql':
      if (stream.sqls.has(request.sql_id)) {
        throw new ProtocolError(`SQL text ${request.sql_id} already exists`);
      }
      return attempt(async () => {
        if (stream.sqls.size >= MAX_STORED_SQLS) {
          throw new StmtError(
            `The server already stores ${stream.sqls.size} SQL texts, it cannot store more`,
            'SQL_STORE_TOO_MANY',
          );
        }
        const bytes = Buffer.byteLength(request.sql);
        if (bytes > MAX_STORED_SQL_BYTES) {
          throw new StmtError(
            `The statement is too large to be stored: ${bytes} B/${MAX_STORED_SQL_BYTES} B`,
            'SQL_STORE_TOO_LARGE',
          );
        }
        stream.sqls.set(request.sql_id, request.sql);
        return { type: 'store_sql' };
      });
    case 'close_sql':
      stream.sqls.delete(request.sql_id);
      return { type: 'ok', response: { type: 'close_sql' } };
    case 'get_autocommit':
      if (ctx.version < 3) {
        throw new ProtocolError(
          'The `get_autocommit` request is only supported in protocol version hrana3 and higher',
        );
      }
      return {
        type: 'ok',
        response: { type: 'get_autocommit', is_autocommit: !stream.conn.inTransaction },
      };
  }
}

export async function runPipeline(
  ctx: PipelineContext,
  body: PipelineReqBody,
): Promise<{ response: PipelineRespBody; stream: string }> {
  const {
    value: results,
    baton,
    stream,
  } = await withStream(ctx, body.baton, async (s, execCtx) => {
    const out: StreamResult[] = [];
    for (const request of body.requests) out.push(await handleRequest(ctx, s, execCtx, request));
    return out;
  });
  return { response: { baton, base_url: null, results }, stream };
}

/** The same information as a BatchResult, as the entry sequence of a Hrana 3 cursor. */
function cursorEntries(result: BatchResult): CursorEntry[] {
  const entries: CursorEntry[] = [];
  result.step_results.forEach((stepResult, step) => {
    const stepError = result.step_errors[step];
    if (stepResult) {
      entries.push({ type: 'step_begin', step, cols: stepResult.cols });
      for (const row of stepResult.rows) entries.push({ type: 'row', row });
      entries.push({
        type: 'step_end',
        affected_row_count: stepResult.affected_row_count,
        last_insert_rowid: stepResult.last_insert_rowid,
      });
    } else if (stepError) {
      entries.push({ type: 'step_error', step, error: stepError });
    }
  });
  return entries;
}

export async function runCursor(
  ctx: PipelineContext,
  body: CursorReqBody,
): Promise<{ head: CursorRespBody; entries: CursorEntry[]; stream: string }> {
  const {
    value: entries,
    baton,
    stream,
  } = await withStream(ctx, body.baton, async (_s, execCtx) => {
    try {
      return cursorEntries(await exec.batch(execCtx, body.batch));
    } catch (e) {
      if (e instanceof StmtError) return [{ type: 'error', error: e.toHrana() } as CursorEntry];
      throw e;
    }
  });
  return { head: { baton, base_url: null }, entries, stream };
}
