// Bombora for the demo organisation on a fresh local install: connected to the simulator with
// the credentials in .dev.vars, a few topics and a cluster chosen, and one sync run, all through
// the running app as the demo owner would do it (run after seed-uploads.ts, so the demo lists'
// companies are there to match). Idempotent: nothing happens once Bombora is connected.
import type { BomboraOverview, IntentSyncRun, IntentTopicList } from '../core/contracts/intent';
import { readDevVars } from './dev-vars';
import { DEMO_USERS } from './seed';
import { signIn, type StackSession } from './upload-client';

const TOPICS = [
  'Data Warehousing',
  'Data Lakes',
  'ETL',
  'Business Intelligence',
  'Cloud Computing',
  'Cybersecurity',
  'Marketing Automation',
  'Account-Based Marketing',
];
const CLUSTER = { name: 'Modern data stack', topics: TOPICS.slice(0, 4), minTopics: 2 };

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

/** Connects the demo organisation to Bombora and runs its first sync; the rows loaded, or 0. */
export async function seedDemoBombora(url: string): Promise<number> {
  const owner = DEMO_USERS.find((u) => u.role === 'owner')!;
  const session = await signIn(url, owner.email, owner.password);
  const overview = await api<BomboraOverview>(session, '/api/integrations/bombora');
  if (overview.settings.configured) return 0;
  const vars = readDevVars();
  if (!vars.BOMBORA_CLIENT_ID || !vars.BOMBORA_CLIENT_SECRET) return 0;
  await api(session, '/api/integrations/bombora', 'PUT', {
    credentials: { clientId: vars.BOMBORA_CLIENT_ID, clientSecret: vars.BOMBORA_CLIENT_SECRET },
    enabled: true,
  });
  const { topics } = await api<IntentTopicList>(session, '/api/intent/topics');
  const idOf = (name: string) => topics.find((t) => t.name === name)?.id;
  const chosen = TOPICS.map(idOf).filter((id): id is string => id !== undefined);
  // The demo's own companies only: a pull of a few thousand rows, done in seconds.
  await api(session, '/api/integrations/bombora', 'PUT', {
    topicIds: chosen,
    onlyKnownDomains: true,
  });
  await api(session, '/api/intent/clusters', 'POST', {
    name: CLUSTER.name,
    topicIds: CLUSTER.topics.map(idOf).filter(Boolean),
    minTopics: CLUSTER.minTopics,
  });
  // Waited for, so the demo has intent data the moment the app says it is ready.
  const { runId } = await api<{ runId: string }>(session, '/api/integrations/bombora/sync', 'POST');
  for (let i = 0; i < 240; i++) {
    const run = await api<IntentSyncRun>(session, `/api/integrations/bombora/runs/${runId}`);
    if (run.status === 'succeeded') return run.rowsStored;
    if (run.status !== 'running' && run.status !== 'finalizing')
      throw new Error(`the first Bombora sync ended ${run.status}: ${run.error}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the first Bombora sync did not finish within a minute');
}
