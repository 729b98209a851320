// Runs Hrana statements, batches and sequences on a stream's connection with sqld's semantics
// (libsql-server/src/hrana/{stmt,batch}.rs, src/query.rs, src/connection/program.rs).
import type { Connection, Statement } from './connection';
import {
  argsError,
  busyError,
  executionError,
  isBusyClass,
  isRetryableBusy,
  isSyntaxError,
  prepareError,
  ProtocolError,
  StmtError,
} from './errors';
import type {
  Batch,
  BatchCond,
  BatchResult,
  DescribeResult,
  HranaError,
  HranaVersion,
  Stmt,
  StmtResult,
} from './hrana';
import type { Logger } from './log';
import { analyzeSql, type StatementInfo } from './sql';
import type { Stream } from './streams';
import { valueFromHrana, valueToHrana, type SqlValue } from './values';
import { GateTimeoutError, type WriteGate } from './write-gate';

export interface ExecContext {
  stream: Stream;
  gate: WriteGate;
  version: HranaVersion;
  /** How long a statement may wait for the write lock before failing with SQLITE_BUSY. */
  busyTimeoutMs: number;
  log: Logger;
}

/** A statement checked and ready to run: SQL resolved, arguments decoded. */
interface PreparedStmt {
  info: StatementInfo;
  positional: SqlValue[] | null;
  named: Map<string, SqlValue> | null;
  wantRows: boolean;
}

export function resolveSql(
  sql: string | null | undefined,
  sqlId: number | null | undefined,
  sqls: Map<number, string>,
): string {
  if (sql != null && sqlId != null) {
    throw new ProtocolError('Either `sql` or `sql_id` are required, but not both');
  }
  if (sql != null) return sql;
  if (sqlId == null) throw new ProtocolError('Either `sql` or `sql_id` are required');
  const stored = sqls.get(sqlId);
  if (stored === undefined) throw new ProtocolError(`SQL text ${sqlId} not found`);
  return stored;
}

function prepareStmt(stmt: Stmt, sqls: Map<number, string>): PreparedStmt {
  const statements = analyzeSql(resolveSql(stmt.sql, stmt.sql_id, sqls));
  const [info] = statements;
  if (!info) throw new StmtError('SQL string does not contain any statement', 'SQL_NO_STATEMENT');
  if (statements.length > 1) {
    throw new StmtError('SQL string contains more than one statement', 'SQL_MANY_STATEMENTS');
  }
  if (stmt.args.length > 0 && stmt.named_args.length > 0) {
    throw new StmtError(
      'Specifying both positional and named arguments is not supported',
      'ARGS_BOTH_POSITIONAL_AND_NAMED',
    );
  }
  const named =
    stmt.named_args.length > 0
      ? new Map(stmt.named_args.map((arg) => [arg.name, valueFromHrana(arg.value)] as const))
      : null;
  return {
    info,
    positional: named ? null : stmt.args.map(valueFromHrana),
    named,
    wantRows: stmt.want_rows ?? true,
  };
}

/** Orders the arguments by parameter index, with sqld's matching rules (query.rs Params::bind). */
function bindValues({ info, positional, named }: PreparedStmt): SqlValue[] {
  const given = positional ? positional.length : (named?.size ?? 0);
  if (given > info.params.length) {
    throw argsError(`too many parameters, expected ${info.params.length} found ${given}`);
  }
  const lookupNamed = (name: string): SqlValue | undefined => {
    if (!named) return undefined;
    // A name may be sent with its prefix (":a") or without it ("a"), as @libsql/client does.
    if (named.has(name)) return named.get(name);
    return named.has(name.slice(1)) ? named.get(name.slice(1)) : undefined;
  };
  return info.params.map((name, i) => {
    let value: SqlValue | undefined;
    if (name === null) value = positional?.[i];
    else if (name.startsWith('?')) value = positional?.[Number(name.slice(1)) - 1];
    else value = lookupNamed(name);
    if (value !== undefined) return value;
    if (info.isExplain) return null; // EXPLAIN may leave parameters unbound
    throw argsError(`value for parameter ${name ?? i + 1} not found`);
  });
}

/**
 * sqld parses a whole batch or sequence before running any of it, so a syntax error anywhere
 * fails the request up front. Other prepare errors (e.g. a table created by an earlier step) are
 * left for the step itself.
 */
function checkSyntax(conn: Connection, info: StatementInfo): void {
  try {
    prepareCached(conn, info.sql);
  } catch (e) {
    const error = prepareError(e);
    if (isSyntaxError(error)) throw error;
  }
}

const needsWriteLock = (info: StatementInfo): boolean =>
  info.kind === 'write' || info.kind === 'begin';

async function enterGate(ctx: ExecContext, info: StatementInfo): Promise<void> {
  const { gate, stream } = ctx;
  if (!needsWriteLock(info) || gate.holds(stream.id)) return;
  // An abandoned holder is expired by the registry's sweeps (on every request and on a timer),
  // which releases the gate to the first waiter.
  if (gate.holder === null) return gate.acquire(stream.id, ctx.busyTimeoutMs);
  const started = performance.now();
  ctx.log({ event: 'lock_wait', stream: stream.id, holder: gate.holder, queued: gate.waiting + 1 });
  try {
    await gate.acquire(stream.id, ctx.busyTimeoutMs);
  } catch (e) {
    if (!(e instanceof GateTimeoutError)) throw e;
    ctx.log({ event: 'lock_timeout', stream: stream.id, waitedMs: ms(started) });
    throw busyError();
  }
  ctx.log({ event: 'lock_acquired', stream: stream.id, waitedMs: ms(started) });
}

/** The gate is held for as long as the connection is inside a transaction. */
function leaveGate(ctx: ExecContext): void {
  const { gate, stream } = ctx;
  if (gate.holds(stream.id) && (stream.closed || !stream.conn.inTransaction)) {
    gate.release(stream.id);
  }
}

const sleep = (msDelay: number): Promise<void> => new Promise((r) => setTimeout(r, msDelay));
const ms = (since: number): number => Math.round(performance.now() - since);

/**
 * Runs `step` (one synchronous libsql call), retrying on SQLITE_BUSY without blocking the event
 * loop. The gate keeps our own streams from colliding, so BUSY here means another process has the
 * database open (a CLI, drizzle-kit studio, ...). Re-running the same statement also resets it.
 */
async function withBusyRetry(ctx: ExecContext, step: () => void): Promise<void> {
  const deadline = performance.now() + ctx.busyTimeoutMs;
  let delay = 2;
  for (;;) {
    try {
      step();
      return;
    } catch (e) {
      if (isRetryableBusy(e) && performance.now() < deadline) {
        if (delay === 2) ctx.log({ event: 'busy_retry', stream: ctx.stream.id });
        await sleep(delay);
        delay = Math.min(delay * 2, 50);
        continue;
      }
      if (isBusyClass(e)) ctx.stream.poisoned = true;
      throw executionError(e);
    }
  }
}

const statsStatements = new WeakMap<Connection, Statement>();
const statementCaches = new WeakMap<Connection, Map<string, Statement>>();
const STATEMENT_CACHE_SIZE = 64;
const CACHE_MIN_SQL_LENGTH = 1024;

/**
 * Prepared statements per connection, by SQL text (least recently used dropped first), as sqld
 * keeps them: a batch is syntax-checked and then run, and bulk writes repeat the same statement,
 * so preparing each long text once matters for large multi-row inserts. SQLite re-prepares a cached
 * statement by itself when the schema changes.
 */
function prepareCached(conn: Connection, sql: string): Statement {
  // Short statements prepare in microseconds, and statements such as PRAGMAs act when prepared.
  if (sql.length < CACHE_MIN_SQL_LENGTH || !/^\s*(INSERT|UPDATE|DELETE|SELECT|WITH)\b/i.test(sql))
    return conn.prepare(sql);
  let cache = statementCaches.get(conn);
  if (!cache) {
    cache = new Map();
    statementCaches.set(conn, cache);
  }
  let stmt = cache.get(sql);
  if (stmt) {
    cache.delete(sql);
  } else {
    stmt = conn.prepare(sql);
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  cache.set(sql, stmt);
  return stmt;
}

function changesAndRowid(conn: Connection): [bigint, bigint] {
  let stmt = statsStatements.get(conn);
  if (!stmt) {
    stmt = conn.prepare('SELECT changes(), last_insert_rowid()').raw(true).safeIntegers(true);
    statsStatements.set(conn, stmt);
  }
  return stmt.get() as [bigint, bigint];
}

async function runStatement(ctx: ExecContext, p: PreparedStmt): Promise<StmtResult> {
  const conn = ctx.stream.conn;
  let stmt: Statement;
  try {
    stmt = prepareCached(conn, p.info.sql);
  } catch (e) {
    throw prepareError(e);
  }
  const values = bindValues(p);
  await enterGate(ctx, p.info);
  try {
    const started = performance.now();
    const reader = stmt.reader;
    let rows: unknown[][] = [];
    // Readers go through all() so the statement is always stepped to completion and reset: a
    // half-read statement would pin its read snapshot (and block checkpoints) indefinitely.
    await withBusyRetry(ctx, () => {
      if (reader) rows = stmt.raw(true).safeIntegers(true).all(values) as unknown[][];
      else stmt.run(values);
    });
    const duration = performance.now() - started;
    const cols = reader ? stmt.columns().map((c) => ({ name: c.name, decltype: c.type })) : [];
    let affected = 0;
    let lastInsertRowid: string | null = null;
    if (p.info.isIud) {
      const [changes, rowid] = changesAndRowid(conn);
      affected = Number(changes);
      if (p.info.isInsert) lastInsertRowid = rowid.toString();
    }
    const result: StmtResult = {
      cols,
      rows: p.wantRows ? rows.map((row) => row.map(valueToHrana)) : [],
      affected_row_count: affected,
      last_insert_rowid: lastInsertRowid,
    };
    if (ctx.version >= 3) {
      // The binding exposes no sqlite3_stmt_status(), so these approximate Turso's counters.
      result.rows_read = rows.length;
      result.rows_written = affected;
      result.query_duration_ms = duration;
    }
    return result;
  } finally {
    leaveGate(ctx);
  }
}

export async function execute(ctx: ExecContext, stmt: Stmt): Promise<StmtResult> {
  return runStatement(ctx, prepareStmt(stmt, ctx.stream.sqls));
}

function checkCond(cond: BatchCond, stepIndex: number, version: HranaVersion): void {
  switch (cond.type) {
    case 'ok':
    case 'error':
      if (cond.step >= stepIndex) {
        throw new ProtocolError('Invalid reference to step in a batch condition');
      }
      return;
    case 'not':
      return checkCond(cond.cond, stepIndex, version);
    case 'and':
    case 'or':
      return cond.conds.forEach((c) => checkCond(c, stepIndex, version));
    case 'is_autocommit':
      if (version < 3) {
        throw new ProtocolError(
          'BatchCond of type `is_autocommit` is only supported in protocol version hrana3 and higher',
        );
      }
  }
}

/**
 * `ok` is true when the step ran and succeeded. As in sqld (program.rs eval_cond), `error` is the
 * plain negation, so it is also true for a skipped step (the spec says false; Turso says true).
 */
function evalCond(cond: BatchCond, outcomes: boolean[], isAutocommit: boolean): boolean {
  switch (cond.type) {
    case 'ok':
      return outcomes[cond.step] === true;
    case 'error':
      return outcomes[cond.step] !== true;
    case 'not':
      return !evalCond(cond.cond, outcomes, isAutocommit);
    case 'and':
      return cond.conds.every((c) => evalCond(c, outcomes, isAutocommit));
    case 'or':
      return cond.conds.some((c) => evalCond(c, outcomes, isAutocommit));
    case 'is_autocommit':
      return isAutocommit;
  }
}

export async function batch(ctx: ExecContext, input: Batch): Promise<BatchResult> {
  const steps = input.steps.map((step, i) => {
    const prepared = prepareStmt(step.stmt, ctx.stream.sqls);
    checkSyntax(ctx.stream.conn, prepared.info);
    if (step.condition) checkCond(step.condition, i, ctx.version);
    return { prepared, condition: step.condition ?? null };
  });
  const result: BatchResult = { step_results: [], step_errors: [] };
  const outcomes: boolean[] = [];
  for (const { prepared, condition } of steps) {
    let stepResult: StmtResult | null = null;
    let stepError: HranaError | null = null;
    const enabled =
      condition === null || evalCond(condition, outcomes, !ctx.stream.conn.inTransaction);
    if (enabled) {
      try {
        stepResult = await runStatement(ctx, prepared);
      } catch (e) {
        if (!(e instanceof StmtError)) throw e;
        stepError = e.toHrana();
      }
    }
    outcomes.push(stepResult !== null);
    result.step_results.push(stepResult);
    result.step_errors.push(stepError);
  }
  return result;
}

/** Runs each statement of `sql` in order, stopping at the first error (rows are discarded). */
export async function sequence(ctx: ExecContext, sql: string): Promise<void> {
  const statements = analyzeSql(sql);
  for (const info of statements) checkSyntax(ctx.stream.conn, info);
  for (const info of statements) {
    await runStatement(ctx, { info, positional: [], named: null, wantRows: false });
  }
}

// Opcodes that only appear in programs that modify the database (with OP_Transaction p2 != 0).
const WRITE_OPCODES = new Set([
  'OpenWrite',
  'Vacuum',
  'SetCookie',
  'CreateBtree',
  'Destroy',
  'Clear',
]);

/** sqlite3_stmt_readonly() is not exposed by the binding, so read it off the VDBE program. */
function isReadonly(conn: Connection, info: StatementInfo): boolean {
  if (info.isExplain) return true;
  const program = conn.prepare(`EXPLAIN ${info.sql}`).raw(true).all() as unknown[][];
  return !program.some(
    ([, opcode, , p2]) =>
      WRITE_OPCODES.has(String(opcode)) || (opcode === 'Transaction' && Number(p2) !== 0),
  );
}

export function describe(ctx: ExecContext, sql: string): DescribeResult {
  const [info] = analyzeSql(sql);
  if (!info) throw new StmtError('SQL string does not contain any statement', 'SQL_NO_STATEMENT');
  const conn = ctx.stream.conn;
  let stmt: Statement;
  try {
    stmt = conn.prepare(info.sql);
  } catch (e) {
    throw prepareError(e);
  }
  return {
    params: info.params.map((name) => ({ name })),
    cols: stmt.reader ? stmt.columns().map((c) => ({ name: c.name, decltype: c.type })) : [],
    is_explain: info.isExplain,
    is_readonly: isReadonly(conn, info),
  };
}
