import { desc } from 'drizzle-orm';
import { devMail } from '../db/schema';
import type { Deps } from '../deps';

/** The local mailbox (development only; the route refuses in production). Newest first. */
export async function listDevMail(deps: Pick<Deps, 'db'>) {
  const rows = await deps.db.select().from(devMail).orderBy(desc(devMail.createdAt)).limit(100);
  return rows.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() }));
}
