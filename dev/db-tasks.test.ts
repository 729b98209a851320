import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client/web';
import { verifyPassword } from 'better-auth/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from './db-tasks';
import { startLibsqlServer } from './libsql-server/index';
import { DEMO_USERS, seedDatabase } from './seed';

let dir: string;
let server: Awaited<ReturnType<typeof startLibsqlServer>>;
const token = 'db-tasks-token';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'p360-dbtasks-'));
  server = await startLibsqlServer({
    dbPath: join(dir, 'db.sqlite'),
    port: 0,
    authToken: token,
    log: () => {},
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = async (sql: string) => {
  const client = createClient({ url: server.url, authToken: token });
  try {
    return Number((await client.execute(sql)).rows[0]?.[0]);
  } finally {
    client.close();
  }
};

describe('migrations and seed over HTTP', () => {
  it('applies every migration, and a second run changes nothing', async () => {
    await migrateDatabase({ url: server.url, authToken: token });
    const applied = await count('select count(*) from __drizzle_migrations');
    await migrateDatabase({ url: server.url, authToken: token });
    expect(applied).toBeGreaterThan(0);
    expect(await count('select count(*) from __drizzle_migrations')).toBe(applied);
    expect(
      await count(
        "select count(*) from sqlite_master where type = 'table' and name = 'organizations'",
      ),
    ).toBe(1);
  });

  it('seeds the demo organisation idempotently: running it twice duplicates nothing', async () => {
    await seedDatabase({ url: server.url, authToken: token });
    await seedDatabase({ url: server.url, authToken: token });
    expect(await count('select count(*) from organizations')).toBe(1);
    expect(await count('select count(*) from memberships')).toBe(DEMO_USERS.length);
    expect(await count('select count(distinct role) from memberships')).toBe(4);
  });

  it('gives every demo member the password the README prints', async () => {
    const client = createClient({ url: server.url, authToken: token });
    try {
      for (const user of DEMO_USERS) {
        const { rows } = await client.execute({
          sql: "select password from accounts where user_id = ? and provider_id = 'credential'",
          args: [user.id],
        });
        expect(
          await verifyPassword({ hash: String(rows[0]?.password), password: user.password }),
        ).toBe(true);
      }
    } finally {
      client.close();
    }
  });

  it('refuses to migrate with a wrong token', async () => {
    await expect(migrateDatabase({ url: server.url, authToken: 'wrong' })).rejects.toThrow(/401/);
  });
});
