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
  } catch (error) {
    // drizzle wraps the driver's error in "Failed query: <the whole migration SQL>"; the cause is
    // what tells the operator what to fix (a wrong token, an unreachable host, a bad statement).
    throw new Error(`Migrating ${new URL(target.url).host} failed: ${rootCause(error)}`, {
      cause: error,
    });
  } finally {
    client.close();
  }
}

function rootCause(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause) current = current.cause;
  return current instanceof Error ? current.message : String(error);
}
