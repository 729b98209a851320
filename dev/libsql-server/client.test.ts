// Conformance with the unmodified @libsql/client (the web entry, i.e. what the Worker uses),
// talking HTTP to the server.
import { createClient, LibsqlBatchError, LibsqlError, type Client } from '@libsql/client/web';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-support';

let t: TestServer;
let client: Client;
let big: Client;

beforeAll(async () => {
  t = await startTestServer();
  client = createClient({ url: t.url });
  big = createClient({ url: t.url, intMode: 'bigint' });
});

afterAll(async () => {
  client.close();
  big.close();
  await t.stop();
});

beforeEach(async () => {
  await client.executeMultiple(`
    DROP TABLE IF EXISTS items;
    CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE, price REAL, data BLOB, n INTEGER);
  `);
});

async function expectLibsqlError(promise: Promise<unknown>, code: string): Promise<LibsqlError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LibsqlError);
  expect((error as LibsqlError).code).toBe(code);
  return error as LibsqlError;
}

it('talks Hrana over HTTP (POST /v2/pipeline)', async () => {
  await client.execute('SELECT 1');
  expect(t.logs).toContainEqual(
    expect.objectContaining({ event: 'http_request', method: 'POST', path: '/v2/pipeline' }),
  );
});

describe('values', () => {
  it('round-trips integers beyond 2^53, floats, unicode text, blobs and null', async () => {
    const huge = 2n ** 62n + 1n;
    const bytes = new Uint8Array([0, 1, 254, 255]);
    await big.execute({
      sql: 'INSERT INTO items (name, price, data, n) VALUES (?, ?, ?, ?)',
      args: ['héllo 🌍 你好', 3.25, bytes, huge],
    });
    await big.execute({
      sql: 'INSERT INTO items (name, n) VALUES (?, ?)',
      args: [null, -(2n ** 63n)],
    });
    const rs = await big.execute('SELECT name, price, data, n FROM items ORDER BY id');
    expect(rs.columns).toEqual(['name', 'price', 'data', 'n']);
    expect(rs.columnTypes).toEqual(['TEXT', 'REAL', 'BLOB', 'INTEGER']);
    expect(rs.rows[0]?.name).toBe('héllo 🌍 你好');
    expect(rs.rows[0]?.price).toBe(3.25);
    expect(new Uint8Array(rs.rows[0]?.data as ArrayBuffer)).toEqual(bytes);
    expect(rs.rows[0]?.n).toBe(huge);
    expect(rs.rows[1]?.name).toBeNull();
    expect(rs.rows[1]?.n).toBe(-(2n ** 63n));
  });

  it('binds JS numbers as REAL and booleans/bigints as INTEGER, like Turso', async () => {
    const rs = await client.execute({
      sql: 'SELECT typeof(?), typeof(?), typeof(?), ?, ?',
      args: [1, true, 7n, 2, 'x'],
    });
    expect(Array.from(rs.rows[0] ?? [])).toEqual(['real', 'integer', 'integer', 2, 'x']);
  });

  it('returns integers as numbers by default and refuses unsafe ones', async () => {
    expect((await client.execute('SELECT 42 AS n')).rows[0]?.n).toBe(42);
    await expect(client.execute('SELECT 9007199254740993')).rejects.toThrow(RangeError);
  });

  it('reports rowsAffected and lastInsertRowid', async () => {
    const insert = await client.execute("INSERT INTO items (name) VALUES ('a'), ('b')");
    expect(insert.rowsAffected).toBe(2);
    expect(insert.lastInsertRowid).toBe(2n);
    const update = await client.execute("UPDATE items SET price = 1 WHERE name = 'a'");
    expect(update.rowsAffected).toBe(1);
    expect(update.lastInsertRowid).toBeUndefined();
    const select = await client.execute('SELECT * FROM items');
    expect(select.rowsAffected).toBe(0);
  });
});

describe('arguments', () => {
  it('binds positional arguments, including ?NNN', async () => {
    const rs = await client.execute({ sql: 'SELECT ?, ?2, ?1', args: ['a', 'b'] });
    expect(Array.from(rs.rows[0] ?? [])).toEqual(['a', 'b', 'a']);
  });

  it('binds named arguments with :, @ and $ prefixes, with or without the prefix in the key', async () => {
    const rs = await client.execute({
      sql: 'SELECT :a AS a, @b AS b, $c AS c, :a AS again',
      args: { a: 1, '@b': 'two', c: null },
    });
    expect(rs.rows[0]).toMatchObject({ a: 1, b: 'two', c: null, again: 1 });
  });

  it('rejects missing and surplus arguments', async () => {
    await expectLibsqlError(client.execute({ sql: 'SELECT ?, ?', args: [1] }), 'ARGS_INVALID');
    await expectLibsqlError(client.execute({ sql: 'SELECT ?', args: [1, 2] }), 'ARGS_INVALID');
    await expectLibsqlError(client.execute({ sql: 'SELECT :a', args: { b: 1 } }), 'ARGS_INVALID');
  });
});

describe('errors', () => {
  it('maps SQL failures to the codes Turso sends', async () => {
    await client.execute("INSERT INTO items (name) VALUES ('dup')");
    const unique = await expectLibsqlError(
      client.execute("INSERT INTO items (name) VALUES ('dup')"),
      'SQLITE_CONSTRAINT',
    );
    expect(unique.message).toContain('UNIQUE constraint failed: items.name');
    await expectLibsqlError(client.execute('SELEC 1'), 'SQL_PARSE_ERROR');
    await expectLibsqlError(client.execute('SELECT * FROM missing'), 'SQL_INPUT_ERROR');
    await expectLibsqlError(client.execute('SELECT 1; SELECT 2'), 'SQL_MANY_STATEMENTS');
    await expectLibsqlError(client.execute('COMMIT'), 'SQLITE_UNKNOWN');
  });
});

describe('batch', () => {
  it('returns one result per statement', async () => {
    const results = await client.batch(
      [
        { sql: 'INSERT INTO items (name) VALUES (?)', args: ['a'] },
        { sql: 'INSERT INTO items (name) VALUES (?)', args: ['b'] },
        'SELECT name FROM items ORDER BY name',
      ],
      'write',
    );
    expect(results).toHaveLength(3);
    expect(results[2]?.rows.map((r) => r.name)).toEqual(['a', 'b']);
  });

  it('rolls back entirely when a later statement fails', async () => {
    const error = await client
      .batch(
        [
          "INSERT INTO items (name) VALUES ('x')",
          "INSERT INTO items (name) VALUES ('y')",
          "INSERT INTO items (name) VALUES ('x')",
        ],
        'write',
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LibsqlBatchError);
    expect((error as LibsqlBatchError).statementIndex).toBe(2);
    expect((error as LibsqlBatchError).code).toBe('SQLITE_CONSTRAINT');
    expect((await client.execute('SELECT count(*) AS c FROM items')).rows[0]?.c).toBe(0);
  });
});

describe('interactive transactions', () => {
  it('commits, reading its own writes while others see the old state', async () => {
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO items (name) VALUES ('t1')");
    expect((await tx.execute('SELECT count(*) AS c FROM items')).rows[0]?.c).toBe(1);
    expect((await client.execute('SELECT count(*) AS c FROM items')).rows[0]?.c).toBe(0);
    await tx.commit();
    expect((await client.execute('SELECT count(*) AS c FROM items')).rows[0]?.c).toBe(1);
  });

  it('rolls back', async () => {
    const tx = await client.transaction('write');
    await tx.batch([
      "INSERT INTO items (name) VALUES ('r1')",
      "INSERT INTO items (name) VALUES ('r2')",
    ]);
    await tx.rollback();
    expect((await client.execute('SELECT count(*) AS c FROM items')).rows[0]?.c).toBe(0);
  });

  it('keeps the transaction usable after a failed statement', async () => {
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO items (name) VALUES ('k')");
    await expect(tx.execute("INSERT INTO items (name) VALUES ('k')")).rejects.toThrow(LibsqlError);
    await tx.execute("INSERT INTO items (name) VALUES ('k2')");
    await tx.commit();
    expect((await client.execute('SELECT count(*) AS c FROM items')).rows[0]?.c).toBe(2);
  });

  it('runs read transactions on a snapshot without holding up writers', async () => {
    await client.execute("INSERT INTO items (name) VALUES ('before')");
    const tx = await client.transaction('read');
    expect((await tx.execute('SELECT count(*) AS c FROM items')).rows[0]?.c).toBe(1);
    await client.execute("INSERT INTO items (name) VALUES ('during')");
    expect((await tx.execute('SELECT count(*) AS c FROM items')).rows[0]?.c).toBe(1);
    await tx.rollback();
    expect((await client.execute('SELECT count(*) AS c FROM items')).rows[0]?.c).toBe(2);
    expect(t.logs.filter((e) => e.event === 'lock_wait')).toEqual([]);
  });
});

describe('executeMultiple and migrate', () => {
  it('runs a sequence, including trigger bodies with inner semicolons', async () => {
    await client.executeMultiple(`
      CREATE TABLE audit (name TEXT);
      CREATE TRIGGER items_audit AFTER INSERT ON items BEGIN
        INSERT INTO audit VALUES (new.name); INSERT INTO audit VALUES ('again');
      END;
      INSERT INTO items (name) VALUES ('m');
    `);
    const rs = await client.execute('SELECT name FROM audit ORDER BY rowid');
    expect(rs.rows.map((r) => r.name)).toEqual(['m', 'again']);
    await client.execute('DROP TABLE audit');
  });

  it('stops a sequence at the first failing statement', async () => {
    await expectLibsqlError(
      client.executeMultiple(`INSERT INTO items (name) VALUES ('s1');
        INSERT INTO items (name) VALUES ('s1');
        INSERT INTO items (name) VALUES ('s3');`),
      'SQLITE_CONSTRAINT',
    );
    const rs = await client.execute('SELECT name FROM items');
    expect(rs.rows.map((r) => r.name)).toEqual(['s1']);
  });

  it('migrate() runs with foreign keys off, which are otherwise enforced (as on Turso)', async () => {
    await client.executeMultiple(`
      DROP TABLE IF EXISTS child; DROP TABLE IF EXISTS parent;
      CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE child (parent_id INTEGER REFERENCES parent (id));
    `);
    await expectLibsqlError(
      client.batch(['INSERT INTO child VALUES (42)'], 'write'),
      'SQLITE_CONSTRAINT',
    );
    await client.migrate(['INSERT INTO child VALUES (42)']);
    expect((await client.execute('SELECT count(*) AS c FROM child')).rows[0]?.c).toBe(1);
  });
});
