import type { InStatement } from '@libsql/client';
import { eq } from 'drizzle-orm';
import { organizations } from '../db/schema';
import type { TenantDb } from '../db/tenant-db';

/*
 * The organisation's data version: audience sizes are cached per (definition, data version), so
 * every write that changes who matches — a committed chunk of an upload, records removed with an
 * upload, any contact deletion — bumps it in the same batch as the write itself.
 */

/** The statement to add to a write batch. */
export function bumpDataVersion(orgId: string): InStatement {
  return {
    sql: 'UPDATE organizations SET data_version = data_version + 1 WHERE id = ?',
    args: [orgId],
  };
}

export async function dataVersionOf(tenant: TenantDb): Promise<number> {
  const rows = await tenant.withScopedQuery((db) =>
    db
      .select({ v: organizations.dataVersion })
      .from(organizations)
      .where(eq(organizations.id, tenant.orgId)),
  );
  return rows[0]?.v ?? 0;
}
