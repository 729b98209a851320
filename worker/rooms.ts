import { getServerByName } from 'partyserver';
import { can } from '../core/auth/permissions';
import type { AudienceRoom } from '../durable-objects/audience-room';
import { getAuth } from './auth/get-auth';
import { resolvePrincipal } from './auth/principal';
import { buildDeps, rootLogger } from './deps';

/** The one place that addresses an AudienceRoom. */
export function getAudienceRoom(
  env: Env,
  roomName: string,
): Promise<DurableObjectStub<AudienceRoom>> {
  return getServerByName(env.AudienceRoom, roomName);
}

/** A room is named `<orgId>:<audienceId>`, so its tenant is part of its address. */
export function roomNameFor(orgId: string, audienceId: string): string {
  return `${orgId}:${audienceId}`;
}

/** Identity headers the Worker sets for the room after authorising; never taken from the client. */
export const ROOM_IDENTITY_HEADERS = {
  actor: 'x-p360-actor',
  org: 'x-p360-org',
  role: 'x-p360-role',
  /** The person's display name, URI-encoded (header values are ASCII). */
  name: 'x-p360-name',
} as const;

const refuse = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status });

/**
 * Authorises a WebSocket upgrade before it reaches the room: the session cookie or API token must
 * belong to a member of the room's organisation with `audience:view`; co-editing additionally
 * needs `audience:coedit` (viewers join read-only). Another organisation's room is a 404.
 */
export async function authorizeRoomConnection(
  request: Request,
  env: Env,
  _ctx: ExecutionContext,
): Promise<Request | Response> {
  const url = new URL(request.url);
  // The raw path segment is what PartyServer names the room with, so that is what is checked.
  const roomName = url.pathname.split('/')[3] ?? '';
  const deps = buildDeps(env, rootLogger(env, { room: roomName }));
  const result = await resolvePrincipal(deps, getAuth(env, deps, url.origin), request.headers);
  if (!result.ok) return refuse(401, 'unauthenticated', 'Sign in to join this audience');
  const { principal } = result;
  if (!principal.orgId || !principal.role || !roomName.startsWith(`${principal.orgId}:`)) {
    return refuse(404, 'not_found', 'No such audience');
  }
  if (!can(principal.role, 'audience:view'))
    return refuse(403, 'forbidden', 'Your role cannot open audiences');
  const headers = new Headers(request.headers);
  headers.set(
    ROOM_IDENTITY_HEADERS.actor,
    principal.kind === 'user' ? `user:${principal.userId}` : `token:${principal.tokenId}`,
  );
  headers.set(ROOM_IDENTITY_HEADERS.org, principal.orgId);
  headers.set(ROOM_IDENTITY_HEADERS.role, principal.role);
  headers.set(
    ROOM_IDENTITY_HEADERS.name,
    encodeURIComponent(principal.kind === 'user' ? principal.name : 'API token'),
  );
  return new Request(request, { headers });
}
