// `npm run bench:activation [-- --size small]`: identity resolution and activation for 1M contacts
// (50k with --size small) on the stack `npm start` runs: every email (and the phones of one contact
// in five) mapped to UID2 through the operator simulator, one batch after another as UID2 asks;
// then a first full export of an audience to the Trade Desk simulator, 1% churn, and an
// incremental export. Prints a table and writes bench/results/activation.json.
import { createClient } from '@libsql/client/web';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ExportRunDetail, IdentityRunView } from '../../core/contracts/activation';
import { readDevVars } from '../dev-vars';
import { ROOT } from '../stack';
import { benchOwner, startBenchStack } from './bench-stack';

const { values } = parseArgs({ options: { size: { type: 'string', default: 'default' } } });
const SIZES: Record<string, number> = { small: 50_000, default: 1_000_000 };
const contactsWanted = SIZES[values.size ?? 'default'];
if (!contactsWanted) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
const PHONE_EVERY = 5;
const CHURN = 0.01;
const INSERT_BATCH = 20_000;

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const seconds = (ms: number) => Math.round(ms / 100) / 10;

const vars = readDevVars();
const advertiserId = vars.TTD_ADVERTISER_ID || 'p360local';
const stack = await startBenchStack();
try {
  const cookie = await benchOwner(stack.url, 'activation');
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
  const poll = async <T>(read: () => Promise<T | null>): Promise<T> => {
    for (;;) {
      const done = await read();
      if (done) return done;
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const db = createClient({ url: stack.libsqlUrl, authToken: vars.TURSO_AUTH_TOKEN || undefined });
  const org = await db.execute("SELECT id FROM organizations WHERE name = 'activation org'");
  const orgId = String(org.rows.at(-1)!.id);

  // The contacts, as an upload stores them (hashes of normalised identifiers), written straight
  // into Turso: the upload pipeline has its own benchmark (bench:ingest).
  process.stdout.write(`Writing ${contactsWanted.toLocaleString()} contacts… `);
  const now = Date.now();
  for (let from = 0; from < contactsWanted; from += INSERT_BATCH) {
    const rows: unknown[][] = [];
    for (let i = from; i < Math.min(from + INSERT_BATCH, contactsWanted); i++) {
      const email = sha(`person${i}@bench.example.com`);
      const phone = i % PHONE_EVERY === 0 ? sha(`+1415${String(5_000_000 + i).slice(-7)}`) : null;
      rows.push([email, phone, i % 20 === 0 ? 'CA' : 'US', i + 2]);
    }
    await db.execute({
      sql: `INSERT INTO contacts (org_id, dedupe_key, email_hash, phone_hash, country, quality,
              created_upload_id, written_upload_id, written_line, created_at, updated_at)
            SELECT ?, unhex(value ->> 0), unhex(value ->> 0), unhex(value ->> 1), value ->> 2, 60,
              'bench', 'bench', value ->> 3, ?, ? FROM json_each(?)`,
      args: [orgId, now, now, JSON.stringify(rows)],
    });
  }
  console.log('done.');

  // 1. Map every identifier.
  await api('/api/integrations/uid2', 'PUT', {
    credentials: { apiKey: vars.UID2_API_KEY, clientSecret: vars.UID2_CLIENT_SECRET },
    mapAfterUpload: false,
  });
  const mapStarted = performance.now();
  const { runId } = await api<{ runId: string }>('/api/integrations/uid2/runs', 'POST');
  const mapping = await poll(async () => {
    const { runs } = await api<{ runs: IdentityRunView[] }>('/api/integrations/uid2/runs');
    const run = runs.find((r) => r.id === runId);
    if (run?.status === 'failed') throw new Error(`mapping failed: ${run.error}`);
    return run?.status === 'succeeded' ? run : null;
  });
  const mapMs = performance.now() - mapStarted;

  // 2. A first full export of "everyone in the US", then 1% churn and an incremental export.
  const audience = await api<{ id: string }>('/api/audiences', 'POST', {
    name: 'US contacts',
    definition: {
      version: 1,
      root: {
        id: 'root',
        kind: 'group',
        op: 'and',
        children: [{ id: 'us', kind: 'rule', field: 'country', op: 'eq', value: 'US' }],
      },
    },
  });
  const destination = await api<{ id: string }>('/api/ttd/destinations', 'POST', {
    name: 'Bench advertiser',
    advertiserId,
    region: 'use',
    authMode: 'token',
    secret: vars.TTD_AUTH_TOKEN,
  });
  const exp = await api<{ id: string }>('/api/ttd/exports', 'POST', {
    name: 'US to TTD',
    destinationId: destination.id,
    audiences: [{ audienceId: audience.id, segmentName: 'P360 - US contacts' }],
    ttlDays: 30,
    schedule: '0 6 * * 1',
  });
  const exportOnce = async () => {
    const started = performance.now();
    const { runId: id } = await api<{ runId: string }>(`/api/ttd/exports/${exp.id}/runs`, 'POST');
    const run = await poll(async () => {
      const detail = await api<ExportRunDetail>(`/api/ttd/runs/${id}`);
      if (detail.status === 'failed') throw new Error(`export failed: ${detail.error}`);
      return detail.status === 'running' ? null : detail;
    });
    return { run, ms: performance.now() - started };
  };
  const full = await exportOnce();
  const held = await fetch(
    `${stack.ttdUrl}/__sim/segments?advertiserId=${encodeURIComponent(advertiserId)}`,
  ).then((r) => r.json() as Promise<{ segments: Array<{ name: string; memberCount: number }> }>);

  // 1% of the contacts change side: half of them leave the audience, half join it.
  const churned = Math.round(contactsWanted * CHURN);
  await db.execute({
    sql: `UPDATE contacts SET country = CASE country WHEN 'US' THEN 'CA' ELSE 'US' END
          WHERE org_id = ? AND (
            id IN (SELECT id FROM contacts WHERE org_id = ? AND country = 'US' ORDER BY id LIMIT ?)
            OR id IN (SELECT id FROM contacts WHERE org_id = ? AND country = 'CA' ORDER BY id LIMIT ?))`,
    args: [orgId, orgId, Math.ceil(churned / 2), orgId, Math.floor(churned / 2)],
  });
  const incremental = await exportOnce();

  const fullItems = full.run.added + full.run.removed + full.run.refreshed;
  const incrementalItems =
    incremental.run.added + incremental.run.removed + incremental.run.refreshed;
  const result = {
    benchmark: 'activation',
    size: values.size,
    at: new Date().toISOString(),
    node: process.version,
    contacts: contactsWanted,
    identifiers: mapping.sent,
    mapped: mapping.mapped,
    opted_out: mapping.optedOut,
    uid2_requests: mapping.requests,
    map_seconds: seconds(mapMs),
    map_items_per_s: Math.round(mapping.sent / (mapMs / 1000)),
    full_export_seconds: seconds(full.ms),
    full_export_items: fullItems,
    full_export_requests: full.run.requests,
    full_export_bytes: full.run.bytesSent,
    segment_members_in_ttd: held.segments.find((s) => s.name === 'P360 - US contacts')?.memberCount,
    churned_contacts: churned,
    incremental_export_seconds: seconds(incremental.ms),
    incremental_export_items: incrementalItems,
    incremental_added: incremental.run.added,
    incremental_removed: incremental.run.removed,
    incremental_refreshed: incremental.run.refreshed,
    incremental_export_requests: incremental.run.requests,
    incremental_export_bytes: incremental.run.bytesSent,
    incremental_ratio: Math.round((incrementalItems / fullItems) * 10_000) / 10_000,
  };
  console.table({
    'UID2 map': {
      items: result.identifiers,
      requests: result.uid2_requests,
      seconds: result.map_seconds,
      'items/s': result.map_items_per_s,
    },
    'full export': {
      items: result.full_export_items,
      requests: result.full_export_requests,
      seconds: result.full_export_seconds,
      'items/s': Math.round(fullItems / (full.ms / 1000)),
    },
    'incremental export (1% churn)': {
      items: result.incremental_export_items,
      requests: result.incremental_export_requests,
      seconds: result.incremental_export_seconds,
      'items/s': Math.round(incrementalItems / (incremental.ms / 1000)),
    },
  });
  console.log(
    `bytes sent: full ${result.full_export_bytes.toLocaleString()}, incremental ${result.incremental_export_bytes.toLocaleString()}; incremental ÷ full items = ${result.incremental_ratio}`,
  );
  const dir = resolve(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'activation.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log('Wrote bench/results/activation.json');
} finally {
  await stack.close();
}
