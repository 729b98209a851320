/**
 * Structured JSON logs: one line per event, with the request or job id that ties lines together.
 * Fields are ids, counts, codes and durations — callers must never pass raw PII (emails, phones,
 * names, CSV rows); `redact` masks the field names that would carry it in case one slips through.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SENSITIVE_KEYS =
  /^(email|phone|password|token|secret|authorization|cookie|name|first_?name|last_?name|raw|row)$/i;

export function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = SENSITIVE_KEYS.test(key) ? '[redacted]' : value;
  }
  return out;
}

export function createLogger(
  base: LogFields = {},
  options: { level?: LogLevel; sink?: (line: string) => void } = {},
): Logger {
  const threshold = LEVELS[options.level ?? 'info'];
  const sink = options.sink ?? ((line: string) => console.log(line));
  const write = (level: LogLevel, msg: string, fields: LogFields = {}) => {
    if (LEVELS[level] < threshold) return;
    sink(
      JSON.stringify({
        time: new Date().toISOString(),
        level,
        msg,
        ...redact({ ...base, ...fields }),
      }),
    );
  };
  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (fields) => createLogger({ ...base, ...fields }, options),
  };
}

/** drizzle puts a failed query's parameters in its message; they can be personal data. */
const redactParams = (message: string) =>
  message.replace(/\nparams: [\s\S]*$/, '\nparams: [redacted]');

export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { errorMessage: String(error) };
  const fields: LogFields = { errorName: error.name, errorMessage: redactParams(error.message) };
  // drizzle and the libSQL client wrap the driver's error (which may wrap the transport's): the
  // innermost messages are what explain it. Query parameters are redacted at every level.
  const causes: string[] = [];
  for (let cause = error.cause; cause instanceof Error && causes.length < 3; cause = cause.cause)
    causes.push(`${cause.name}: ${redactParams(cause.message)}`);
  if (causes.length) fields.errorCause = causes.join(' ← ');
  return fields;
}
