import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { migrate } from 'drizzle-orm/libsql/migrator';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../migrations', import.meta.url));

export interface DatabaseTarget {
  url: string;
  authToken?: string | undefined;
}

/**
 * Applies pending drizzle-kit migrations over the same HTTP protocol the Worker uses, so it works
 * unchanged against the local server and against Turso Cloud.
 */
export async function migrateDatabase(target: DatabaseTarget): Promise<void> {
  const client = createClient({ url: target.url, authToken: target.authToken || undefined });
  try {
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    client.close();
  }
}
