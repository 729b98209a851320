import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { isRole, type Role } from '../../core/auth/permissions';
import type { Db } from '../db/client';
import { apiTokens, memberships } from '../db/schema';

/**
 * Re-checks a long-lived connection's identity: the member is still in the organisation (and with
 * which role), or the token is still valid. Returns the current role, or null when access is gone.
 */
export async function currentRoleOf(
  db: Db,
  actor: string,
  orgId: string,
  now: Date,
): Promise<Role | null> {
  const [kind, id] = actor.split(':', 2);
  if (!id) return null;
  if (kind === 'user') {
    const [row] = await db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, id)))
      .limit(1);
    return row && isRole(row.role) ? row.role : null;
  }
  if (kind === 'token') {
    const [row] = await db
      .select({ role: apiTokens.role })
      .from(apiTokens)
      .where(
        and(
          eq(apiTokens.id, id),
          eq(apiTokens.orgId, orgId),
          isNull(apiTokens.revokedAt),
          or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
        ),
      )
      .limit(1);
    return row ? row.role : null;
  }
  return null;
}
