import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HealthReportSchema } from '../core/contracts/health';
import { assertPortFree, freePort } from '../dev/ports';
import { ROOT } from '../dev/stack';

/** Runs the README's `npm start` as a user would, on free ports and a throwaway data directory. */
function npmStart(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'p360-start-'));
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, SKIP_BUILD: '1', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, like a terminal job, so a test can press "Ctrl-C" on all of it.
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'close' fires once every process holding npm's output pipes has exited — npm, and the
  // `dev/start.ts` process beneath it that does the cleanup.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = async (pattern: RegExp, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(output)) {
      if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  return { child, exited, waitFor, output: () => output, cleanup };
}

describe('npm start', () => {
  const stops = [
    { how: 'SIGTERM to npm', stop: (pid: number) => process.kill(pid, 'SIGTERM') },
    { how: 'Ctrl-C (SIGINT to the job)', stop: (pid: number) => process.kill(-pid, 'SIGINT') },
  ];
  for (const { how, stop } of stops) {
    it(`serves a healthy app at the printed URL and stops everything on ${how}`, async () => {
      const port = await freePort();
      const libsqlPort = await freePort();
      const bomboraPort = await freePort();
      const uid2Port = await freePort();
      const ttdPort = await freePort();
      const run = npmStart({
        PORT: String(port),
        LIBSQL_PORT: String(libsqlPort),
        BOMBORA_PORT: String(bomboraPort),
        UID2_PORT: String(uid2Port),
        TTD_PORT: String(ttdPort),
      });
      await run.waitFor(/is ready in/);
      expect(run.output()).toContain(`App            http://127.0.0.1:${port}`);
      // The demo lists went through the real upload pipeline.
      expect(run.output()).toContain('Imported 2 demo lists into Northwind Demo.');
      expect(run.output()).toContain('Connected Northwind Demo to Bombora');
      expect(run.output()).toContain(`Bombora (sim)  http://127.0.0.1:${bomboraPort}`);
      expect(run.output()).toContain(`UID2 (sim)     http://127.0.0.1:${uid2Port}`);
      expect(run.output()).toMatch(/Connected Northwind Demo to UID2 and The Trade Desk/);

      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(HealthReportSchema.parse(await response.json()).status).toBe('ok');

      stop(run.child.pid!);
      await run.exited;
      expect(run.output()).toMatch(/(SIGTERM|SIGINT|Parent process exited); stopping/);
      // Nothing it started is left holding a port: wrangler, workerd and the libSQL server are gone.
      await expect(assertPortFree(port, '127.0.0.1', 'app', 'PORT')).resolves.toBeUndefined();
      await expect(
        assertPortFree(libsqlPort, '127.0.0.1', 'libsql', 'LIBSQL_PORT'),
      ).resolves.toBeUndefined();
      await expect(
        assertPortFree(bomboraPort, '127.0.0.1', 'bombora', 'BOMBORA_PORT'),
      ).resolves.toBeUndefined();
      for (const [simPort, name] of [
        [uid2Port, 'UID2_PORT'],
        [ttdPort, 'TTD_PORT'],
      ] as const)
        await expect(assertPortFree(simPort, '127.0.0.1', name, name)).resolves.toBeUndefined();
      run.cleanup();
    }, 180_000);
  }

  it('explains a taken port and exits non-zero without starting anything', async () => {
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const run = npmStart({
        PORT: String(port),
        LIBSQL_PORT: String(await freePort()),
        BOMBORA_PORT: String(await freePort()),
        UID2_PORT: String(await freePort()),
        TTD_PORT: String(await freePort()),
      });
      expect((await run.exited).code).toBe(1);
      expect(run.output()).toContain(`Port ${port} on 127.0.0.1 (the app) is already in use`);
      expect(run.output()).toContain('set PORT to another port');
      run.cleanup();
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
