import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function run(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

/** Resolves with the first JSON log line on stdout with this event. */
function nextEvent(child: ChildProcess, event: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.event === event) resolve(entry);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before "${event}"`)));
  });
}

const exitCode = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => child.once('exit', (code) => resolve(code)));

const tempDb = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'libsql-cli-test-'));
  dirs.push(dir);
  return join(dir, 'p360.db');
};

it('serves until SIGTERM, then stops cleanly', async () => {
  const child = run(['--port', '0', '--db', tempDb(), '--token', 'tok']);
  const listening = await nextEvent(child, 'listening');
  const url = String(listening.url);
  expect((await fetch(`${url}/health`)).status).toBe(200);
  const unauthorized = await fetch(`${url}/v2/pipeline`, {
    method: 'POST',
    body: '{"requests":[]}',
  });
  expect(unauthorized.status).toBe(401);
  const stopped = nextEvent(child, 'stopped');
  const exited = exitCode(child);
  child.kill('SIGTERM');
  await stopped;
  expect(await exited).toBe(0);
}, 20_000);

it('exits with an error naming the port when it is taken', async () => {
  const first = run(['--port', '0', '--db', tempDb()]);
  const { url } = await nextEvent(first, 'listening');
  const port = new URL(String(url)).port;
  const second = run(['--port', port, '--db', tempDb()]);
  let stderr = '';
  second.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  expect(await exitCode(second)).toBe(1);
  expect(stderr).toContain(`port ${port}`);
}, 20_000);
