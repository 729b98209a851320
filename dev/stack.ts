import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateDatabase } from './db-tasks';
import { ensureDevVars, readDevVars } from './dev-vars';
import { startBomboraSimulator, type BomboraSimulator } from './bombora/index';
import { startTtdSimulator, type TtdSimulator } from './ttd/index';
import { startUid2Simulator, type Uid2Simulator } from './uid2/index';
import { startLibsqlServer } from './libsql-server/index';
import { assertPortFree, freePort } from './ports';
import { seedDatabase } from './seed';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = resolve(ROOT, 'node_modules/.bin');

export interface StackOptions {
  host: string;
  port: number;
  libsqlPort: number;
  /** The Bombora simulator's port (0: any free port). */
  bomboraPort?: number;
  /** The UID2 operator simulator's port (0: any free port). */
  uid2Port?: number;
  /** The Trade Desk Data API simulator's port (0: any free port). */
  ttdPort?: number;
  dataDir: string;
  /** Run `remix vite:build` first (the Worker imports the server build). */
  build: boolean;
  /** Where the stack's own progress lines and the children's output go. */
  out: (line: string) => void;
  /** Extra Worker variables (`wrangler dev --var`), e.g. a smaller upload part size in tests. */
  vars?: Record<string, string>;
}

export interface RunningStack {
  url: string;
  libsqlUrl: string;
  bomboraUrl: string;
  uid2Url: string;
  ttdUrl: string;
  timings: Record<string, number>;
  /** Process group of `wrangler dev` (and the workerd it runs), for resource measurements. */
  workerGroup: number;
  stop(): Promise<void>;
}

const TOOL_ENV = {
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  NO_COLOR: '1',
};

/**
 * Brings up the whole product locally: Remix build → libSQL server → migrations → seed →
 * wrangler dev (Worker, Durable Objects, R2, Queues, Cron in workerd). `npm start` and the browser
 * journeys both start it through here, so the tests run what developers run.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    timings[name] = Math.round(performance.now() - started);
    return result;
  };

  await assertPortFree(options.port, options.host, 'the app', 'PORT');
  await assertPortFree(options.libsqlPort, options.host, 'the local libSQL server', 'LIBSQL_PORT');
  if (options.bomboraPort)
    await assertPortFree(
      options.bomboraPort,
      options.host,
      'the Bombora simulator',
      'BOMBORA_PORT',
    );
  if (options.uid2Port)
    await assertPortFree(options.uid2Port, options.host, 'the UID2 simulator', 'UID2_PORT');
  if (options.ttdPort)
    await assertPortFree(options.ttdPort, options.host, 'the Trade Desk simulator', 'TTD_PORT');

  const devVarsSetup = ensureDevVars();
  if (devVarsSetup.created)
    options.out(
      'Created .dev.vars from .dev.vars.example (with new SESSION_SECRET, SECRETS_KEY and PII_KEY).',
    );
  if (devVarsSetup.added.length)
    options.out(`Added ${devVarsSetup.added.join(', ')} to .dev.vars (generated).`);
  const devVars = readDevVars();
  const authToken = devVars.TURSO_AUTH_TOKEN || undefined;
  mkdirSync(options.dataDir, { recursive: true });

  if (options.build)
    await step('build', () => run(resolve(BIN, 'remix'), ['vite:build'], options.out));

  const libsql = await step('libsql', () =>
    startLibsqlServer({
      dbPath: resolve(options.dataDir, 'p360.db'),
      port: options.libsqlPort,
      host: options.host,
      authToken,
      // Successful requests are routine; print only failures and lifecycle events.
      log: (entry) => {
        const failed = typeof entry.status === 'number' && entry.status >= 400;
        if (entry.event !== 'http_request' || failed)
          options.out(JSON.stringify({ service: 'libsql-server', ...entry }));
      },
    }),
  );
  let wrangler: ChildProcess | undefined;
  let bombora: BomboraSimulator | undefined;
  let uid2: Uid2Simulator | undefined;
  let ttd: TtdSimulator | undefined;
  const stop = async () => {
    if (wrangler) await killGroup(wrangler);
    await bombora?.close();
    await uid2?.close();
    await ttd?.close();
    await libsql.close();
  };

  try {
    const target = { url: libsql.url, authToken };
    await step('migrate', () => migrateDatabase(target));
    await step('seed', () => seedDatabase(target));
    // Bombora cannot be reached from here: its simulator stands in, accepting the credentials in
    // .dev.vars (the same ones the demo organisation is connected with).
    bombora = await step('bombora', () =>
      startBomboraSimulator({
        host: options.host,
        port: options.bomboraPort ?? 0,
        config: bomboraSimConfig(devVars),
      }),
    );
    // Neither can UID2 nor The Trade Desk: their simulators accept what .dev.vars holds.
    uid2 = await step('uid2', () =>
      startUid2Simulator({
        host: options.host,
        port: options.uid2Port ?? 0,
        config: uid2SimConfig(devVars),
      }),
    );
    ttd = await step('ttd', () =>
      startTtdSimulator({
        host: options.host,
        port: options.ttdPort ?? 0,
        config: ttdSimConfig(devVars),
      }),
    );

    const url = `http://${options.host}:${options.port}`;
    wrangler = spawn(
      resolve(BIN, 'wrangler'),
      [
        'dev',
        '--ip',
        options.host,
        '--port',
        String(options.port),
        '--inspector-port',
        String(await freePort(options.host)),
        '--persist-to',
        resolve(options.dataDir, 'wrangler'),
        '--test-scheduled',
        '--show-interactive-dev-session=false',
        '--var',
        `TURSO_DATABASE_URL:${libsql.url}`,
        '--var',
        `BOMBORA_API_URL:${bombora.url}`,
        '--var',
        `BOMBORA_LEGACY_API_URL:${bombora.url}`,
        '--var',
        `UID2_API_URL:${uid2.url}`,
        '--var',
        `TTD_DATA_URL:${ttd.url}/{region}`,
        ...Object.entries(options.vars ?? {}).flatMap(([key, value]) => [
          '--var',
          `${key}:${value}`,
        ]),
      ],
      {
        cwd: ROOT,
        env: { ...process.env, ...TOOL_ENV },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    pipeLines(wrangler, options.out);
    await step('wrangler', () => waitForReady(`${url}/api/version`, wrangler!, 120_000));
    return {
      url,
      libsqlUrl: libsql.url,
      bomboraUrl: bombora.url,
      uid2Url: uid2.url,
      ttdUrl: ttd.url,
      timings,
      workerGroup: wrangler.pid!,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function bomboraSimConfig(devVars: Record<string, string>) {
  const clientId = devVars.BOMBORA_CLIENT_ID;
  const clientSecret = devVars.BOMBORA_CLIENT_SECRET;
  if (!clientId || !clientSecret) return {};
  return {
    clients: [{ clientId, clientSecret, products: ['intent', 'reference'] }],
    legacyUsers: [{ username: clientId, password: clientSecret }],
  };
}

function uid2SimConfig(devVars: Record<string, string>) {
  const apiKey = devVars.UID2_API_KEY;
  const secret = devVars.UID2_CLIENT_SECRET;
  if (!apiKey || !secret) return {};
  return { clients: [{ apiKey, secret, roles: ['MAPPER' as const] }] };
}

function ttdSimConfig(devVars: Record<string, string>) {
  const advertiserId = devVars.TTD_ADVERTISER_ID || 'p360local';
  const token = devVars.TTD_AUTH_TOKEN;
  if (!token) return {};
  return {
    advertisers: [
      { advertiserId, authTokens: [token], secretKey: devVars.TTD_ADVERTISER_SECRET || null },
    ],
  };
}

function run(command: string, args: string[], out: (line: string) => void): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...TOOL_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    pipeLines(child, out);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolvePromise()
        : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

function pipeLines(child: ChildProcess, out: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) out(line);
    });
  }
}

async function waitForReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  while (Date.now() < deadline) {
    if (exited !== null)
      throw new Error(`wrangler dev exited (code ${exited}) before the app was ready`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The app did not answer ${url} within ${timeoutMs / 1000} s`);
}

/** wrangler starts workerd children; signal the whole process group so none is orphaned. */
function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolvePromise) => {
    const force = setTimeout(() => signalGroup(pid, 'SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      // workerd may outlive wrangler by a moment; make sure the group is gone.
      signalGroup(pid, 'SIGKILL');
      resolvePromise();
    });
    signalGroup(pid, 'SIGTERM');
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
