import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { hashPassword } from 'better-auth/crypto';
import { accounts, memberships, organizations, users, type Role } from '../worker/db/schema';
import type { DatabaseTarget } from './db-tasks';

/**
 * Demo data for a fresh local install. Fixed ids make it idempotent: `npm start` runs it every
 * time and it never duplicates or overwrites what the developer changed since.
 */
export const DEMO_ORG = { id: 'org_demo', name: 'Northwind Demo', slug: 'northwind-demo' } as const;

/**
 * One demo member per role. These passwords are public demo credentials for the local seed only
 * (the README and the start banner print them); they are never used outside `npm start`'s data.
 */
export const DEMO_USERS: ReadonlyArray<{
  id: string;
  name: string;
  email: string;
  role: Role;
  password: string;
}> = [
  {
    id: 'usr_demo_owner',
    name: 'Olivia Owner',
    email: 'owner@demo.p360.local',
    role: 'owner',
    password: 'demo-owner-password',
  },
  {
    id: 'usr_demo_admin',
    name: 'Adam Admin',
    email: 'admin@demo.p360.local',
    role: 'admin',
    password: 'demo-admin-password',
  },
  {
    id: 'usr_demo_editor',
    name: 'Eden Editor',
    email: 'editor@demo.p360.local',
    role: 'editor',
    password: 'demo-editor-password',
  },
  {
    id: 'usr_demo_viewer',
    name: 'Victor Viewer',
    email: 'viewer@demo.p360.local',
    role: 'viewer',
    password: 'demo-viewer-password',
  },
];

export async function seedDatabase(target: DatabaseTarget): Promise<void> {
  const client = createClient({ url: target.url, authToken: target.authToken || undefined });
  const db = drizzle(client);
  try {
    const hashes = await Promise.all(DEMO_USERS.map((u) => hashPassword(u.password)));
    await db.batch([
      db.insert(organizations).values(DEMO_ORG).onConflictDoNothing(),
      db
        .insert(users)
        .values(DEMO_USERS.map(({ id, name, email }) => ({ id, name, email, emailVerified: true })))
        .onConflictDoNothing(),
      db
        .insert(memberships)
        .values(
          DEMO_USERS.map(({ id, role }) => ({
            id: `mem_${id}`,
            orgId: DEMO_ORG.id,
            userId: id,
            role,
          })),
        )
        .onConflictDoNothing(),
      // Better Auth's email + password account ("credential" provider), keyed by the user id.
      db
        .insert(accounts)
        .values(
          DEMO_USERS.map(({ id }, i) => ({
            id: `acc_${id}`,
            accountId: id,
            providerId: 'credential',
            userId: id,
            password: hashes[i],
            updatedAt: new Date(),
          })),
        )
        .onConflictDoNothing(),
    ]);
  } finally {
    client.close();
  }
}
