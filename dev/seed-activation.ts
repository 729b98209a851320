// UID2 and The Trade Desk for the demo organisation on a fresh local install: connected to the
// simulators with the credentials in .dev.vars, its identities mapped, one destination and one
// weekly export of the first demo audience, run once — all through the running app as the demo
// owner would do it. Idempotent: nothing happens once UID2 is connected.
import { suggestSegmentName } from '../core/activation/segment-name';
import type { ExportRunDetail, IdentityRunView, Uid2Overview } from '../core/contracts/activation';
import { readDevVars } from './dev-vars';
import { DEMO_USERS } from './seed';
import { signIn, type StackSession } from './upload-client';

async function api<T>(session: StackSession, path: string, method = 'GET', body?: unknown) {
  const response = await fetch(`${session.url}${path}`, {
    method,
    headers: {
      origin: session.url,
      cookie: session.cookie,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function until<T>(what: string, poll: () => Promise<T | null>): Promise<T> {
  for (let i = 0; i < 480; i++) {
    const done = await poll();
    if (done) return done;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not finish within two minutes`);
}

export interface ActivationSeed {
  mapped: number;
  exported: number;
  segment: string;
}

/** Connects the demo to UID2 and TTD, maps and exports once; null when already connected. */
export async function seedDemoActivation(url: string): Promise<ActivationSeed | null> {
  const owner = DEMO_USERS.find((u) => u.role === 'owner')!;
  const session = await signIn(url, owner.email, owner.password);
  const overview = await api<Uid2Overview>(session, '/api/integrations/uid2');
  if (overview.settings.configured) return null;
  const vars = readDevVars();
  if (!vars.UID2_API_KEY || !vars.UID2_CLIENT_SECRET || !vars.TTD_AUTH_TOKEN) return null;
  // A .dev.vars from before issue 8 has no advertiser id: the simulator's default one stands in.
  const advertiserId = vars.TTD_ADVERTISER_ID || 'p360local';
  await api(session, '/api/integrations/uid2', 'PUT', {
    credentials: { apiKey: vars.UID2_API_KEY, clientSecret: vars.UID2_CLIENT_SECRET },
    enabled: true,
    mapAfterUpload: true,
  });
  const { runId } = await api<{ runId: string }>(session, '/api/integrations/uid2/runs', 'POST');
  const mapping = await until('The first UID2 mapping', async () => {
    const { runs } = await api<{ runs: IdentityRunView[] }>(
      session,
      '/api/integrations/uid2/runs?limit=5',
    );
    const run = runs.find((r) => r.id === runId);
    if (run?.status === 'failed') throw new Error(`UID2 mapping failed: ${run.error}`);
    return run?.status === 'succeeded' ? run : null;
  });

  const destination = await api<{ id: string }>(session, '/api/ttd/destinations', 'POST', {
    name: 'Northwind (demo advertiser)',
    advertiserId,
    region: 'use',
    authMode: 'token',
    secret: vars.TTD_AUTH_TOKEN,
  });
  const { audiences } = await api<{ audiences: Array<{ id: string; name: string }> }>(
    session,
    '/api/audiences',
  );
  const first = audiences[0];
  if (!first) return { mapped: mapping.mapped, exported: 0, segment: '' };
  const segment = suggestSegmentName(first.name);
  const exp = await api<{ id: string }>(session, '/api/ttd/exports', 'POST', {
    name: `${first.name} → The Trade Desk`,
    destinationId: destination.id,
    audiences: [{ audienceId: first.id, segmentName: segment }],
    ttlDays: 30,
    schedule: '0 6 * * 1',
    enabled: true,
  });
  const started = await api<{ runId: string }>(session, `/api/ttd/exports/${exp.id}/runs`, 'POST');
  const run = await until('The first export', async () => {
    const detail = await api<ExportRunDetail>(session, `/api/ttd/runs/${started.runId}`);
    if (detail.status === 'failed') throw new Error(`The first export failed: ${detail.error}`);
    return detail.status === 'running' ? null : detail;
  });
  return { mapped: mapping.mapped, exported: run.added, segment };
}
