// The little HTTP vocabulary of the simulator: replies and the two body styles TTD uses (JSON
// ServerResponse bodies, and plain-text bodies for 401/403/413/5xx).
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function text(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body };
}

/** A request-level failure in the JSON ServerResponse shape (400 and 429). */
export function serverError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Reply {
  return json(status, { Message: message, FailedLines: [] }, headers);
}

/**
 * Re-keys a JSON object onto canonical property names, case-insensitively (ASP.NET's JSON
 * binding is; integrators send `TTLInMinutes` where the swagger says `TtlInMinutes`). Keys that
 * match no canonical name are returned in `unknown`.
 */
export function canonicalKeys(
  value: Record<string, unknown>,
  names: readonly string[],
): { values: Record<string, unknown>; unknown: string[] } {
  const byLower = new Map(names.map((n) => [n.toLowerCase(), n]));
  const values: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const name = byLower.get(k.toLowerCase());
    if (name) values[name] = v;
    else unknown.push(k);
  }
  return { values, unknown };
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
