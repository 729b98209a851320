// `npm run bench:bombora [-- --size small] [-- --mode legacy]`: ingest one weekly Company Surge
// dataset for an organisation — 1M (domain, topic) rows, or 50k with --size small — from the
// Bombora simulator through the client, the SYNC queue and Turso, on the stack `npm start` runs.
// Prints a table and writes bench/results/bombora[-legacy].json.
import { createClient } from '@libsql/client/web';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { IntentSyncRun, IntentTopicList } from '../../core/contracts/intent';
import { ROOT } from '../stack';
import { benchOwner, startBenchStack } from './bench-stack';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'default' },
    mode: { type: 'string', default: 'intent' },
  },
});
// Domains in the simulator's universe (5 brands × perBrand + extra) and topics pulled; with a
// presence of 0.5 that is about domains × topics / 2 rows.
const SIZES: Record<string, { perBrand: number; extraDomains: number; topics: number }> = {
  small: { perBrand: 1000, extraDomains: 1000, topics: 17 },
  default: { perBrand: 10000, extraDomains: 10000, topics: 34 },
};
const size = SIZES[values.size ?? 'default'];
if (!size) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
const mode = values.mode === 'legacy' ? 'legacy' : 'intent';
const CREDENTIALS = { clientId: 'p360-local', clientSecret: 'p360-local-bombora-secret' };

const stack = await startBenchStack({ BOMBORA_LEGACY_POLL_SECONDS: '2' });
try {
  const cookie = await benchOwner(stack.url, 'bombora');
  const api = async <T>(path: string, method = 'GET', body?: unknown): Promise<T> => {
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: { origin: stack.url, cookie, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const sim = async (path: string, body?: unknown) => {
    const response = await fetch(`${stack.bomboraUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await response.json()) as Record<string, unknown>;
  };

  await sim('/__sim/config', {
    universe: { perBrand: size.perBrand, extraDomains: size.extraDomains },
    presence: 0.5,
    legacy: { reportDelayMs: 3000 },
  });
  await api('/api/integrations/bombora', 'PUT', { credentials: CREDENTIALS });
  const { topics } = await api<IntentTopicList>('/api/intent/topics');
  const chosen = topics.slice(0, size.topics);
  const expected = await sim(
    `/__sim/expected?topics=${encodeURIComponent(chosen.map((t) => t.name).join(','))}`,
  );
  await api('/api/integrations/bombora', 'PUT', {
    topicIds: chosen.map((t) => t.id),
    dailyCallQuota: 100_000,
    ...(mode === 'legacy'
      ? {
          mode: 'legacy',
          credentials: { username: CREDENTIALS.clientId, password: CREDENTIALS.clientSecret },
        }
      : {}),
  });

  const simCallsBefore = (await sim('/__sim/stats')).calls as Record<string, number>;
  const started = performance.now();
  const { runId } = await api<{ runId: string }>('/api/integrations/bombora/sync', 'POST');
  let run: IntentSyncRun;
  let pulledAt: number | null = null;
  for (;;) {
    run = await api<IntentSyncRun>(`/api/integrations/bombora/runs/${runId}`);
    if (run.status === 'finalizing' && pulledAt === null) pulledAt = performance.now();
    if (run.status !== 'running' && run.status !== 'finalizing') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (performance.now() - started) / 1000;
  const pullSeconds = ((pulledAt ?? performance.now()) - started) / 1000;
  if (run.status !== 'succeeded') throw new Error(`the run ended ${run.status}: ${run.error}`);
  const simCalls = (await sim('/__sim/stats')).calls as Record<string, number>;
  const callsByEndpoint = Object.fromEntries(
    Object.entries(simCalls)
      .map(([k, v]) => [k, v - (simCallsBefore[k] ?? 0)] as const)
      .filter(([, v]) => v > 0),
  );
  // The busiest minute per endpoint, as our limiter counted it.
  const db = createClient({ url: stack.libsqlUrl });
  const busiest = await db.execute(
    `SELECT max(calls) AS calls FROM bombora_usage WHERE window >= 'min:' AND window < 'min;'`,
  );
  db.close();

  const result = {
    benchmark: 'bombora',
    size: values.size,
    mode,
    at: new Date().toISOString(),
    node: process.version,
    topics: chosen.length,
    expected_rows: expected.rows,
    rows: run.rowsReceived,
    rows_stored: run.rowsStored,
    quarantined: run.quarantined,
    duplicates: run.duplicates,
    seconds: Math.round(seconds * 10) / 10,
    rows_per_s: Math.round(run.rowsReceived / seconds),
    api_calls: run.apiCalls,
    api_calls_by_endpoint: callsByEndpoint,
    busiest_minute_calls: Number(busiest.rows[0]?.calls ?? 0),
    pages: run.pagesDone,
    /** Pulling and staging every page; the rest is the finalize (re-probe, swap in, enrich). */
    pull_seconds: Math.round(pullSeconds * 10) / 10,
    finalize_seconds: Math.round((seconds - pullSeconds) * 10) / 10,
  };
  console.table({
    [`${mode} pull`]: {
      rows: result.rows,
      stored: result.rows_stored,
      seconds: result.seconds,
      'rows/s': result.rows_per_s,
      'API calls': result.api_calls,
      'busiest minute': result.busiest_minute_calls,
      'pull s': result.pull_seconds,
      'finalize s': result.finalize_seconds,
    },
  });
  console.log('calls by endpoint', callsByEndpoint);
  mkdirSync(resolve(ROOT, 'bench/results'), { recursive: true });
  const file = `bench/results/bombora${mode === 'legacy' ? '-legacy' : ''}.json`;
  writeFileSync(resolve(ROOT, file), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`Wrote ${file}`);
} finally {
  await stack.close();
}
