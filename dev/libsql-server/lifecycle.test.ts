// Start/stop, persistence, auth and logging.
import { existsSync } from 'node:fs';
import { createClient, LibsqlError } from '@libsql/client/web';
import { afterEach, describe, expect, it } from 'vitest';
import { startLibsqlServer } from './index';
import { postPipeline, startTestServer, type TestServer } from './test-support';

let t: TestServer | undefined;

afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('storage', () => {
  it('creates the directory, uses WAL and keeps data across a restart', async () => {
    t = await startTestServer();
    expect(existsSync(t.dbPath)).toBe(true);
    const client = createClient({ url: t.url });
    expect((await client.execute('PRAGMA journal_mode')).rows[0]?.[0]).toBe('wal');
    await client.batch(
      ['CREATE TABLE notes (body TEXT)', "INSERT INTO notes VALUES ('kept')"],
      'write',
    );
    client.close();

    await t.server.close();
    await t.restart();
    const again = createClient({ url: t.url });
    expect((await again.execute('SELECT body FROM notes')).rows[0]?.body).toBe('kept');
    again.close();
  });

  it('rolls back open transactions when closed', async () => {
    t = await startTestServer();
    const client = createClient({ url: t.url });
    await client.execute('CREATE TABLE notes (body TEXT)');
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO notes VALUES ('lost')");
    await t.server.close();
    await t.restart();
    const again = createClient({ url: t.url });
    expect((await again.execute('SELECT count(*) AS c FROM notes')).rows[0]?.c).toBe(0);
    again.close();
    client.close();
  });
});

describe('port', () => {
  it('rejects with EADDRINUSE and names the port when it is taken', async () => {
    t = await startTestServer();
    const taken = t.server.port;
    const error = await startLibsqlServer({
      dbPath: t.dbPath,
      port: taken,
      log: () => {},
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error & { code?: string }).code).toBe('EADDRINUSE');
    expect((error as Error).message).toContain(String(taken));
  });
});

describe('auth', () => {
  it('accepts the right bearer token and rejects a wrong or missing one with 401', async () => {
    t = await startTestServer({ authToken: 's3cret' });
    const good = createClient({ url: t.url, authToken: 's3cret' });
    expect((await good.execute('SELECT 1 AS one')).rows[0]?.one).toBe(1);
    good.close();

    for (const authToken of ['wrong', undefined]) {
      const bad = createClient({ url: t.url, authToken });
      const error = await bad.execute('SELECT 1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LibsqlError);
      expect((error as LibsqlError).code).toBe('SERVER_ERROR');
      expect((error as LibsqlError).message).toContain('401');
      bad.close();
    }

    const raw = await postPipeline(t.url, { requests: [] });
    expect(raw.status).toBe(401);
    expect(raw.body.error).toEqual(expect.any(String));
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });

  it('accepts any request when no token is configured', async () => {
    t = await startTestServer();
    const client = createClient({ url: t.url, authToken: 'whatever' });
    expect((await client.execute('SELECT 1 AS one')).rows[0]?.one).toBe(1);
    client.close();
  });
});

describe('logging', () => {
  it('logs structured entries without SQL text or argument values', async () => {
    t = await startTestServer();
    const client = createClient({ url: t.url });
    await client.execute({
      sql: "SELECT ? AS secret, 'literal-pii'",
      args: ['arg-pii@example.com'],
    });
    await client
      .execute({ sql: 'SELECT nope FROM missing WHERE x = ?', args: ['arg-pii-2'] })
      .catch(() => {});
    client.close();
    const logged = JSON.stringify(t.logs);
    expect(logged).not.toContain('pii');
    expect(t.logs).toContainEqual(
      expect.objectContaining({
        event: 'http_request',
        status: 200,
        requests: ['execute', 'close'],
        durationMs: expect.any(Number),
      }),
    );
  });
});
