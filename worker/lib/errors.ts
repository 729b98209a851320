/**
 * An expected failure that maps to an HTTP status and a stable code. Throw it from handlers (or
 * map a service's `{ ok: false, reason }` onto it); anything else that escapes is a bug and becomes
 * a 500 with the request id and nothing more.
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** SQLite's unique-constraint failure, however deeply the client wraps it. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause)
    if (e instanceof Error && /UNIQUE constraint failed/i.test(e.message)) return true;
  return false;
}
