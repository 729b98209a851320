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

it('prints its URL, serves the default advertiser and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const url = await firstLine(child);
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const res = await fetch(`${url}/usw/data/advertiser`, {
    method: 'POST',
    headers: { 'ttd-auth': 'p360-local-ttd-token', 'content-type': 'application/json' },
    body: JSON.stringify({
      AdvertiserId: 'p360local',
      Items: [{ TDID: '123e4567-e89b-12d3-a456-426652340000', Data: [{ Name: 'seg' }] }],
    }),
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({});
  const segments = await (await fetch(`${url}/__sim/segments?advertiserId=p360local`)).json();
  expect(segments).toMatchObject({ segments: [{ name: 'seg', memberCount: 1 }] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 20_000);
