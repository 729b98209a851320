import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../db-tasks';
import { startBomboraSimulator } from '../bombora/index';
import { startLibsqlServer } from '../libsql-server/index';
import { startTtdSimulator } from '../ttd/index';
import { startUid2Simulator } from '../uid2/index';

declare module 'vitest' {
  export interface ProvidedContext {
    tursoUrl: string;
    tursoToken: string;
    bomboraUrl: string;
    uid2Url: string;
    ttdUrl: string;
  }
}

/**
 * The workers tier talks to a real libSQL server over HTTP, exactly as the deployed Worker talks to
 * Turso: a fresh database per run, migrated, with token auth on; and to the Bombora, UID2 and
 * The Trade Desk simulators (their default credentials; tests configure them through /__sim).
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'p360-workers-'));
  const token = `test-token-${crypto.randomUUID()}`;
  const server = await startLibsqlServer({
    dbPath: join(dir, 'test.db'),
    port: 0,
    authToken: token,
    log: () => {},
  });
  await migrateDatabase({ url: server.url, authToken: token });
  // Bombora's simulator, as the Worker would reach Bombora: over HTTP, on 127.0.0.1.
  const bombora = await startBomboraSimulator({ port: 0 });
  const uid2 = await startUid2Simulator({ port: 0 });
  const ttd = await startTtdSimulator({ port: 0 });
  project.provide('tursoUrl', server.url);
  project.provide('tursoToken', token);
  project.provide('bomboraUrl', bombora.url);
  project.provide('uid2Url', uid2.url);
  project.provide('ttdUrl', ttd.url);
  return async () => {
    await bombora.close();
    await uid2.close();
    await ttd.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
