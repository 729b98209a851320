// Error taxonomy, mirroring sqld (libsql-server/src/hrana): what the client sees as
// `LibsqlError.code` comes straight from the `code` we put in a Hrana error, so these strings are
// the contract with the Worker code.
import type { HranaError } from './hrana';

/**
 * The client broke the protocol (bad JSON, unknown baton, missing sql_id, ...). Answered with
 * HTTP 400 `{"error": message}` and the stream is dropped, as sqld does. Because the body has no
 * `message` field the client reports `SERVER_ERROR: Server returned HTTP status 400`, like Turso.
 */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/**
 * The baton names a stream that expired through inactivity. Answered with HTTP 400 and a body that
 * also carries Hrana's `message`/`code`, so the client raises `LibsqlError` `STREAM_EXPIRED` just as
 * it does against Turso.
 */
export class StreamExpiredError extends Error {
  override name = 'StreamExpiredError';
  readonly code = 'STREAM_EXPIRED';
  constructor() {
    super('The stream has expired due to inactivity');
  }
}

/** Missing or wrong bearer token: HTTP 401. */
export class AuthError extends Error {
  override name = 'AuthError';
}

/**
 * A failed SQL request inside a pipeline: reported in the results as `{type: "error", error}` (or
 * in `step_errors` of a batch); the stream stays usable.
 */
export class StmtError extends Error {
  override name = 'StmtError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }

  toHrana(): HranaError {
    return { message: this.message, code: this.code };
  }
}

/** The shape of libsql's SqliteError (`code` is the extended name, `rawCode` the extended number). */
interface SqliteFailure {
  message: string;
  code: string;
  rawCode: number;
}

export function isSqliteFailure(e: unknown): e is SqliteFailure {
  return (
    e instanceof Error &&
    typeof (e as Partial<SqliteFailure>).code === 'string' &&
    typeof (e as Partial<SqliteFailure>).rawCode === 'number'
  );
}

const SQLITE_BUSY = 5;
const SQLITE_BUSY_SNAPSHOT = 517;

/** Primary result code (the low byte of an extended code). */
export const primaryCode = (e: SqliteFailure): number => e.rawCode & 0xff;

/** SQLITE_BUSY (and _RECOVERY / _TIMEOUT) may clear up; _SNAPSHOT never will for this transaction. */
export const isRetryableBusy = (e: unknown): boolean =>
  isSqliteFailure(e) && primaryCode(e) === SQLITE_BUSY && e.rawCode !== SQLITE_BUSY_SNAPSHOT;

export const isBusyClass = (e: unknown): boolean =>
  isSqliteFailure(e) && primaryCode(e) === SQLITE_BUSY;

// sqld maps the primary code through rusqlite's ErrorCode enum, which has no variant for
// SQLITE_ERROR (1), SQLITE_EMPTY (16) or SQLITE_FORMAT (24): those come out as SQLITE_UNKNOWN.
// Extended codes (SQLITE_CONSTRAINT_UNIQUE, ...) are not sent over HTTP at all.
const PRIMARY_CODE_NAMES: Record<number, string> = {
  2: 'SQLITE_INTERNAL',
  3: 'SQLITE_PERM',
  4: 'SQLITE_ABORT',
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM',
  8: 'SQLITE_READONLY',
  9: 'SQLITE_INTERRUPT',
  10: 'SQLITE_IOERR',
  11: 'SQLITE_CORRUPT',
  12: 'SQLITE_NOTFOUND',
  13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN',
  15: 'SQLITE_PROTOCOL',
  17: 'SQLITE_SCHEMA',
  18: 'SQLITE_TOOBIG',
  19: 'SQLITE_CONSTRAINT',
  20: 'SQLITE_MISMATCH',
  21: 'SQLITE_MISUSE',
  22: 'SQLITE_NOLFS',
  23: 'SQLITE_AUTH',
  25: 'SQLITE_RANGE',
  26: 'SQLITE_NOTADB',
};

/** An error raised while stepping a statement: `SQLite error: ...` with the primary code name. */
export function executionError(e: unknown): StmtError {
  if (isSqliteFailure(e)) {
    const name = PRIMARY_CODE_NAMES[primaryCode(e)] ?? 'SQLITE_UNKNOWN';
    return new StmtError(`SQLite error: ${e.message}`, name);
  }
  if (e instanceof StmtError) return e;
  throw e; // not from SQLite: a bug, let it become a 500
}

/** The lock could not be obtained within the busy timeout. */
export const busyError = (): StmtError =>
  new StmtError('SQLite error: database is locked', 'SQLITE_BUSY');

const SYNTAX_ERROR = /syntax error|unrecognized token|incomplete input/;

/**
 * An error raised while preparing a statement. sqld parses every statement itself first, so syntax
 * errors surface as SQL_PARSE_ERROR; anything SQLite rejects at prepare time (unknown table or
 * column, ...) is SQL_INPUT_ERROR. (sqld appends "(at offset N)", which libsql does not expose.)
 */
export function prepareError(e: unknown): StmtError {
  if (isSqliteFailure(e) && primaryCode(e) === 1) {
    return SYNTAX_ERROR.test(e.message)
      ? new StmtError(`SQL string could not be parsed: ${e.message}`, 'SQL_PARSE_ERROR')
      : new StmtError(`SQL input error: ${e.message}`, 'SQL_INPUT_ERROR');
  }
  return executionError(e);
}

export const isSyntaxError = (e: StmtError): boolean => e.code === 'SQL_PARSE_ERROR';

export const argsError = (detail: string): StmtError =>
  new StmtError(`Arguments do not match SQL parameters: ${detail}`, 'ARGS_INVALID');
