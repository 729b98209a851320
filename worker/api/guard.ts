import type { MiddlewareHandler } from 'hono';
import { can, type Permission, type Role } from '../../core/auth/permissions';
import { resolvePrincipal, type Principal } from '../auth/principal';
import { TenantDb } from '../db/tenant-db';
import { AppError } from '../lib/errors';
import type { AuditActor } from '../services/audit';
import type { ApiEnv } from './context';

export type Requirement = Permission | 'signed-in';

/** Every guard made by `requires`, with what it requires; the route-coverage tests read this. */
export const GUARDS = new WeakMap<MiddlewareHandler<ApiEnv>, Requirement>();

/**
 * Routes anyone may call. Everything else must carry a `requires(...)` guard; a test walks the
 * router and fails for any route that has neither.
 */
export const PUBLIC_ROUTES = new Set([
  'GET /api/health',
  'GET /api/version',
  'GET /api/invitations/:id/preview',
  'GET /api/dev/mail',
  'GET /api/auth/*',
  'POST /api/auth/*',
]);

/**
 * The permission a route needs. It authenticates (session cookie or Bearer token), checks the
 * role against the permission matrix, and hands the handler a TenantDb for the principal's
 * organisation and the actor for the audit trail.
 */
export function requires(requirement: Requirement): MiddlewareHandler<ApiEnv> {
  const guard: MiddlewareHandler<ApiEnv> = async (c, next) => {
    const result = await resolvePrincipal(c.get('deps'), c.get('auth'), c.req.raw.headers);
    if (!result.ok) {
      throw result.reason === 'invalid_token'
        ? new AppError(401, 'invalid_token', 'The API token is invalid, expired or revoked')
        : new AppError(401, 'unauthenticated', 'Sign in to continue');
    }
    const principal = result.principal;
    c.set('principal', principal);
    c.set('actor', actorFor(principal, c.req.raw, c.get('requestId')));
    if (requirement !== 'signed-in') {
      const { orgId, role } = principal;
      if (!orgId || !role)
        throw new AppError(403, 'no_organization', 'Choose or create an organisation first');
      if (!can(role, requirement))
        throw new AppError(403, 'forbidden', `Your role (${role}) cannot do this (${requirement})`);
      c.set('tenant', new TenantDb(c.get('deps').db, orgId));
    }
    await next();
  };
  GUARDS.set(guard, requirement);
  return guard;
}

/** The organisation and role of a principal that passed a permission guard. */
export function orgOf(principal: Principal): { orgId: string; role: Role } {
  if (!principal.orgId || !principal.role)
    throw new Error('orgOf() used on a route without a permission guard');
  return { orgId: principal.orgId, role: principal.role };
}

function actorFor(principal: Principal, request: Request, requestId: string): AuditActor {
  return {
    type: principal.kind,
    id: principal.kind === 'user' ? principal.userId : principal.tokenId,
    requestId,
    ip: request.headers.get('cf-connecting-ip'),
    userAgent: request.headers.get('user-agent')?.slice(0, 256) ?? null,
  };
}
