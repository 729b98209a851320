import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../ports';
import { ROOT, startStack, type RunningStack } from '../stack';

/**
 * The stack `npm start` runs, on free ports over a scratch data directory, for a benchmark. Builds
 * the app only when no build exists. `close()` stops it and removes the directory.
 */
export async function startBenchStack(
  vars: Record<string, string> = {},
): Promise<RunningStack & { close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'p360-bench-'));
  const stack = await startStack({
    host: '127.0.0.1',
    port: await freePort(),
    libsqlPort: await freePort(),
    dataDir,
    build: !existsSync(resolve(ROOT, 'build/server/index.js')),
    // BENCH_LOG=<file> keeps the stack's output (the Worker's logs) for a look afterwards.
    out: process.env.BENCH_LOG
      ? (line) => appendFileSync(process.env.BENCH_LOG!, `${line}\n`)
      : () => {},
    vars,
  });
  return {
    ...stack,
    async close() {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new user who owns a new organisation on the stack: the session cookie for API calls. */
export async function benchOwner(url: string, label = 'bench'): Promise<string> {
  const email = `${label}-${Date.now()}@example.test`;
  const response = await fetch(`${url}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ name: 'Bench', email, password: 'benchmark password 1' }),
  });
  if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const org = await fetch(`${url}/api/orgs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie },
    body: JSON.stringify({ name: `${label} org` }),
  });
  if (!org.ok) throw new Error(`creating the organisation failed: ${org.status}`);
  return cookie;
}
