// The little HTTP vocabulary of the simulator: replies and the operator's JSON error bodies.
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

export function json(status: number, body: unknown): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

/** 400 as the operator sends it: `{"status":"client_error","message":…}`, never encrypted. */
export function clientError(message: string): Reply {
  return json(400, { status: 'client_error', message });
}

export const UNAUTHORIZED: Reply = json(401, { status: 'unauthorized' });

/** Rate limited: no body at all (post-identity-map.md). */
export const TOO_MANY_REQUESTS: Reply = { status: 429, body: '' };

export function text(status: number, body: string, contentType = 'text/plain'): Reply {
  return { status, headers: { 'content-type': contentType }, body };
}
