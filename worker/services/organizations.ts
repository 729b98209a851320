import { asc } from 'drizzle-orm';
import type { OrganizationSummary } from '../../core/contracts/app-services';
import { organizations } from '../db/schema';
import type { Deps } from '../deps';

/**
 * The organisation the app is showing. Until sign-in exists there is no principal, so it is the
 * oldest organisation (the seeded demo org); the accounts work replaces this with the signed-in
 * member's current organisation.
 */
export async function currentOrganization(
  deps: Pick<Deps, 'db'>,
): Promise<OrganizationSummary | null> {
  const [organization] = await deps.db
    .select({ id: organizations.id, name: organizations.name, slug: organizations.slug })
    .from(organizations)
    .orderBy(asc(organizations.createdAt))
    .limit(1);
  return organization ?? null;
}
