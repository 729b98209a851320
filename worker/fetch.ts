import { createRequestHandler, type ServerBuild } from '@remix-run/cloudflare';
import { routePartykitRequest } from 'partyserver';
import * as serverBuild from '../build/server/index.js';
import { createApi } from './api/app';
import { rootLogger } from './deps';
import { requestIdFor } from './lib/request-id';
import { createAppServices } from './services/app-services';

const api = createApi();
const ROOM_PATH = /^\/parties\/audience-room\/[^/]+$/;
const remix = createRequestHandler(serverBuild as unknown as ServerBuild);

/** Routing order (STYLE.md): /api → /parties → Remix for everything else. */
export async function handleFetch(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
): Promise<Response> {
  const { pathname } = new URL(request.url);

  if (pathname === '/api' || pathname.startsWith('/api/')) {
    return api.fetch(request, env, ctx);
  }

  if (pathname.startsWith('/parties/')) {
    // Only the rooms we serve; PartyServer would answer anything else with a bare 400.
    const response = ROOM_PATH.test(pathname) ? await routePartykitRequest(request, env) : null;
    return (
      response ??
      Response.json({ error: { code: 'not_found', message: 'No such room' } }, { status: 404 })
    );
  }

  const requestId = requestIdFor(request);
  const response = await remix(request, {
    cloudflare: { env, ctx },
    requestId,
    services: createAppServices(env, rootLogger(env, { requestId })),
  });
  const headers = new Headers(response.headers);
  headers.set('x-request-id', requestId);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
