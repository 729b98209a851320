import { and, asc, eq } from 'drizzle-orm';
import type { Member } from '../../core/contracts/accounts';
import { canAssignRole, type Role } from '../../core/auth/permissions';
import { memberships, sessions, users } from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { recordAudit, type AuditActor } from './audit';

export async function listMembers(tenant: TenantDb): Promise<Member[]> {
  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select({
        id: memberships.id,
        userId: users.id,
        name: users.name,
        email: users.email,
        role: memberships.role,
        joinedAt: memberships.createdAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(scope(memberships))
      .orderBy(asc(users.name)),
  );
  return rows.map((row) => ({ ...row, joinedAt: row.joinedAt.toISOString() }));
}

async function memberById(tenant: TenantDb, memberId: string): Promise<Member | undefined> {
  return (await listMembers(tenant)).find((m) => m.id === memberId);
}

async function ownerCount(tenant: TenantDb): Promise<number> {
  return (await tenant.select(memberships, eq(memberships.role, 'owner'))).length;
}

export type MemberChangeResult =
  | { ok: true; member: Member }
  | { ok: false; reason: 'not_found' | 'role_above_yours' | 'last_owner' };

/**
 * Nobody may grant a role above their own or change someone who outranks them, and an
 * organisation always keeps at least one owner.
 */
export async function updateMemberRole(
  deps: Pick<Deps, 'newId' | 'now'>,
  tenant: TenantDb,
  actor: AuditActor & { role: Role },
  memberId: string,
  role: Role,
): Promise<MemberChangeResult> {
  const member = await memberById(tenant, memberId);
  if (!member) return { ok: false, reason: 'not_found' };
  if (!canAssignRole(actor.role, role) || !canAssignRole(actor.role, member.role))
    return { ok: false, reason: 'role_above_yours' };
  if (member.role === 'owner' && role !== 'owner' && (await ownerCount(tenant)) === 1)
    return { ok: false, reason: 'last_owner' };
  await tenant.update(memberships, { role }, eq(memberships.id, memberId));
  await recordAudit(deps, tenant, actor, {
    action: 'member.role_changed',
    targetType: 'member',
    targetId: memberId,
    summary: { userId: member.userId, from: member.role, to: role },
  });
  return { ok: true, member: { ...member, role } };
}

/**
 * Removes a member and signs out every session they had open in this organisation (their live
 * room connections are refused from the next message on; see AudienceRoom).
 */
export async function removeMember(
  deps: Pick<Deps, 'db' | 'newId' | 'now'>,
  tenant: TenantDb,
  actor: AuditActor & { role: Role },
  memberId: string,
): Promise<
  | { ok: true; userId: string }
  | { ok: false; reason: 'not_found' | 'role_above_yours' | 'last_owner' }
> {
  const member = await memberById(tenant, memberId);
  if (!member) return { ok: false, reason: 'not_found' };
  if (!canAssignRole(actor.role, member.role)) return { ok: false, reason: 'role_above_yours' };
  if (member.role === 'owner' && (await ownerCount(tenant)) === 1)
    return { ok: false, reason: 'last_owner' };
  await tenant.delete(memberships, eq(memberships.id, memberId));
  await deps.db
    .delete(sessions)
    .where(
      and(eq(sessions.userId, member.userId), eq(sessions.activeOrganizationId, tenant.orgId)),
    );
  await recordAudit(deps, tenant, actor, {
    action: 'member.removed',
    targetType: 'member',
    targetId: memberId,
    summary: { userId: member.userId, role: member.role },
  });
  return { ok: true, userId: member.userId };
}
