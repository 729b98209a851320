// Several streams at once: SQLite allows one writer, the server must queue the others without
// blocking its event loop, and abandoned transactions must not hold the lock forever.
import { createClient, LibsqlError, type Client } from '@libsql/client/web';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeReq, postPipeline, startTestServer, type TestServer } from './test-support';

let t: TestServer;
let client: Client;

async function setup(options: Parameters<typeof startTestServer>[0] = {}): Promise<void> {
  t = await startTestServer(options);
  client = createClient({ url: t.url });
  await client.execute('CREATE TABLE items (name TEXT)');
}

const count = async (): Promise<unknown> =>
  (await client.execute('SELECT count(*) AS c FROM items')).rows[0]?.c;

afterEach(async () => {
  client.close();
  await t.stop();
});

describe('with the default busy timeout', () => {
  beforeEach(() => setup());

  it('queues a second write transaction until the first commits', async () => {
    const first = await client.transaction('write');
    await first.execute("INSERT INTO items VALUES ('first')");
    const second = await client.transaction('write');
    const seen = second.execute('SELECT count(*) AS c FROM items'); // BEGIN IMMEDIATE must wait
    await t.waitForLog((e) => e.event === 'lock_wait');
    await first.commit();
    expect((await seen).rows[0]?.c).toBe(1);
    await second.execute("INSERT INTO items VALUES ('second')");
    await second.commit();
    expect(await count()).toBe(2);
  });

  it('lets reads run beside an open write transaction, isolated from it', async () => {
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO items VALUES ('uncommitted')");
    expect(await count()).toBe(0);
    await tx.commit();
    expect(await count()).toBe(1);
    expect(t.logs.some((e) => e.event === 'lock_wait')).toBe(false);
  });

  it('serializes concurrent read-modify-write transactions without losing updates', async () => {
    await client.execute('CREATE TABLE counter (n INTEGER)');
    await client.execute('INSERT INTO counter VALUES (0)');
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const tx = await client.transaction('write');
        const n = Number((await tx.execute('SELECT n FROM counter')).rows[0]?.n);
        await tx.execute({ sql: 'UPDATE counter SET n = ?', args: [n + 1] });
        await tx.commit();
      }),
    );
    expect((await client.execute('SELECT n FROM counter')).rows[0]?.n).toBe(20);
  });

  it('queues autocommit writes and batches behind a transaction', async () => {
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO items VALUES ('tx')");
    const write = client.execute("INSERT INTO items VALUES ('autocommit')");
    const batch = client.batch(["INSERT INTO items VALUES ('batch')"], 'deferred');
    await t.waitForLog((e) => e.event === 'lock_wait' && e.queued === 2);
    await tx.commit();
    await Promise.all([write, batch]);
    expect(await count()).toBe(3);
  });

  it('expires an abandoned transaction when its stream idles out, releasing the lock', async () => {
    const abandoned = await client.transaction('write');
    await abandoned.execute("INSERT INTO items VALUES ('abandoned')");
    t.clock.advance(10_001);
    await client.execute("INSERT INTO items VALUES ('next')");
    expect((await client.execute('SELECT name FROM items')).rows.map((r) => r.name)).toEqual([
      'next',
    ]);
    const error = await abandoned.execute('SELECT 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LibsqlError);
    expect((error as LibsqlError).code).toBe('STREAM_EXPIRED');
    expect(t.logs).toContainEqual(
      expect.objectContaining({ event: 'stream_closed', reason: 'expired', rolledBack: true }),
    );
  });
});

describe('a lock held by another process', () => {
  beforeEach(() => setup());

  it('is retried without blocking until it is released', async () => {
    const other = new Database(t.dbPath);
    other.exec('BEGIN IMMEDIATE');
    other.exec("INSERT INTO items VALUES ('other process')");
    const write = client.execute("INSERT INTO items VALUES ('server')");
    await t.waitForLog((e) => e.event === 'busy_retry');
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    other.exec('COMMIT');
    other.close();
    await write;
    expect(await count()).toBe(2);
  });
});

describe('with a short busy timeout', () => {
  beforeEach(() => setup({ busyTimeoutMs: 300 }));

  it('fails a waiting writer with SQLITE_BUSY while the event loop keeps serving', async () => {
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO items VALUES ('held')");
    let settled = false;
    const blocked = client.execute("INSERT INTO items VALUES ('blocked')").finally(() => {
      settled = true;
    });
    await t.waitForLog((e) => e.event === 'lock_wait');
    // The server is single-threaded: this only answers if the waiter is parked, not spinning.
    const health = await fetch(`${t.url}/health`);
    expect(health.status).toBe(200);
    expect(settled).toBe(false);
    const error = await blocked.catch((e: unknown) => e);
    expect((error as LibsqlError).code).toBe('SQLITE_BUSY');
    await tx.commit();
    expect(await count()).toBe(1);
  });

  it('replaces a connection whose statement gave up on SQLITE_BUSY, so later writes commit', async () => {
    const other = new Database(t.dbPath);
    other.exec('BEGIN IMMEDIATE');
    const first = await postPipeline(t.url, {
      requests: [executeReq("INSERT INTO items VALUES ('a')")],
    });
    expect(first.body.results[0]).toMatchObject({ type: 'error', error: { code: 'SQLITE_BUSY' } });
    other.exec('ROLLBACK');
    other.close();
    expect(t.logs).toContainEqual(expect.objectContaining({ event: 'connection_replaced' }));
    const second = await postPipeline(t.url, {
      baton: first.body.baton,
      requests: [executeReq("INSERT INTO items VALUES ('b')"), { type: 'close' }],
    });
    expect(second.body.results[0]?.type).toBe('ok');
    expect(await count()).toBe(1); // committed, so visible to other streams
    await client.execute("INSERT INTO items VALUES ('c')"); // and the write lock is free again
    expect(await count()).toBe(2);
  });
});
