// `npm run bench:room [-- --size small]`: one AudienceRoom on the local stack under co-editing load.
// 30 members (5 with `small`) join one audience with their own session cookies and each sends a
// random edit twice a second for 60 s (10 s): op → broadcast latency (from a client writing the op
// to each other client receiving the room's `applied` entry; the sender's own echo separately),
// workerd's memory against its idle figure, and divergence (each client's confirmed draft, built
// only from the room's snapshot and accepted ops with core/room/client-state.ts, against the
// room's final draft as a fresh client receives it). Then edit → sizes on the 1M-contact bench
// organisation (100k with `small`): a rule's value changes and the clock runs until the room's
// `sizes` for that seq arrive. Prints a table and writes bench/results/room.json.
//
// The stack runs on a copy of the bench organisation's database (dev/bench/audience-data.ts):
// migrations and the demo seed run on it as on any database, the load test uses an organisation
// the owner signs up for (its audience counts no contacts, so counting stays out of the latency
// figures), and for the sizes test the same owner is made a member of the bench organisation with
// SQL — the bench data has no users — and switches to it through the API, as the org switcher does.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createClient } from '@libsql/client/web';
import { hashPassword } from 'better-auth/crypto';
import { drizzle } from 'drizzle-orm/libsql/web';
import Database from 'libsql';
import { format, resolveConfig } from 'prettier';
import { z } from 'zod';
import {
  DEFINITION_VERSION,
  walk,
  type Definition,
  type RuleNode,
} from '../../core/audience/definition';
import { MeSchema } from '../../core/contracts/accounts';
import { accounts, memberships, users } from '../../worker/db/schema';
import { freePort } from '../ports';
import { ROOT, startStack, type RunningStack } from '../stack';
import { signIn, signUpWithOrganization, type StackSession } from '../upload-client';
import { BENCH_ORG, COUNTRIES, prepareBenchDatabase } from './audience-data';
import { workerdRssMb } from './ingest-e2e';
import { RoomClient, type OnApplied } from './room-client';
import { randomEdit, type EditKind } from './room-ops';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'default' },
    // Overrides, to find where the room stops keeping up.
    clients: { type: 'string' },
    seconds: { type: 'string' },
    rate: { type: 'string' },
  },
});
const SIZES = {
  small: { clients: 5, seconds: 10, contacts: 100_000 },
  default: { clients: 30, seconds: 60, contacts: 1_000_000 },
} as const;
const preset = SIZES[(values.size ?? 'default') as keyof typeof SIZES];
if (!preset) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
const config = {
  ...preset,
  clients: Number(values.clients ?? preset.clients),
  seconds: Number(values.seconds ?? preset.seconds),
  opsPerSecond: Number(values.rate ?? 2),
};
const SIZES_REPEATS = 10;
const MEMBER_PASSWORD = 'room bench member password';

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const round = (n: number) => Math.round(n * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** JSON with object keys sorted, so equal drafts compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

const IdSchema = z.object({ id: z.string() });

async function api<T>(
  session: StackSession,
  path: string,
  schema: z.ZodType<T>,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${session.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { origin: session.url, cookie: session.cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return schema.parse(await response.json());
}

/**
 * `count` more members of `orgId` (editors), written the way the seed writes its demo members,
 * then signed in through the API: one sign-up per person would hit the sign-up rate limit.
 */
async function addEditors(stack: RunningStack, orgId: string, count: number) {
  const client = createClient({ url: stack.libsqlUrl });
  const db = drizzle(client);
  const password = await hashPassword(MEMBER_PASSWORD);
  const people = Array.from({ length: count }, (_, i) => ({
    id: `usr_room_bench_${i + 2}`,
    name: `Editor ${i + 2}`,
    email: `room-bench-${i + 2}-${Date.now()}@example.test`,
  }));
  try {
    await db.batch([
      db.insert(users).values(people.map((p) => ({ ...p, emailVerified: true }))),
      db.insert(accounts).values(
        people.map(({ id }) => ({
          id: `acc_${id}`,
          accountId: id,
          providerId: 'credential',
          userId: id,
          password,
          updatedAt: new Date(),
        })),
      ),
      db
        .insert(memberships)
        .values(
          people.map(({ id }) => ({ id: `mem_${id}`, orgId, userId: id, role: 'editor' as const })),
        ),
    ]);
  } finally {
    client.close();
  }
  const sessions: StackSession[] = [];
  for (const person of people)
    sessions.push(await signIn(stack.url, person.email, MEMBER_PASSWORD));
  return sessions;
}

const rule = (id: string, body: Omit<RuleNode, 'id' | 'kind'>): RuleNode => ({
  id,
  kind: 'rule',
  ...body,
});

/** A draft the size of one a team would be working on: a few rules and a nested group. */
const STARTING_DRAFT: Definition = {
  version: DEFINITION_VERSION,
  root: {
    id: 'root',
    kind: 'group',
    op: 'and',
    children: [
      rule('country', { field: 'country', op: 'eq', value: 'US' }),
      rule('seniority', { field: 'seniority', op: 'in', value: ['Director', 'VP', 'C-Level'] }),
      {
        id: 'industries',
        kind: 'group',
        op: 'or',
        label: 'Industries',
        children: [
          rule('software', { field: 'industry', op: 'eq', value: 'Software' }),
          rule('finance', { field: 'industry', op: 'eq', value: 'Financial Services' }),
        ],
      },
      rule('quality', { field: 'quality', op: 'gte', value: 60 }),
    ],
  },
};

function roomUrl(stack: RunningStack, orgId: string, audienceId: string) {
  return `${stack.url.replace(/^http/, 'ws')}/parties/audience-room/${orgId}:${audienceId}`;
}

/**
 * CPU seconds used so far by the stack's processes (workerd, and wrangler's own Node process),
 * from /proc: where the time of a run goes, on a machine where the bench shares the CPUs.
 */
function stackCpuSeconds(
  group: number,
  port: string,
): { workerd: number; workerdProxy: number; wrangler: number } {
  const ticks = { workerd: 0, workerdProxy: 0, wrangler: 0 };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== group) continue; // pgrp
      const used = Number(fields[11]) + Number(fields[12]); // utime + stime
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      // wrangler dev runs two workerd: a proxy on the public port, and the app with the room.
      if (!cmdline.includes('workerd')) ticks.wrangler += used;
      else if (cmdline.includes(`entry=127.0.0.1:${port}`)) ticks.workerdProxy += used;
      else ticks.workerd += used;
    } catch {
      // the process exited while we looked
    }
  }
  // Clock ticks are 1/100 s on Linux.
  return {
    workerd: ticks.workerd / 100,
    workerdProxy: ticks.workerdProxy / 100,
    wrangler: ticks.wrangler / 100,
  };
}

/** workerd's resident memory, sampled every 250 ms between start() and stop(). */
function memorySampler(group: number) {
  const samples: number[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    samples,
    start() {
      timer = setInterval(() => samples.push(workerdRssMb(group)), 250);
    },
    stop() {
      clearInterval(timer);
    },
  };
}

async function idleRss(group: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 8; i++) {
    samples.push(workerdRssMb(group));
    await sleep(250);
  }
  return percentile(samples, 50);
}

/**
 * The same paths without load, one message at a time from one client: a ping (the socket, the
 * Worker's routing and the room's message handling) and an op echo (plus applying, storing and
 * broadcasting the op). The difference between the two is the room's own per-op cost.
 */
async function measureBaseline(client: RoomClient) {
  const ping: number[] = [];
  const echo: number[] = [];
  for (let i = 0; i < 20; i++) {
    const nonce = `p${i}`;
    const pong = client.next((m) => m.type === 'pong' && m.nonce === nonce, 10_000);
    const sentAt = performance.now();
    client.send({ type: 'ping', nonce });
    await pong;
    ping.push(performance.now() - sentAt);
    await sleep(100);
  }
  for (let i = 0; i < 20; i++) {
    const { clientOpId, sentAt } = client.sendOp({
      kind: 'set',
      nodeId: 'quality',
      prop: 'value',
      value: 40 + i,
    });
    await client.next((m) => m.type === 'applied' && m.entry.clientOpId === clientOpId, 10_000);
    echo.push(performance.now() - sentAt);
    await sleep(100);
  }
  return {
    ping_rtt_p50_ms: round(percentile(ping, 50)),
    op_echo_unloaded_p50_ms: round(percentile(echo, 50)),
    op_echo_unloaded_p95_ms: round(percentile(echo, 95)),
  };
}

async function measureLoad(stack: RunningStack, owner: StackSession, log: (l: string) => void) {
  const me = await api(owner, '/api/me', MeSchema);
  const orgId = me.activeOrgId!;
  const sessions = [owner, ...(await addEditors(stack, orgId, config.clients - 1))];
  const audience = await api(owner, '/api/audiences', IdSchema, {
    name: 'Room bench',
    definition: STARTING_DRAFT,
  });
  const idle = await idleRss(stack.workerGroup);
  log(`  ${sessions.length} members signed in; workerd idle at ${round(idle)} MB`);

  const sent = new Map<string, { sender: RoomClient; at: number }>();
  const broadcastMs: number[] = [];
  const echoMs: number[] = [];
  // Broadcast latencies by the 10 s window the op was sent in: a backlog shows as growth.
  const windows: number[][] = [];
  let started = 0;
  const onApplied: OnApplied = (receiver, entry, at) => {
    const origin = entry.clientOpId ? sent.get(entry.clientOpId) : undefined;
    if (!origin) return;
    if (origin.sender === receiver) return void echoMs.push(at - origin.at);
    broadcastMs.push(at - origin.at);
    (windows[Math.floor((origin.at - started) / 10_000)] ??= []).push(at - origin.at);
  };
  const memory = memorySampler(stack.workerGroup);
  memory.start();
  const url = roomUrl(stack, orgId, audience.id);
  const clients: RoomClient[] = [];
  for (const [i, session] of sessions.entries())
    clients.push(await RoomClient.join(url, session.cookie, `c${i + 1}`, onApplied));
  const baseline = await measureBaseline(clients[0]!);
  log(
    `  ${clients.length} clients joined; one at a time: ping ${baseline.ping_rtt_p50_ms} ms, op echo ${baseline.op_echo_unloaded_p50_ms} ms (p50); editing for ${config.seconds} s`,
  );

  const byKind = new Map<EditKind, number>();
  let nodeIds = 0;
  // The clients share this process with the libSQL server: its event-loop delay is reported so
  // a slow receiver cannot pass for a slow room.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const progress = setInterval(() => {
    const answered = echoMs.length + clients.reduce((n, c) => n + c.counts.rejected, 0);
    log(
      `  ${round((performance.now() - started) / 1000)} s: ${sent.size} ops sent, ${sent.size - answered} not yet echoed, broadcast p50 ${round(percentile(broadcastMs, 50))} ms`,
    );
  }, 10_000);
  const cpuBefore = {
    stack: stackCpuSeconds(stack.workerGroup, new URL(stack.url).port),
    bench: process.cpuUsage(),
  };
  started = performance.now();
  const stopAt = started + config.seconds * 1000;
  const interval = 1000 / config.opsPerSecond;
  // Each editor keeps its own metronome from a random phase, so sends spread over the interval.
  await Promise.all(
    clients.map(async (client) => {
      let tick = started + Math.random() * interval;
      for (; tick < stopAt; tick += interval) {
        await sleep(tick - performance.now());
        for (let attempt = 0; attempt < 10; attempt++) {
          const edit = randomEdit(client.draft!.view, Math.random, () => `n${++nodeIds}`);
          if (!edit) continue;
          const { clientOpId, sentAt } = client.sendOp(edit.op);
          sent.set(clientOpId, { sender: client, at: sentAt });
          byKind.set(edit.kind, (byKind.get(edit.kind) ?? 0) + 1);
          break;
        }
      }
    }),
  );
  const editingSeconds = (performance.now() - started) / 1000;
  clearInterval(progress);
  // The machine is shared: the 1-minute load average says how contended the run was.
  const loadDuringRun = loadavg()[0]!;

  // Every op answered (applied or rejected), then the room's draft as a newcomer receives it.
  const drainStarted = performance.now();
  while (clients.some((c) => c.draft!.pending.length) && performance.now() < drainStarted + 120_000)
    await sleep(50);
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const cpuAfter = stackCpuSeconds(stack.workerGroup, new URL(stack.url).port);
  const benchCpu = process.cpuUsage(cpuBefore.bench);
  memory.stop();
  loopDelay.disable();
  const observer = await RoomClient.join(url, owner.cookie, 'observer', () => {}, 60_000);
  const final = observer.draft!;
  const caughtUp = performance.now() + 60_000;
  while (clients.some((c) => c.draft!.seq < final.seq) && performance.now() < caughtUp)
    await sleep(50);
  const finalJson = canonical(final.confirmed);
  // A client still behind the room when the wait ends has not received everything yet (its
  // own process is backlogged): counted apart, since its draft cannot be compared.
  const behind = clients.filter((c) => c.draft!.seq < final.seq);
  const divergent = clients.filter(
    (c) => c.draft!.seq === final.seq && canonical(c.draft!.confirmed) !== finalJson,
  );
  for (const c of divergent) log(`  DIVERGENT ${c.name}: gaps ${c.counts.gaps}`);
  if (behind.length)
    log(
      `  ${behind.length} clients still behind seq ${final.seq} after 60 s (e.g. ${behind[0]!.name} at ${behind[0]!.draft!.seq})`,
    );

  const ops = sent.size;
  const rejected = clients.reduce((n, c) => n + c.counts.rejected, 0);
  const expectedDeliveries = (ops - rejected) * (clients.length - 1);
  const errors = new Map<string, number>();
  const rejections = new Map<string, number>();
  for (const c of clients) {
    for (const [code, n] of c.errorCodes) errors.set(code, (errors.get(code) ?? 0) + n);
    for (const [code, n] of c.rejectionCodes) rejections.set(code, (rejections.get(code) ?? 0) + n);
  }
  const peak = Math.max(idle, ...memory.samples);
  const mean = memory.samples.reduce((a, b) => a + b, 0) / Math.max(1, memory.samples.length);
  await Promise.all([...clients, observer].map((c) => c.close()));
  return {
    clients: clients.length,
    ops_per_client_per_s: config.opsPerSecond,
    seconds: round(editingSeconds),
    ops,
    ops_applied: ops - rejected,
    ops_rejected: rejected,
    rejections: Object.fromEntries(rejections),
    ops_unanswered: clients.reduce((n, c) => n + c.draft!.pending.length, 0),
    ops_by_kind: Object.fromEntries([...byKind].sort()),
    op_broadcast_p50_ms: round(percentile(broadcastMs, 50)),
    op_broadcast_p99_ms: round(percentile(broadcastMs, 99)),
    op_broadcast_max_ms: round(Math.max(0, ...broadcastMs)),
    op_broadcast_p50_ms_by_10s: windows.map((w) => round(percentile(w, 50))),
    op_broadcast_p99_ms_by_10s: windows.map((w) => round(percentile(w, 99))),
    op_echo_p50_ms: round(percentile(echoMs, 50)),
    op_echo_p99_ms: round(percentile(echoMs, 99)),
    deliveries: broadcastMs.length,
    deliveries_missing: expectedDeliveries - broadcastMs.length,
    drain_after_run_s: round(drainSeconds),
    // CPU seconds over editing + drain (wall: seconds + drain_after_run_s).
    cpu_s_workerd_app: round(cpuAfter.workerd - cpuBefore.stack.workerd),
    cpu_s_workerd_proxy: round(cpuAfter.workerdProxy - cpuBefore.stack.workerdProxy),
    cpu_s_wrangler: round(cpuAfter.wrangler - cpuBefore.stack.wrangler),
    cpu_s_bench_clients_and_libsql: round((benchCpu.user + benchCpu.system) / 1e6),
    bench_event_loop_delay_p99_ms: round(loopDelay.percentile(99) / 1e6),
    divergent_clients: divergent.length,
    clients_behind: behind.length,
    client_gaps: clients.reduce((n, c) => n + c.counts.gaps, 0),
    room_errors: Object.fromEntries(errors),
    final_seq: final.seq,
    final_nodes: [...walk(final.confirmed.root)].length,
    // Sizes and autosave both wait for edits to pause; under steady editing they rarely fire.
    sizes_messages_per_client: round(
      clients.reduce((n, c) => n + c.counts.sizes, 0) / clients.length,
    ),
    saved_messages_per_client: round(
      clients.reduce((n, c) => n + c.counts.saved, 0) / clients.length,
    ),
    ...baseline,
    host_cpus: availableParallelism(),
    host_load_avg_1m: round(loadDuringRun),
    room_memory_mb: round(peak - idle),
    room_memory_mean_mb: round(mean - idle),
    workerd_idle_rss_mb: round(idle),
    workerd_peak_rss_mb: round(peak),
  };
}

/**
 * Edit → sizes on the bench organisation: the owner joins it, opens an audience over its contacts
 * and changes the country rule's value, each time to a value not counted before.
 */
async function measureEditToSizes(
  stack: RunningStack,
  owner: StackSession,
  log: (l: string) => void,
) {
  const me = await api(owner, '/api/me', MeSchema);
  const client = createClient({ url: stack.libsqlUrl });
  try {
    await client.batch(
      [
        {
          sql: `INSERT INTO memberships (id, org_id, user_id, role) VALUES (?, ?, ?, 'owner')`,
          args: [`mem_room_bench_${me.user.id}`, BENCH_ORG, me.user.id],
        },
        // Sizes cached by an earlier bench on this data would make the first count look warm.
        { sql: `DELETE FROM audience_size_cache WHERE org_id = ?`, args: [BENCH_ORG] },
      ],
      'write',
    );
  } finally {
    client.close();
  }
  await api(owner, '/api/orgs/active', MeSchema, { orgId: BENCH_ORG });
  const audience = await api(owner, '/api/audiences', IdSchema, {
    name: 'Room bench sizes',
    definition: STARTING_DRAFT,
  });
  const editor = await RoomClient.join(roomUrl(stack, BENCH_ORG, audience.id), owner.cookie, 'sz');
  const first = await editor.next((m) => m.type === 'sizes' && m.seq >= editor.draft!.seq, 120_000);
  log(`  first count of the draft: ${first.type === 'sizes' ? first.durationMs : '?'} ms`);
  const samples: number[] = [];
  const counted: number[] = [];
  for (let i = 0; i < SIZES_REPEATS; i++) {
    const country = COUNTRIES[(i + 1) % COUNTRIES.length]!;
    let seq = Number.POSITIVE_INFINITY;
    const { clientOpId, sentAt } = editor.sendOp({
      kind: 'set',
      nodeId: 'country',
      prop: 'value',
      value: country,
    });
    // Both waiters are in place before any reply can arrive.
    const applied = editor.next(
      (m) => m.type === 'applied' && m.entry.clientOpId === clientOpId,
      10_000,
    );
    const sizes = editor.next((m) => m.type === 'sizes' && m.seq >= seq, 120_000);
    sizes.catch(() => {}); // awaited below; if `applied` fails first, that is the error reported
    const entry = await applied;
    if (entry.type === 'applied') seq = entry.entry.seq;
    const arrived = await sizes;
    samples.push(performance.now() - sentAt);
    if (arrived.type === 'sizes') counted.push(arrived.durationMs);
    log(
      `  country = ${country}: sizes after ${round(samples.at(-1)!)} ms (counted in ${counted.at(-1)} ms, total ${arrived.type === 'sizes' ? arrived.total : '?'})`,
    );
    // Let the autosave that follows each edit run outside the next measurement.
    await sleep(1500);
  }
  await editor.close();
  return {
    edit_to_sizes_ms: round(percentile(samples, 50)),
    edit_to_sizes_p95_ms: round(percentile(samples, 95)),
    sizes_count_p50_ms: round(percentile(counted, 50)),
    sizes_repeats: samples.length,
  };
}

/** A copy of the bench database for the stack to own (its writes stay out of the original). */
function copyDatabase(from: string, to: string) {
  const db = new Database(from);
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  copyFileSync(from, to);
}

const { dbPath, generated } = await prepareBenchDatabase(config.contacts);
console.log(`bench organisation (${config.contacts.toLocaleString('en')} contacts): ${generated}`);
const dataDir = mkdtempSync(join(tmpdir(), 'p360-bench-room-'));
copyDatabase(dbPath, join(dataDir, 'p360.db'));
const recent: string[] = [];
const stack = await startStack({
  host: '127.0.0.1',
  port: await freePort(),
  libsqlPort: await freePort(),
  dataDir,
  build: !existsSync(resolve(ROOT, 'build/server/index.js')),
  // Thirty people sign in within seconds from one address.
  vars: { SIGNIN_ATTEMPTS_PER_MINUTE: '1000' },
  out: (line) => {
    if (line.includes('"level":"error"') || line.includes('"level":"warn"'))
      console.log(`  worker: ${line}`);
    recent.push(line);
    if (recent.length > 40) recent.shift();
  },
});
let result;
try {
  const owner = await signUpWithOrganization(stack.url, 'Bench', 'Room Bench Org');
  const { activeOrgId: ownOrg } = await api(owner, '/api/me', MeSchema);
  // Sizes first, on a quiet stack: a load run the room cannot keep up with leaves work behind.
  console.log(`edit → sizes, ${config.contacts.toLocaleString('en')} contacts:`);
  const sizes = await measureEditToSizes(stack, owner, console.log);
  await api(owner, '/api/orgs/active', MeSchema, { orgId: ownOrg });
  console.log(`${config.clients} clients × ${config.opsPerSecond} ops/s × ${config.seconds} s:`);
  const load = await measureLoad(stack, owner, console.log);
  result = {
    ...load,
    ...sizes,
    sizes_contacts: config.contacts,
    data: generated,
    measured_at: new Date().toISOString(),
  };
} catch (error) {
  console.log(`stack output before the failure:\n${recent.join('\n')}`);
  throw error;
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const columns = [
  'clients',
  'ops',
  'ops_rejected',
  'op_broadcast_p50_ms',
  'op_broadcast_p99_ms',
  'op_echo_p50_ms',
  'op_echo_p99_ms',
  'deliveries_missing',
  'drain_after_run_s',
  'bench_event_loop_delay_p99_ms',
  'divergent_clients',
  'clients_behind',
  'room_memory_mb',
  'workerd_peak_rss_mb',
  'edit_to_sizes_ms',
  'edit_to_sizes_p95_ms',
] as const;
console.log('');
console.table(Object.fromEntries(columns.map((c) => [c, result[c]])));
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
const resultsPath = join(ROOT, 'bench', 'results', 'room.json');
// Written as the formatter writes it, so a committed result passes `format:check`.
writeFileSync(
  resultsPath,
  await format(JSON.stringify(result, null, 2), {
    ...(await resolveConfig(resultsPath)),
    filepath: resultsPath,
  }),
);
console.log('Wrote bench/results/room.json');
