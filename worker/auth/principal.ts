import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { isRole, type Role } from '../../core/auth/permissions';
import { apiTokens, memberships } from '../db/schema';
import type { Deps } from '../deps';
import type { Auth } from './auth';
import { hashTokenSecret, looksLikeTokenSecret } from './api-tokens';

/** Who is making a request: a signed-in user (in their active organisation, if any) or an API token. */
export type Principal =
  | {
      kind: 'user';
      userId: string;
      name: string;
      email: string;
      sessionId: string;
      orgId: string | null;
      role: Role | null;
    }
  | { kind: 'token'; tokenId: string; orgId: string; role: Role };

export type PrincipalResult =
  { ok: true; principal: Principal } | { ok: false; reason: 'anonymous' | 'invalid_token' };

/**
 * A Bearer token wins over a cookie (and a bad one is refused rather than falling back to the
 * cookie). For a session, the role is read from the membership on every request, so a member who
 * was removed or demoted loses the access at once, even with a live session.
 */
export async function resolvePrincipal(
  deps: Pick<Deps, 'db' | 'now'>,
  auth: Auth,
  headers: Headers,
): Promise<PrincipalResult> {
  const authorization = headers.get('authorization');
  if (authorization) {
    const secret = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    if (!secret || !looksLikeTokenSecret(secret)) return { ok: false, reason: 'invalid_token' };
    const now = new Date(deps.now());
    const [token] = await deps.db
      .select({ id: apiTokens.id, orgId: apiTokens.orgId, role: apiTokens.role })
      .from(apiTokens)
      .where(
        and(
          eq(apiTokens.tokenHash, await hashTokenSecret(secret)),
          isNull(apiTokens.revokedAt),
          or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
        ),
      )
      .limit(1);
    if (!token) return { ok: false, reason: 'invalid_token' };
    await deps.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, token.id));
    return {
      ok: true,
      principal: { kind: 'token', tokenId: token.id, orgId: token.orgId, role: token.role },
    };
  }

  if (!headers.get('cookie')) return { ok: false, reason: 'anonymous' };
  const session = await auth.api.getSession({ headers });
  if (!session) return { ok: false, reason: 'anonymous' };
  const activeOrgId =
    (session.session as { activeOrganizationId?: string | null }).activeOrganizationId ?? null;
  let role: Role | null = null;
  if (activeOrgId) {
    const [membership] = await deps.db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, activeOrgId), eq(memberships.userId, session.user.id)))
      .limit(1);
    role = membership && isRole(membership.role) ? membership.role : null;
  }
  return {
    ok: true,
    principal: {
      kind: 'user',
      userId: session.user.id,
      name: session.user.name,
      email: session.user.email,
      sessionId: session.session.id,
      orgId: role ? activeOrgId : null,
      role,
    },
  };
}
