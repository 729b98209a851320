import { Hono } from 'hono';
import { z } from 'zod';
import {
  DestinationInputSchema,
  DestinationPatchSchema,
  DsrInputSchema,
  ExportInputSchema,
  ExportPatchSchema,
  Uid2SettingsInputSchema,
} from '../../core/contracts/activation';
import { AppError } from '../lib/errors';
import { startIdentityRun } from '../services/identity-map';
import { handleDataSubjectRequest, listDataSubjectRequests } from '../services/privacy';
import { startExportRun } from '../services/ttd-export';
import {
  audienceExportStatuses,
  deleteDestination,
  deleteExport,
  getExport,
  getExportRun,
  listDestinations,
  listExportRuns,
  listExports,
  reachEstimate,
  saveDestination,
  saveExport,
  setTimeZone,
} from '../services/ttd-views';
import { listIdentityRuns, saveUid2Settings, uid2Overview } from '../services/uid2-settings';
import type { ApiEnv } from './context';
import { requires } from './guard';
import { jsonBody, queryOf } from './validate';

const LimitSchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

const UID2_REFUSALS = {
  not_configured: [409, 'Connect UID2 (API key and client secret) and switch it on first'],
  already_running: [409, 'A UID2 mapping run is already running for this organisation'],
} as const;

/** UID2 identity resolution, The Trade Desk destinations and exports, reach, privacy requests. */
export const activationRoutes = new Hono<ApiEnv>()
  .get('/integrations/uid2', requires('integration:view'), async (c) =>
    c.json(await uid2Overview(c.get('deps'), c.get('tenant'))),
  )
  .put(
    '/integrations/uid2',
    requires('integration:configure'),
    jsonBody(Uid2SettingsInputSchema),
    async (c) =>
      c.json(
        await saveUid2Settings(c.get('deps'), c.get('tenant'), c.get('actor'), c.req.valid('json')),
      ),
  )
  .post('/integrations/uid2/runs', requires('integration:sync'), async (c) => {
    const outcome = await startIdentityRun(c.get('deps'), c.get('tenant').orgId, {
      trigger: 'manual',
      actor: c.get('actor'),
    });
    if (!outcome.ok) {
      const [status, message] = UID2_REFUSALS[outcome.reason];
      throw new AppError(status, outcome.reason, message);
    }
    return c.json({ runId: outcome.runId }, 202);
  })
  .get('/integrations/uid2/runs', requires('integration:view'), queryOf(LimitSchema), async (c) =>
    c.json({ runs: await listIdentityRuns(c.get('tenant'), c.req.valid('query').limit) }),
  )
  .get('/ttd/destinations', requires('export:view'), async (c) =>
    c.json({ destinations: await listDestinations(c.get('tenant')) }),
  )
  .post(
    '/ttd/destinations',
    requires('integration:configure'),
    jsonBody(DestinationInputSchema),
    async (c) =>
      c.json(
        await saveDestination(
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
    '/ttd/destinations/:id',
    requires('integration:configure'),
    jsonBody(DestinationPatchSchema),
    async (c) =>
      c.json(
        await saveDestination(
          c.get('deps'),
          c.get('tenant'),
          c.get('actor'),
          c.req.param('id'),
          c.req.valid('json'),
        ),
      ),
  )
  .delete('/ttd/destinations/:id', requires('integration:configure'), async (c) => {
    await deleteDestination(c.get('deps'), c.get('tenant'), c.get('actor'), c.req.param('id'));
    return c.body(null, 204);
  })
  .get(
    '/ttd/exports',
    requires('export:view'),
    queryOf(z.object({ audienceId: z.string().min(1).optional() })),
    async (c) => c.json(await listExports(c.get('tenant'), c.req.valid('query').audienceId)),
  )
  .post('/ttd/exports', requires('export:schedule'), jsonBody(ExportInputSchema), async (c) =>
    c.json(
      await saveExport(c.get('deps'), c.get('tenant'), c.get('actor'), null, c.req.valid('json')),
      201,
    ),
  )
  .get('/ttd/exports/:id', requires('export:view'), async (c) =>
    c.json(await getExport(c.get('tenant'), c.req.param('id'))),
  )
  .patch('/ttd/exports/:id', requires('export:schedule'), jsonBody(ExportPatchSchema), async (c) =>
    c.json(
      await saveExport(
        c.get('deps'),
        c.get('tenant'),
        c.get('actor'),
        c.req.param('id'),
        c.req.valid('json'),
      ),
    ),
  )
  .delete('/ttd/exports/:id', requires('export:schedule'), async (c) => {
    await deleteExport(c.get('deps'), c.get('tenant'), c.get('actor'), c.req.param('id'));
    return c.body(null, 204);
  })
  .post('/ttd/exports/:id/runs', requires('export:run'), async (c) => {
    const outcome = await startExportRun(c.get('deps'), c.get('tenant').orgId, c.req.param('id'), {
      trigger: 'manual',
      actor: c.get('actor'),
    });
    if (!outcome.ok) throw new AppError(409, 'already_running', 'This export is already running');
    return c.json({ runId: outcome.runId }, 202);
  })
  .get('/ttd/exports/:id/runs', requires('export:view'), queryOf(LimitSchema), async (c) =>
    c.json({
      runs: await listExportRuns(c.get('tenant'), c.req.param('id'), c.req.valid('query').limit),
    }),
  )
  .get('/ttd/runs/:id', requires('export:view'), async (c) =>
    c.json(await getExportRun(c.get('tenant'), c.req.param('id'))),
  )
  .get('/ttd/audience-status', requires('export:view'), async (c) =>
    c.json({ statuses: await audienceExportStatuses(c.get('tenant')) }),
  )
  .put(
    '/organization/time-zone',
    requires('organization:update'),
    jsonBody(z.object({ timeZone: z.string().min(1).max(64) })),
    async (c) =>
      c.json(
        await setTimeZone(
          c.get('deps'),
          c.get('tenant'),
          c.get('actor'),
          c.req.valid('json').timeZone,
        ),
      ),
  )
  .get('/audiences/:id/reach', requires('audience:view'), async (c) =>
    c.json(await reachEstimate(c.get('deps'), c.get('tenant'), c.req.param('id'))),
  )
  .post('/privacy/requests', requires('privacy:request'), jsonBody(DsrInputSchema), async (c) =>
    c.json(
      await handleDataSubjectRequest(
        c.get('deps'),
        c.get('tenant'),
        c.get('actor'),
        c.req.valid('json'),
      ),
      201,
    ),
  )
  .get('/privacy/requests', requires('privacy:request'), async (c) =>
    c.json({ requests: await listDataSubjectRequests(c.get('tenant')) }),
  );
