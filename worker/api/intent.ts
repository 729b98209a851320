import { Hono } from 'hono';
import { z } from 'zod';
import {
  BomboraSettingsInputSchema,
  IntentClusterInputSchema,
  IntentRunsQuerySchema,
} from '../../core/contracts/intent';
import { AppError } from '../lib/errors';
import { saveBomboraSettings } from '../services/bombora-settings';
import { startIntentSync } from '../services/intent-sync';
import {
  bomboraOverview,
  deleteIntentCluster,
  getIntentRun,
  listIntentClusters,
  listIntentRuns,
  listIntentTopics,
  saveIntentCluster,
  surgingView,
} from '../services/intent-views';
import type { ApiEnv } from './context';
import { requires } from './guard';
import { jsonBody, queryOf } from './validate';

const START_REFUSALS = {
  not_configured: [400, 'Connect Bombora (credentials) and switch it on first'],
  no_topics: [400, 'Choose the intent topics to pull first'],
  already_running: [409, 'A sync is already running for this organisation'],
  up_to_date: [409, 'This week’s dataset is already loaded'],
} as const;

/** Bombora: the organisation's connection, sync runs, topics, clusters and what is surging. */
export const intentRoutes = new Hono<ApiEnv>()
  .get('/integrations/bombora', requires('integration:view'), async (c) =>
    c.json(await bomboraOverview(c.get('deps'), c.get('tenant'))),
  )
  .put(
    '/integrations/bombora',
    requires('integration:configure'),
    jsonBody(BomboraSettingsInputSchema),
    async (c) =>
      c.json(
        await saveBomboraSettings(
          c.get('deps'),
          c.get('tenant'),
          c.get('actor'),
          c.req.valid('json'),
        ),
      ),
  )
  .post('/integrations/bombora/sync', requires('integration:sync'), async (c) => {
    const outcome = await startIntentSync(c.get('deps'), c.get('tenant').orgId, {
      trigger: 'manual',
      actor: c.get('actor'),
      force: true,
    });
    if (!outcome.ok) {
      const [status, message] = START_REFUSALS[outcome.reason];
      throw new AppError(status, outcome.reason, message);
    }
    return c.json({ runId: outcome.runId }, 202);
  })
  .get(
    '/integrations/bombora/runs',
    requires('integration:view'),
    queryOf(IntentRunsQuerySchema),
    async (c) => c.json(await listIntentRuns(c.get('tenant'), c.req.valid('query'))),
  )
  .get('/integrations/bombora/runs/:id', requires('integration:view'), async (c) =>
    c.json(await getIntentRun(c.get('tenant'), c.req.param('id'))),
  )
  .get('/intent/topics', requires('audience:view'), async (c) =>
    c.json(await listIntentTopics(c.get('tenant'))),
  )
  .get(
    '/intent/surging',
    requires('integration:view'),
    queryOf(z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) })),
    async (c) => c.json(await surgingView(c.get('tenant'), c.req.valid('query').limit)),
  )
  .get('/intent/clusters', requires('audience:view'), async (c) =>
    c.json(await listIntentClusters(c.get('tenant'))),
  )
  .post(
    '/intent/clusters',
    requires('integration:configure'),
    jsonBody(IntentClusterInputSchema),
    async (c) =>
      c.json(
        await saveIntentCluster(
          c.get('deps'),
          c.get('tenant'),
          c.get('actor'),
          null,
          c.req.valid('json'),
        ),
        201,
      ),
  )
  .patch(
    '/intent/clusters/:id',
    requires('integration:configure'),
    jsonBody(IntentClusterInputSchema),
    async (c) =>
      c.json(
        await saveIntentCluster(
          c.get('deps'),
          c.get('tenant'),
          c.get('actor'),
          c.req.param('id'),
          c.req.valid('json'),
        ),
      ),
  )
  .delete('/intent/clusters/:id', requires('integration:configure'), async (c) => {
    await deleteIntentCluster(c.get('deps'), c.get('tenant'), c.get('actor'), c.req.param('id'));
    return c.body(null, 204);
  });
