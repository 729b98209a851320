// `npm run bench:accounts [-- --size small]`: sign-in latency against the local stack (the same
// stack `npm start` runs: workerd + Better Auth + scrypt + Turso over HTTP). Prints a table and
// writes bench/results/accounts.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../stack';
import { startBenchStack } from './bench-stack';

const { values } = parseArgs({ options: { size: { type: 'string', default: 'default' } } });
const SIZES: Record<string, number> = { small: 20, default: 100, large: 500 };
const signins = SIZES[values.size ?? 'default'];
if (!signins) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (n: number) => Math.round(n * 10) / 10;

async function timed(run: () => Promise<Response>): Promise<number> {
  const started = performance.now();
  const response = await run();
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`request failed with ${response.status}`);
  return performance.now() - started;
}

const stack = await startBenchStack();

try {
  // Each request comes from its own client address, as a crowd of users signing in would; one
  // client hammering sign-in is what the rate limiter is there to stop.
  let client = 0;
  const clientIp = () => `198.18.${Math.floor(client / 250) % 250}.${(client++ % 250) + 1}`;
  const post = (path: string, body: unknown, cookie?: string) =>
    fetch(`${stack.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: stack.url,
        'cf-connecting-ip': clientIp(),
        ...(cookie ? { cookie } : {}),
      },
      body: JSON.stringify(body),
    });
  const email = `bench-${Date.now()}@example.test`;
  const password = 'benchmark password 1';
  const signUp = await post('/api/auth/sign-up/email', { name: 'Bench', email, password });
  if (!signUp.ok) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
  const cookie = signUp.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  await post('/api/orgs', { name: 'Bench Org' }, cookie);

  // Warm-up: the first requests load modules and open connections.
  for (let i = 0; i < 3; i++)
    await timed(() => post('/api/auth/sign-in/email', { email, password }));

  const signInMs: number[] = [];
  for (let i = 0; i < signins; i++) {
    try {
      signInMs.push(await timed(() => post('/api/auth/sign-in/email', { email, password })));
    } catch (e) {
      console.log('failed at', i);
      const r = await post('/api/auth/sign-in/email', { email, password });
      console.log(r.status, r.headers.get('x-retry-after'), await r.text());
      throw e;
    }
  }
  const meMs: number[] = [];
  for (let i = 0; i < signins; i++)
    meMs.push(await timed(() => fetch(`${stack.url}/api/me`, { headers: { cookie } })));

  signInMs.sort((a, b) => a - b);
  meMs.sort((a, b) => a - b);
  const result = {
    benchmark: 'accounts',
    size: values.size,
    at: new Date().toISOString(),
    node: process.version,
    signins,
    signin_p50_ms: round(percentile(signInMs, 50)),
    signin_p95_ms: round(percentile(signInMs, 95)),
    signin_max_ms: round(signInMs.at(-1)!),
    me_p50_ms: round(percentile(meMs, 50)),
    me_p95_ms: round(percentile(meMs, 95)),
  };
  console.table({
    'sign-in (POST /api/auth/sign-in/email)': {
      n: signins,
      p50_ms: result.signin_p50_ms,
      p95_ms: result.signin_p95_ms,
      max_ms: result.signin_max_ms,
    },
    'session check (GET /api/me)': {
      n: signins,
      p50_ms: result.me_p50_ms,
      p95_ms: result.me_p95_ms,
      max_ms: round(meMs.at(-1)!),
    },
  });
  mkdirSync(resolve(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(
    resolve(ROOT, 'bench/results/accounts.json'),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  console.log('Wrote bench/results/accounts.json');
} finally {
  await stack.close();
}
