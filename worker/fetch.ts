import { createRequestHandler, type ServerBuild } from '@remix-run/cloudflare';
import { routePartykitRequest } from 'partyserver';
import * as serverBuild from '../build/server/index.js';
import { createApi } from './api/app';
import { isCrossSiteWrite } from './lib/csrf';
import { requestIdFor } from './lib/request-id';
import { createAppServices, type InProcessApi } from './services/app-services';
import { authorizeRoomConnection } from './rooms';

const api = createApi();
const remix = createRequestHandler(serverBuild as unknown as ServerBuild);
const ROOM_PATH = /^\/parties\/audience-room\/[^/]+$/;
/** Headers of the browser's request that in-process API calls from Remix carry along. */
const FORWARDED = ['cookie', 'user-agent', 'cf-connecting-ip', 'accept-language'];

/** Routing order (STYLE.md): CSRF check → /api → /parties → Remix for everything else. */
export async function handleFetch(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
): Promise<Response> {
  const { pathname } = new URL(request.url);

  if (isCrossSiteWrite(request)) {
    return Response.json(
      { error: { code: 'cross_site_request', message: 'Cross-site form posts are not accepted' } },
      { status: 403 },
    );
  }

  if (pathname === '/api' || pathname.startsWith('/api/')) {
    return api.fetch(request, env, ctx);
  }

  if (pathname.startsWith('/parties/')) {
    // Only the rooms we serve; PartyServer would answer anything else with a bare 400.
    const response = ROOM_PATH.test(pathname)
      ? await routePartykitRequest(request, env, {
          onBeforeConnect: (req) => authorizeRoomConnection(req, env, ctx),
          // Rooms speak WebSocket only.
          onBeforeRequest: () =>
            Response.json(
              { error: { code: 'not_found', message: 'No such room' } },
              { status: 404 },
            ),
        })
      : null;
    return (
      response ??
      Response.json({ error: { code: 'not_found', message: 'No such room' } }, { status: 404 })
    );
  }

  const requestId = requestIdFor(request);
  const callApi: InProcessApi = async (path, init = {}) => {
    const headers = new Headers(init.headers);
    for (const name of FORWARDED) {
      const value = request.headers.get(name);
      if (value && !headers.has(name)) headers.set(name, value);
    }
    headers.set('x-request-id', requestId);
    // The call comes from our own pages: cross-site writes were refused above, and Better Auth
    // requires an origin on cookie-carrying POSTs (browsers omit it on some same-origin fetches).
    headers.set('origin', new URL(request.url).origin);
    return api.fetch(new Request(new URL(path, request.url), { ...init, headers }), env, ctx);
  };
  const response = await remix(request, {
    cloudflare: { env, ctx },
    requestId,
    api: callApi,
    services: createAppServices(callApi),
  });
  const headers = new Headers(response.headers);
  headers.set('x-request-id', requestId);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
