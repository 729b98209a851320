import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import type { OrganizationSummary } from '../../core/contracts/app-services';
import { can, ALL_PERMISSIONS, type Role } from '../../core/auth/permissions';
import type { Me } from '../../core/contracts/accounts';
import type { Principal } from '../auth/principal';
import { memberships, organizations, sessions } from '../db/schema';
import { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { recordAudit, type AuditActor } from './audit';

type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/** The organisation the principal is working in (null when signed out or without one). */
export async function currentOrganization(
  deps: Pick<Deps, 'db'>,
  orgId: string | null,
): Promise<OrganizationSummary | null> {
  if (!orgId) return null;
  const [organization] = await deps.db
    .select({ id: organizations.id, name: organizations.name, slug: organizations.slug })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .limit(1);
  return organization ?? null;
}

/**
 * Points a session at an organisation. Touching `updatedAt` records when, so that the next session
 * can start where the person last worked (`organizationToStartIn`).
 */
export function workIn(deps: Pick<Deps, 'db' | 'now'>, sessionId: string, orgId: string) {
  return deps.db
    .update(sessions)
    .set({ activeOrganizationId: orgId, updatedAt: new Date(deps.now()) })
    .where(eq(sessions.id, sessionId));
}

/**
 * The organisation a new session starts in: the one the person last worked in, while they still
 * belong to it; otherwise their first organisation by name; null when they belong to none.
 */
export async function organizationToStartIn(
  deps: Pick<Deps, 'db'>,
  userId: string,
): Promise<string | null> {
  const [lastWorkedIn] = await deps.db
    .select({ orgId: memberships.orgId })
    .from(sessions)
    .innerJoin(
      memberships,
      and(
        eq(memberships.orgId, sessions.activeOrganizationId),
        eq(memberships.userId, sessions.userId),
      ),
    )
    .where(and(eq(sessions.userId, userId), isNotNull(sessions.activeOrganizationId)))
    .orderBy(desc(sessions.updatedAt))
    .limit(1);
  if (lastWorkedIn) return lastWorkedIn.orgId;
  const [first] = await listMemberships(deps, userId);
  return first?.orgId ?? null;
}

export async function listMemberships(deps: Pick<Deps, 'db'>, userId: string) {
  return deps.db
    .select({
      orgId: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
}

export async function describeMe(deps: Pick<Deps, 'db'>, principal: UserPrincipal): Promise<Me> {
  return {
    user: { id: principal.userId, name: principal.name, email: principal.email },
    activeOrgId: principal.orgId,
    role: principal.role,
    permissions: principal.role
      ? ALL_PERMISSIONS.filter((p) => can(principal.role as Role, p))
      : [],
    memberships: await listMemberships(deps, principal.userId),
  };
}

function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return base.length >= 2 ? base : 'org';
}

export type CreateOrganizationResult =
  | { ok: true; membership: { orgId: string; name: string; slug: string; role: Role } }
  | { ok: false; reason: 'slug_taken' };

/** Creates an organisation with the principal as its owner and makes it their active one. */
export async function createOrganization(
  deps: Pick<Deps, 'db' | 'newId' | 'now'>,
  principal: UserPrincipal,
  actor: AuditActor,
  input: { name: string; slug?: string | undefined },
): Promise<CreateOrganizationResult> {
  const orgId = deps.newId();
  // Without an explicit slug, a short random suffix keeps two "Acme"s from colliding.
  const slug = input.slug ?? `${slugify(input.name)}-${orgId.slice(0, 6)}`;
  const [existing] = await deps.db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.slug, slug))
    .limit(1);
  if (existing) return { ok: false, reason: 'slug_taken' };
  const now = new Date(deps.now());
  await deps.db.batch([
    deps.db.insert(organizations).values({ id: orgId, name: input.name, slug, createdAt: now }),
    deps.db
      .insert(memberships)
      .values({ id: deps.newId(), orgId, userId: principal.userId, role: 'owner', createdAt: now }),
    workIn(deps, principal.sessionId, orgId),
  ]);
  await recordAudit(deps, new TenantDb(deps.db, orgId), actor, {
    action: 'organization.created',
    targetType: 'organization',
    targetId: orgId,
    summary: { slug },
  });
  return { ok: true, membership: { orgId, name: input.name, slug, role: 'owner' } };
}

/** Switches the session's active organisation; only to one the user belongs to. */
export async function setActiveOrganization(
  deps: Pick<Deps, 'db' | 'now'>,
  principal: UserPrincipal,
  orgId: string,
): Promise<{ ok: true; role: Role } | { ok: false; reason: 'not_a_member' }> {
  const [membership] = await deps.db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, principal.userId)))
    .limit(1);
  if (!membership) return { ok: false, reason: 'not_a_member' };
  await workIn(deps, principal.sessionId, orgId);
  return { ok: true, role: membership.role };
}
