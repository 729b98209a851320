// Just enough SQL lexing to do what sqld (Turso's server) does with its own SQL parser before
// SQLite ever sees a statement: count statements, split a `sequence` into statements, number the
// parameters, and tell reads from writes (for the write gate, see write-gate.ts). The libsql npm
// binding exposes none of sqlite3_bind_parameter_name / sqlite3_complete / sqlite3_stmt_readonly,
// so we mirror SQLite's own tokenizer rules (tokenize.c, complete.c) here.

export type TokenKind =
  | 'space'
  | 'comment'
  | 'semi'
  | 'lparen'
  | 'rparen'
  | 'word'
  | 'quoted'
  | 'string'
  | 'number'
  | 'variable'
  | 'other';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

/**
 * How a statement interacts with transactions and the database write lock:
 * - read: never takes the write lock (SELECT, VALUES, EXPLAIN, most PRAGMAs);
 * - write: takes the write lock for the statement (or until the open transaction ends);
 * - begin: BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE] or SAVEPOINT, may write later in the transaction;
 * - begin-readonly: libSQL's `BEGIN TRANSACTION READONLY`, can never write;
 * - txn-end: COMMIT / END / ROLLBACK / RELEASE.
 */
export type StatementKind = 'read' | 'write' | 'begin' | 'begin-readonly' | 'txn-end';

export interface StatementInfo {
  /** The statement text, without surrounding whitespace and comments. */
  sql: string;
  kind: StatementKind;
  isExplain: boolean;
  /** INSERT or REPLACE: sqld reports last_insert_rowid only for these. */
  isInsert: boolean;
  /** INSERT, REPLACE, UPDATE or DELETE: sqld reports affected_row_count only for these. */
  isIud: boolean;
  /**
   * Parameter names by SQLite parameter index minus one, as sqlite3_bind_parameter_name would
   * return them: ':a' / '@a' / '$a' / '?3', or null for an anonymous `?` (or an unused index).
   */
  params: (string | null)[];
}

const isIdStart = (c: string): boolean => /[A-Za-z_]/.test(c) || c.charCodeAt(0) >= 0x80;
const isIdChar = (c: string): boolean => isIdStart(c) || /[0-9$]/.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Index just past a quoted run that starts at `i` with `quote`; a doubled quote escapes itself. */
function scanQuoted(sql: string, i: number, quote: string): number {
  let j = i + 1;
  for (;;) {
    const idx = sql.indexOf(quote, j);
    if (idx < 0) return sql.length;
    if (sql[idx + 1] === quote) {
      j = idx + 2;
      continue;
    }
    return idx + 1;
  }
}

/** Index just past a `:name` / `@name` / `$name` variable (TCL forms `$a::b` and `$a(x)` included). */
function scanVariable(sql: string, i: number): number {
  let j = i + 1;
  let n = 0;
  while (j < sql.length) {
    const c = sql[j] as string;
    if (isIdChar(c)) {
      n++;
      j++;
    } else if (c === '(' && n > 0) {
      const close = sql.indexOf(')', j);
      return close < 0 ? sql.length : close + 1;
    } else if (c === ':' && sql[j + 1] === ':') {
      j += 2;
    } else {
      break;
    }
  }
  return j;
}

function scanNumber(sql: string, i: number): number {
  const hex = sql[i] === '0' && (sql[i + 1] === 'x' || sql[i + 1] === 'X');
  let j = i;
  while (j < sql.length) {
    const c = sql[j] as string;
    if (/[0-9A-Za-z_.]/.test(c)) {
      j++;
    } else if (
      !hex &&
      (c === '+' || c === '-') &&
      /[eE]/.test(sql[j - 1] ?? '') &&
      isDigit(sql[j + 1])
    ) {
      j++;
    } else {
      break;
    }
  }
  return j;
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const start = i;
    const c = sql[i] as string;
    const next = sql[i + 1];
    let kind: TokenKind;
    if (/\s/.test(c)) {
      while (i < sql.length && /\s/.test(sql[i] as string)) i++;
      kind = 'space';
    } else if (c === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? sql.length : eol;
      kind = 'comment';
    } else if (c === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
      kind = 'comment';
    } else if (c === "'") {
      i = scanQuoted(sql, i, "'");
      kind = 'string';
    } else if ((c === 'x' || c === 'X') && next === "'") {
      i = scanQuoted(sql, i + 1, "'");
      kind = 'string';
    } else if (c === '"' || c === '`') {
      i = scanQuoted(sql, i, c);
      kind = 'quoted';
    } else if (c === '[') {
      const close = sql.indexOf(']', i + 1);
      i = close < 0 ? sql.length : close + 1;
      kind = 'quoted';
    } else if (c === ';') {
      i++;
      kind = 'semi';
    } else if (c === '(') {
      i++;
      kind = 'lparen';
    } else if (c === ')') {
      i++;
      kind = 'rparen';
    } else if (c === '?') {
      i++;
      while (isDigit(sql[i])) i++;
      kind = 'variable';
    } else if ((c === ':' || c === '@' || c === '$') && next !== undefined && isIdChar(next)) {
      i = scanVariable(sql, i);
      kind = 'variable';
    } else if (isDigit(c) || (c === '.' && isDigit(next))) {
      i = scanNumber(sql, i);
      kind = 'number';
    } else if (isIdStart(c)) {
      while (i < sql.length && isIdChar(sql[i] as string)) i++;
      kind = 'word';
    } else {
      i++;
      kind = 'other';
    }
    tokens.push({ kind, text: sql.slice(start, i), start, end: i });
  }
  return tokens;
}

const isSignificant = (t: Token): boolean => t.kind !== 'space' && t.kind !== 'comment';

// The state machine of sqlite3_complete(): a `;` ends a statement unless it is inside the
// BEGIN ... END body of a CREATE TRIGGER.
const SEMI = 0;
const WS = 1;
const OTHER = 2;
const EXPLAIN = 3;
const CREATE = 4;
const TEMP = 5;
const TRIGGER = 6;
const END = 7;
const START_STATE = 1;
const TRANSITIONS: readonly (readonly number[])[] = [
  /* 0 INVALID */ [1, 0, 2, 3, 4, 2, 2, 2],
  /* 1 START   */ [1, 1, 2, 3, 4, 2, 2, 2],
  /* 2 NORMAL  */ [1, 2, 2, 2, 2, 2, 2, 2],
  /* 3 EXPLAIN */ [1, 3, 3, 2, 4, 2, 2, 2],
  /* 4 CREATE  */ [1, 4, 2, 2, 2, 4, 5, 2],
  /* 5 TRIGGER */ [6, 5, 5, 5, 5, 5, 5, 5],
  /* 6 SEMI    */ [6, 6, 5, 5, 5, 5, 5, 7],
  /* 7 END     */ [1, 7, 5, 5, 5, 5, 5, 5],
];

function completeClass(t: Token): number {
  if (t.kind === 'semi') return SEMI;
  if (!isSignificant(t)) return WS;
  if (t.kind !== 'word') return OTHER;
  switch (t.text.toUpperCase()) {
    case 'EXPLAIN':
      return EXPLAIN;
    case 'CREATE':
      return CREATE;
    case 'TEMP':
    case 'TEMPORARY':
      return TEMP;
    case 'TRIGGER':
      return TRIGGER;
    case 'END':
      return END;
    default:
      return OTHER;
  }
}

/** PRAGMAs that only change the calling connection, so they never need the write lock. */
const CONNECTION_PRAGMAS = new Set([
  'analysis_limit',
  'automatic_index',
  'busy_timeout',
  'cache_size',
  'cache_spill',
  'case_sensitive_like',
  'cell_size_check',
  'defer_foreign_keys',
  'foreign_keys',
  'ignore_check_constraints',
  'legacy_alter_table',
  'mmap_size',
  'query_only',
  'recursive_triggers',
  'reverse_unordered_selects',
  'synchronous',
  'temp_store',
  'threads',
  'trusted_schema',
]);

/** PRAGMAs whose function-call form `PRAGMA x(arg)` writes to the database. */
const WRITING_CALL_PRAGMAS = new Set([
  'application_id',
  'incremental_vacuum',
  'journal_mode',
  'optimize',
  'schema_version',
  'user_version',
  'wal_checkpoint',
]);

function classifyPragma(sig: Token[]): StatementKind {
  const name = (sig[2]?.text === '.' ? sig[3] : sig[1])?.text.toLowerCase() ?? '';
  if (CONNECTION_PRAGMAS.has(name)) return 'read';
  if (sig.some((t) => t.text === '=')) return 'write';
  if (WRITING_CALL_PRAGMAS.has(name) && sig.some((t) => t.kind === 'lparen')) return 'write';
  return 'read';
}

const MAIN_VERBS = new Set(['SELECT', 'VALUES', 'INSERT', 'REPLACE', 'UPDATE', 'DELETE']);

/** The verb of the statement proper, skipping a leading WITH clause (CTEs sit inside parens). */
function mainVerb(sig: Token[]): string | undefined {
  const first = sig[0]?.kind === 'word' ? sig[0].text.toUpperCase() : undefined;
  if (first !== 'WITH') return first;
  let depth = 0;
  for (const t of sig.slice(1)) {
    if (t.kind === 'lparen') depth++;
    else if (t.kind === 'rparen') depth--;
    else if (depth === 0 && t.kind === 'word' && MAIN_VERBS.has(t.text.toUpperCase())) {
      return t.text.toUpperCase();
    }
  }
  return undefined;
}

function classify(sig: Token[]): Pick<StatementInfo, 'kind' | 'isExplain' | 'isInsert' | 'isIud'> {
  const verb = mainVerb(sig);
  const base = { isExplain: false, isInsert: false, isIud: false };
  switch (verb) {
    case 'EXPLAIN':
      return { ...base, kind: 'read', isExplain: true };
    case 'SELECT':
    case 'VALUES':
      return { ...base, kind: 'read' };
    case 'INSERT':
    case 'REPLACE':
      return { kind: 'write', isExplain: false, isInsert: true, isIud: true };
    case 'UPDATE':
    case 'DELETE':
      return { ...base, kind: 'write', isIud: true };
    case 'BEGIN': {
      const readonly = sig.some((t) => t.kind === 'word' && t.text.toUpperCase() === 'READONLY');
      return { ...base, kind: readonly ? 'begin-readonly' : 'begin' };
    }
    case 'SAVEPOINT':
      return { ...base, kind: 'begin' };
    case 'COMMIT':
    case 'END':
    case 'ROLLBACK':
    case 'RELEASE':
      return { ...base, kind: 'txn-end' };
    case 'PRAGMA':
      return { ...base, kind: classifyPragma(sig) };
    default:
      // CREATE, DROP, ALTER, VACUUM, ANALYZE, REINDEX, ATTACH, ... and anything unknown.
      return { ...base, kind: 'write' };
  }
}

/** Parameter numbering as in sqlite3ExprAssignVarNumber(). */
function numberParams(tokens: Token[]): (string | null)[] {
  const names: (string | null)[] = [];
  const byName = new Map<string, number>();
  for (const t of tokens) {
    if (t.kind !== 'variable') continue;
    let index: number;
    if (t.text === '?') {
      index = names.length + 1;
    } else if (t.text.startsWith('?')) {
      index = Number(t.text.slice(1));
      if (!Number.isSafeInteger(index) || index < 1) continue; // SQLite rejects it when preparing
      if (names[index - 1] == null) names[index - 1] = t.text;
    } else {
      index = byName.get(t.text) ?? names.length + 1;
      byName.set(t.text, index);
      if (names[index - 1] == null) names[index - 1] = t.text;
    }
    while (names.length < index) names.push(null);
  }
  return Array.from(names, (n) => n ?? null);
}

function analyze(sql: string, tokens: Token[]): StatementInfo {
  const sig = tokens.filter(isSignificant);
  const first = sig[0];
  const last = sig[sig.length - 1];
  const text = first && last ? sql.slice(first.start, last.end) : '';
  return { sql: text, ...classify(sig), params: numberParams(tokens) };
}

/** Splits SQL text into its non-empty statements (empty ones, like `;;`, are dropped). */
export function splitStatements(sql: string): StatementInfo[] {
  const statements: StatementInfo[] = [];
  let current: Token[] = [];
  let state = 0;
  const flush = (): void => {
    if (current.some((t) => isSignificant(t) && t.kind !== 'semi')) {
      statements.push(analyze(sql, current));
    }
    current = [];
  };
  for (const token of tokenize(sql)) {
    current.push(token);
    const cls = completeClass(token);
    state = TRANSITIONS[state]?.[cls] ?? 2;
    if (cls === SEMI && state === START_STATE) flush();
  }
  flush();
  return statements;
}

const cache = new Map<string, StatementInfo[]>();
const CACHE_LIMIT = 500;

/** splitStatements() with a small cache: clients send the same SQL texts over and over. */
export function analyzeSql(sql: string): StatementInfo[] {
  const hit = cache.get(sql);
  if (hit) return hit;
  const statements = splitStatements(sql);
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(sql, statements);
  return statements;
}
