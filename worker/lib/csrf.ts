const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-authenticated writes must come from our own pages. Browsers send `Origin` on every
 * cross-origin POST (and `Sec-Fetch-Site` on all modern ones), so a write that carries cookies
 * and names another site is refused. Requests without cookies (API tokens, scripts) are not
 * affected: there is no ambient credential to abuse.
 */
export function isCrossSiteWrite(request: Request): boolean {
  if (SAFE_METHODS.has(request.method) || !request.headers.get('cookie')) return false;
  const origin = request.headers.get('origin');
  if (origin) return origin !== new URL(request.url).origin;
  return request.headers.get('sec-fetch-site') === 'cross-site';
}
