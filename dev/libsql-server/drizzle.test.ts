// drizzle-orm on @libsql/client/web against the server, the way the Worker uses it.
import { createClient, LibsqlError, type Client } from '@libsql/client/web';
import { eq, sql } from 'drizzle-orm';
import { DrizzleQueryError, TransactionRollbackError } from 'drizzle-orm/errors';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import { drizzle } from 'drizzle-orm/libsql/web';
import { blob, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-support';

const audiences = sqliteTable('audiences', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  score: real('score'),
  size: integer('size'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  payload: blob('payload', { mode: 'json' }).$type<{ tags: string[] }>(),
});

let t: TestServer;
let client: Client;
let db: LibSQLDatabase;

beforeAll(async () => {
  t = await startTestServer();
  client = createClient({ url: t.url });
  db = drizzle({ client });
});

afterAll(async () => {
  client.close();
  await t.stop();
});

beforeEach(async () => {
  await client.executeMultiple(`
    DROP TABLE IF EXISTS audiences;
    CREATE TABLE audiences (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL UNIQUE,
      score REAL,
      size INTEGER,
      active INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL,
      payload BLOB
    );
  `);
});

const createdAt = new Date('2026-01-02T03:04:05.678Z');

it('inserts and selects with typed columns', async () => {
  const [inserted] = await db
    .insert(audiences)
    .values({
      name: 'Lapsed buyers',
      score: 0.75,
      size: 2 ** 40,
      createdAt,
      payload: { tags: ['a', 'b'] },
    })
    .returning();
  expect(inserted?.id).toBe(1);
  const rows = await db.select().from(audiences).where(eq(audiences.name, 'Lapsed buyers'));
  expect(rows).toEqual([
    {
      id: 1,
      name: 'Lapsed buyers',
      score: 0.75,
      size: 2 ** 40,
      active: true,
      createdAt,
      payload: { tags: ['a', 'b'] },
    },
  ]);
  await db.update(audiences).set({ active: false }).where(eq(audiences.id, 1));
  const [{ n } = { n: -1 }] = await db
    .select({ n: sql<number>`count(*)` })
    .from(audiences)
    .where(eq(audiences.active, false));
  expect(n).toBe(1);
});

it('commits a transaction', async () => {
  await db.transaction(async (tx) => {
    await tx.insert(audiences).values({ name: 'a', createdAt });
    await tx.insert(audiences).values({ name: 'b', createdAt });
  });
  expect(await db.$count(audiences)).toBe(2);
});

it('rolls a transaction back', async () => {
  const error = await db
    .transaction(async (tx) => {
      await tx.insert(audiences).values({ name: 'gone', createdAt });
      tx.rollback();
    })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TransactionRollbackError);
  expect(await db.$count(audiences)).toBe(0);
});

it('runs a batch atomically and surfaces the unique violation code', async () => {
  await db.batch([
    db.insert(audiences).values({ name: 'x', createdAt }),
    db.insert(audiences).values({ name: 'y', createdAt }),
  ]);
  const error = await db
    .batch([
      db.insert(audiences).values({ name: 'z', createdAt }),
      db.insert(audiences).values({ name: 'x', createdAt }),
    ])
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LibsqlError);
  expect((error as LibsqlError).code).toBe('SQLITE_CONSTRAINT');
  expect(await db.$count(audiences)).toBe(2);
});

it('wraps query errors, keeping the libSQL code on the cause', async () => {
  await db.insert(audiences).values({ name: 'dup', createdAt });
  const error = await db
    .insert(audiences)
    .values({ name: 'dup', createdAt })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DrizzleQueryError);
  expect(((error as DrizzleQueryError).cause as LibsqlError).code).toBe('SQLITE_CONSTRAINT');
});
