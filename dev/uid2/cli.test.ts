// The CLI: prints the URL, serves, stops on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
}

it('prints its URL, serves the operator API and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const url = await firstLine(child);
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(await (await fetch(`${url}/ops/healthcheck`)).text()).toBe('OK');
  const expected = await fetch(`${url}/__sim/expected`, {
    method: 'POST',
    body: JSON.stringify({ email: 'optout@example.com' }),
  });
  expect(await expected.json()).toMatchObject({ email: [{ e: 'optout' }] });
  expect((await fetch(`${url}/v3/identity/map`, { method: 'POST', body: 'x' })).status).toBe(401);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 20_000);
