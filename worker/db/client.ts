import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import * as schema from './schema';

export type Db = ReturnType<typeof createDb>;

/**
 * The same code path talks to Turso Cloud in production and to the local libSQL server in
 * development: only the URL and token differ. `libsql://` URLs are rewritten to https by the
 * client itself.
 */
export function createDb(config: { url: string; authToken?: string | undefined }) {
  const client = createClient({ url: config.url, authToken: config.authToken || undefined });
  return drizzle(client, { schema });
}
