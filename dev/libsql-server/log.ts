// Structured logging: one JSON object per line. Entries never contain SQL text or argument values
// (they may hold personal data); only request types, counts, stream ids, timings and error codes.

export interface LogEntry {
  event: string;
  [field: string]: unknown;
}

export type Logger = (entry: LogEntry) => void;

export function jsonLineLogger(
  write: (line: string) => void = (l) => process.stdout.write(l),
): Logger {
  return (entry) => {
    write(
      `${JSON.stringify({ time: new Date().toISOString(), service: 'libsql-server', ...entry })}\n`,
    );
  };
}
