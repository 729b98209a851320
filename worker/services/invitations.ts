import { and, eq } from 'drizzle-orm';
import type { Invitation, InvitationPreview } from '../../core/contracts/accounts';
import { canAssignRole, isRole, type Role } from '../../core/auth/permissions';
import type { Principal } from '../auth/principal';
import type { Mailer } from '../auth/mailer';
import { invitations, memberships, organizations, users } from '../db/schema';
import { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { emailFingerprint, recordAudit, type AuditActor } from './audit';
import { workIn } from './organizations';

const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

function toInvitation(row: typeof invitations.$inferSelect): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role ?? 'viewer',
    status: row.status,
    expiresAt: row.expiresAt.toISOString(),
  };
}

export async function listPendingInvitations(tenant: TenantDb): Promise<Invitation[]> {
  return (await tenant.select(invitations, eq(invitations.status, 'pending'))).map(toInvitation);
}

export type CreateInvitationResult =
  | { ok: true; invitation: Invitation }
  | { ok: false; reason: 'role_above_yours' | 'already_member' | 'needs_a_person' };

/** Invites an email address; a newer invitation to the same address replaces a pending one. */
export async function createInvitation(
  deps: Pick<Deps, 'db' | 'newId' | 'now'>,
  tenant: TenantDb,
  actor: AuditActor & { role: Role; userId: string | null },
  mailer: Mailer,
  baseUrl: string,
  input: { email: string; role: Role },
): Promise<CreateInvitationResult> {
  // An invitation names the person who sent it; API tokens act for nobody in particular.
  if (!actor.userId) return { ok: false, reason: 'needs_a_person' };
  if (!canAssignRole(actor.role, input.role)) return { ok: false, reason: 'role_above_yours' };
  const member = await tenant.withScopedQuery((db, scope) =>
    db
      .select({ id: memberships.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(scope(memberships, eq(users.email, input.email)))
      .limit(1),
  );
  if (member.length > 0) return { ok: false, reason: 'already_member' };

  await tenant.update(
    invitations,
    { status: 'canceled' },
    and(eq(invitations.email, input.email), eq(invitations.status, 'pending')),
  );
  const id = deps.newId();
  const row = {
    id,
    email: input.email,
    role: input.role,
    status: 'pending',
    expiresAt: new Date(deps.now() + INVITATION_TTL_MS),
    inviterId: actor.userId,
    createdAt: new Date(deps.now()),
  };
  await tenant.insert(invitations, row);
  const [org] = await deps.db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, tenant.orgId));
  await mailer.send({
    kind: 'invitation',
    to: input.email,
    subject: `You're invited to ${org?.name ?? 'an organisation'} on P360 Audiences`,
    link: `${baseUrl}/accept-invitation/${id}`,
  });
  await recordAudit(deps, tenant, actor, {
    action: 'invitation.created',
    targetType: 'invitation',
    targetId: id,
    summary: { role: input.role, emailFingerprint: await emailFingerprint(input.email) },
  });
  return { ok: true, invitation: toInvitation({ ...row, orgId: tenant.orgId }) };
}

export async function cancelInvitation(
  deps: Pick<Deps, 'newId' | 'now'>,
  tenant: TenantDb,
  actor: AuditActor,
  invitationId: string,
): Promise<{ ok: true } | { ok: false; reason: 'not_found' }> {
  const changed = await tenant.update(
    invitations,
    { status: 'canceled' },
    and(eq(invitations.id, invitationId), eq(invitations.status, 'pending')),
  );
  if (changed === 0) return { ok: false, reason: 'not_found' };
  await recordAudit(deps, tenant, actor, {
    action: 'invitation.canceled',
    targetType: 'invitation',
    targetId: invitationId,
    summary: {},
  });
  return { ok: true };
}

async function findInvitation(deps: Pick<Deps, 'db'>, invitationId: string) {
  const [row] = await deps.db
    .select({ invitation: invitations, organizationName: organizations.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(eq(invitations.id, invitationId))
    .limit(1);
  return row;
}

function statusOf(row: typeof invitations.$inferSelect, now: number): InvitationPreview['status'] {
  if (row.status === 'pending' && row.expiresAt.getTime() <= now) return 'expired';
  return row.status === 'accepted' || row.status === 'rejected' || row.status === 'canceled'
    ? row.status
    : 'pending';
}

/** What the accept page shows before sign-in: the organisation's name, the role, the status. */
export async function previewInvitation(
  deps: Pick<Deps, 'db' | 'now'>,
  invitationId: string,
): Promise<InvitationPreview | null> {
  const row = await findInvitation(deps, invitationId);
  if (!row) return null;
  return {
    id: row.invitation.id,
    organizationName: row.organizationName,
    role: isRole(row.invitation.role) ? row.invitation.role : 'viewer',
    status: statusOf(row.invitation, deps.now()),
  };
}

export type AcceptInvitationResult =
  | { ok: true; membership: { orgId: string; name: string; slug: string; role: Role } }
  | { ok: false; reason: 'not_found' | 'not_pending' | 'wrong_email' };

/** Accepting needs the signed-in user's email to be the invited one. Idempotent for members. */
export async function acceptInvitation(
  deps: Pick<Deps, 'db' | 'newId' | 'now'>,
  principal: Extract<Principal, { kind: 'user' }>,
  actor: AuditActor,
  invitationId: string,
): Promise<AcceptInvitationResult> {
  const row = await findInvitation(deps, invitationId);
  if (!row) return { ok: false, reason: 'not_found' };
  const { invitation } = row;
  // A different account must not learn that the invitation exists.
  if (invitation.email !== principal.email.toLowerCase()) return { ok: false, reason: 'not_found' };
  if (statusOf(invitation, deps.now()) !== 'pending') return { ok: false, reason: 'not_pending' };
  const role: Role = isRole(invitation.role) ? invitation.role : 'viewer';
  const tenant = new TenantDb(deps.db, invitation.orgId);
  const memberId = deps.newId();
  await deps.db.batch([
    deps.db
      .insert(memberships)
      .values({
        id: memberId,
        orgId: invitation.orgId,
        userId: principal.userId,
        role,
        createdAt: new Date(deps.now()),
      })
      .onConflictDoNothing(),
    deps.db
      .update(invitations)
      .set({ status: 'accepted' })
      .where(eq(invitations.id, invitation.id)),
    workIn(deps, principal.sessionId, invitation.orgId),
  ]);
  await recordAudit(deps, tenant, actor, {
    action: 'member.joined',
    targetType: 'member',
    targetId: memberId,
    summary: { userId: principal.userId, role, invitationId: invitation.id },
  });
  const [org] = await deps.db
    .select({ slug: organizations.slug })
    .from(organizations)
    .where(eq(organizations.id, invitation.orgId));
  return {
    ok: true,
    membership: {
      orgId: invitation.orgId,
      name: row.organizationName,
      slug: org?.slug ?? '',
      role,
    },
  };
}
