// `npm run bench:audience [-- --size small|1m|10m] [--repeats N]`: audience sizes at scale. Generates an
// organisation (100k contacts small; 1M and 10M by default) into a libSQL file, serves it with the
// local libSQL server, and times — over Hrana, exactly as the Worker asks Turso — the fixed suite of
// 20 definitions (audience-suite.ts): the total size (the compiled count query), all node sizes
// through the Worker's engine runner with its size cache emptied ("cold": no cached size; SQLite's
// page cache is warm after the first run, as a busy server's is) and then served from the size
// cache ("cached"), and the overlap of three audiences. Prints a table and writes
// bench/results/audience.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createClient, type Client } from '@libsql/client/web';
import { compileCount, compileOverlap, type SqlQuery } from '../../core/audience/compile-sql';
import type { EngineContext } from '../../core/audience/evaluate';
import { fieldCatalog } from '../../core/audience/field-catalog';
import { startLibsqlServer } from '../libsql-server';
import { ROOT } from '../stack';
import { BENCH_ORG, prepareBenchDatabase, WEEKS } from './audience-data';
import { OVERLAP3, REFERENCED, SUITE } from './audience-suite';
import { measureThroughRunner } from './audience-cached';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'default' },
    // Timed runs per definition; the 10M run takes long enough that one is the default there.
    repeats: { type: 'string' },
  },
});
const SIZES: Record<string, number[]> = {
  small: [100_000],
  '1m': [1_000_000],
  '10m': [10_000_000],
  default: [1_000_000, 10_000_000],
};
const sizes = SIZES[values.size ?? 'default'];
if (!sizes) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const round = (ms: number) => Math.round(ms * 10) / 10;

async function timed(client: Client, query: SqlQuery): Promise<{ ms: number; rows: number }> {
  const started = performance.now();
  const result = await client.execute({ sql: query.sql, args: query.args });
  return { ms: performance.now() - started, rows: result.rows.length };
}

/**
 * The audiences the suite refers to, saved as the organisation's audiences, and the lists'
 * upload settings that keep the "Lead source" column as a custom attribute (so the runner's
 * catalog knows it, as it would after a real import).
 */
async function registerSuiteAudiences(client: Client) {
  const now = Date.UTC(2026, 10, 20);
  await client.batch(
    [
      ...[...REFERENCED].map(([id, definition]) => ({
        sql: `INSERT INTO audiences (id, org_id, name, definition, created_at, updated_at)
              VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET definition = excluded.definition`,
        args: [id, BENCH_ORG, id, JSON.stringify(definition), now, now],
      })),
      {
        sql: `UPDATE uploads SET headers = ?, settings = ? WHERE org_id = ?`,
        args: [
          JSON.stringify(['email', 'Lead source']),
          JSON.stringify({ mapping: ['email', null], options: { keepUnmapped: true } }),
          BENCH_ORG,
        ],
      },
    ],
    'write',
  );
}

interface SizeResult {
  contacts: number;
  data: string;
  count_p50_ms_cold: number;
  count_p95_ms_cold: number;
  all_nodes_p50_ms_cold: number;
  all_nodes_p95_ms_cold: number;
  all_nodes_10_level_ms_cold: number;
  count_p50_ms_cached: number;
  count_p95_ms_cached: number;
  overlap3_ms: number;
  per_definition: Array<{
    name: string;
    size: number;
    count_ms: number;
    all_nodes_ms: number;
    nodes: number;
  }>;
}

async function run(contacts: number): Promise<SizeResult> {
  const repeats = Number(values.repeats ?? (contacts >= 10_000_000 ? 1 : 3));
  const { dbPath, generated } = await prepareBenchDatabase(contacts);
  console.log(`\n${contacts.toLocaleString('en')} contacts: ${generated}`);
  const server = await startLibsqlServer({ dbPath, port: 0, log: () => {} });
  const client = createClient({ url: server.url });
  try {
    await registerSuiteAudiences(client);
    const ctx: EngineContext = {
      now: Date.UTC(2026, 10, 28),
      latestIntentWeek: WEEKS.at(-1)!,
      catalog: fieldCatalog(['Lead source']),
      audiences: REFERENCED,
    };
    const countSamples: number[] = [];
    const perDefinition: SizeResult['per_definition'] = [];
    console.log('Total size (count query over Hrana):');
    for (const { name, definition } of SUITE) {
      const count = compileCount(BENCH_ORG, definition, ctx);
      const countMs: number[] = [];
      for (let i = 0; i < repeats; i++) countMs.push((await timed(client, count)).ms);
      const sized = await client.execute({ sql: count.sql, args: count.args });
      const size = Number(sized.rows[0]?.n ?? 0);
      countSamples.push(...countMs);
      perDefinition.push({
        name,
        size,
        count_ms: round(percentile(countMs, 50)),
        all_nodes_ms: 0,
        nodes: 0,
      });
      console.log(
        `  ${name.padEnd(40)} ${String(size).padStart(10)}  ${round(percentile(countMs, 50))} ms`,
      );
    }
    console.log('All node sizes (engine runner, size cache emptied):');
    const runner = await measureThroughRunner(
      server.url,
      BENCH_ORG,
      SUITE,
      ctx.now,
      repeats,
      console.log,
    );
    const nodeSamples = runner.cold.flatMap((c) => c.samples);
    runner.cold.forEach((c, i) => {
      perDefinition[i]!.all_nodes_ms = round(percentile(c.samples, 50));
      perDefinition[i]!.nodes = c.nodes;
    });
    const overlapMs: number[] = [];
    for (let i = 0; i < repeats; i++)
      overlapMs.push((await timed(client, compileOverlap(BENCH_ORG, OVERLAP3, ctx))).ms);
    return {
      contacts,
      data: generated,
      count_p50_ms_cold: round(percentile(countSamples, 50)),
      count_p95_ms_cold: round(percentile(countSamples, 95)),
      all_nodes_p50_ms_cold: round(percentile(nodeSamples, 50)),
      all_nodes_p95_ms_cold: round(percentile(nodeSamples, 95)),
      all_nodes_10_level_ms_cold: perDefinition.at(-1)!.all_nodes_ms,
      count_p50_ms_cached: round(percentile(runner.cached, 50)),
      count_p95_ms_cached: round(percentile(runner.cached, 95)),
      overlap3_ms: round(percentile(overlapMs, 50)),
      per_definition: perDefinition,
    };
  } finally {
    client.close();
    await server.close();
  }
}

const results: SizeResult[] = [];
for (const contacts of sizes) results.push(await run(contacts));

const columns = [
  'contacts',
  'count_p50_ms_cold',
  'count_p95_ms_cold',
  'all_nodes_p50_ms_cold',
  'all_nodes_p95_ms_cold',
  'all_nodes_10_level_ms_cold',
  'count_p50_ms_cached',
  'count_p95_ms_cached',
  'overlap3_ms',
] as const;
console.log('');
console.table(results.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]]))));
const largest = results.at(-1)!;
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench', 'results', 'audience.json'),
  `${JSON.stringify({ ...Object.fromEntries(columns.map((c) => [c, largest[c]])), runs: results }, null, 2)}\n`,
);
console.log('Wrote bench/results/audience.json');
