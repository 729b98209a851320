import { Hono, type Context } from 'hono';
import {
  AudienceListQuerySchema,
  CreateAudienceSchema,
  CreateFolderSchema,
  CreateTemplateSchema,
  DiffQuerySchema,
  EstimateSchema,
  MembersQuerySchema,
  OverlapRequestSchema,
  ParseTextSchema,
  RestoreVersionSchema,
  SaveVersionSchema,
  SlowQueriesQuerySchema,
  UpdateAudienceSchema,
  UpdateFolderSchema,
} from '../../core/contracts/audiences';
import { AppError } from '../lib/errors';
import { createFolder, deleteFolder, folderTree, updateFolder } from '../services/audience-folders';
import {
  audienceStats,
  estimate,
  fields,
  overlap,
  parseText,
  slowQueries,
  sqlOf,
  textOf,
} from '../services/audience-insights';
import { exportMembers, previewMembers } from '../services/audience-members';
import { createTemplate, deleteTemplate, listTemplates } from '../services/audience-templates';
import {
  diffVersions,
  getVersion,
  listVersions,
  restoreVersion,
  saveVersion,
  sizeHistory,
} from '../services/audience-versions';
import {
  createAudience,
  deleteAudience,
  draftSize,
  duplicateAudience,
  getAudience,
  listAudiences,
  loadAudience,
  setArchived,
  tagCounts,
  updateAudience,
} from '../services/audiences';
import type { Definition } from '../../core/audience/definition';
import { getAudienceRoom, roomNameFor } from '../rooms';
import type { ApiEnv } from './context';
import { requires } from './guard';
import { jsonBody, queryOf } from './validate';

/** The user behind the request, or null for an API token (recorded as author/creator). */
function userOf(c: Context<ApiEnv>): string | null {
  const principal = c.get('principal');
  return principal.kind === 'user' ? principal.userId : null;
}

/**
 * A draft changed through the API (PATCH, restore) becomes an op in the audience's live room, so
 * co-editors see it and the room's draft never diverges from the stored one.
 */
async function tellRoom(c: Context<ApiEnv>, audienceId: string, definition: Definition) {
  const principal = c.get('principal');
  const room = await getAudienceRoom(c.env, roomNameFor(c.get('tenant').orgId, audienceId));
  await room.draftChangedOutside(definition, {
    actor: principal.kind === 'user' ? `user:${principal.userId}` : `token:${principal.tokenId}`,
    name: principal.kind === 'user' ? principal.name : 'API token',
  });
}

/** The arguments of a service call that writes: deps, tenant, audit actor (and the user). */
const asActor = (c: Context<ApiEnv>) => [c.get('deps'), c.get('tenant'), c.get('actor')] as const;
const asAuthor = (c: Context<ApiEnv>) => [...asActor(c), userOf(c)] as const;

function versionNumber(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new AppError(400, 'bad_version', 'Version numbers are whole numbers from 1');
  return n;
}

/**
 * Audiences: CRUD, versions, counts, overlap, members, text form, SQL and query stats. Static
 * paths (`/audiences/fields` …) are registered before `/audiences/:id` so they are not taken
 * for ids.
 */
export const audienceRoutes = new Hono<ApiEnv>()
  .get('/audiences/fields', requires('audience:view'), async (c) =>
    c.json(await fields(c.get('tenant'))),
  )
  .get('/audiences/tags', requires('audience:view'), async (c) =>
    c.json(await tagCounts(c.get('tenant'))),
  )
  .get(
    '/audiences/slow-queries',
    requires('audience:monitor'),
    queryOf(SlowQueriesQuerySchema),
    async (c) => c.json(await slowQueries(c.get('deps'), c.get('tenant'), c.req.valid('query'))),
  )
  .post('/audiences/estimate', requires('audience:view'), jsonBody(EstimateSchema), async (c) => {
    const { definition, audienceId } = c.req.valid('json');
    return c.json(await estimate(c.get('deps'), c.get('tenant'), definition, audienceId));
  })
  .post(
    '/audiences/overlap',
    requires('audience:view'),
    jsonBody(OverlapRequestSchema),
    async (c) => {
      const { audienceIds, priority } = c.req.valid('json');
      return c.json(await overlap(c.get('deps'), c.get('tenant'), audienceIds, priority));
    },
  )
  .post('/audiences/parse', requires('audience:view'), jsonBody(ParseTextSchema), async (c) =>
    c.json(await parseText(c.get('deps'), c.get('tenant'), c.req.valid('json').text)),
  )
  .get('/audiences', requires('audience:view'), queryOf(AudienceListQuerySchema), async (c) =>
    c.json(await listAudiences(c.get('tenant'), c.req.valid('query'))),
  )
  .post('/audiences', requires('audience:create'), jsonBody(CreateAudienceSchema), async (c) =>
    c.json(await createAudience(...asAuthor(c), c.req.valid('json')), 201),
  )
  .get('/audiences/:id', requires('audience:view'), async (c) =>
    c.json(await getAudience(c.get('deps'), c.get('tenant'), c.req.param('id'))),
  )
  .patch('/audiences/:id', requires('audience:edit'), jsonBody(UpdateAudienceSchema), async (c) => {
    const input = c.req.valid('json');
    const id = c.req.param('id');
    const updated = await updateAudience(...asAuthor(c), id, input);
    if (input.definition) await tellRoom(c, id, input.definition);
    return c.json(updated);
  })
  .delete('/audiences/:id', requires('audience:delete'), async (c) => {
    await deleteAudience(...asActor(c), c.req.param('id'));
    return c.body(null, 204);
  })
  .post('/audiences/:id/duplicate', requires('audience:create'), async (c) =>
    c.json(await duplicateAudience(...asAuthor(c), c.req.param('id')), 201),
  )
  .post('/audiences/:id/archive', requires('audience:edit'), async (c) =>
    c.json(await setArchived(...asAuthor(c), c.req.param('id'), true)),
  )
  .post('/audiences/:id/unarchive', requires('audience:edit'), async (c) =>
    c.json(await setArchived(...asAuthor(c), c.req.param('id'), false)),
  )
  .get('/audiences/:id/size', requires('audience:view'), async (c) => {
    const tenant = c.get('tenant');
    return c.json(
      await draftSize(c.get('deps'), tenant, await loadAudience(tenant, c.req.param('id'))),
    );
  })
  .get('/audiences/:id/history', requires('audience:view'), async (c) =>
    c.json(await sizeHistory(c.get('tenant'), c.req.param('id'))),
  )
  .get('/audiences/:id/versions', requires('audience:view'), async (c) =>
    c.json(await listVersions(c.get('tenant'), c.req.param('id'))),
  )
  .post(
    '/audiences/:id/versions',
    requires('audience:publish'),
    jsonBody(SaveVersionSchema),
    async (c) =>
      c.json(await saveVersion(...asAuthor(c), c.req.param('id'), c.req.valid('json').note), 201),
  )
  .get('/audiences/:id/versions/:n', requires('audience:view'), async (c) =>
    c.json(await getVersion(c.get('tenant'), c.req.param('id'), versionNumber(c.req.param('n')))),
  )
  .get(
    '/audiences/:id/versions/:n/diff',
    requires('audience:view'),
    queryOf(DiffQuerySchema),
    async (c) =>
      c.json(
        await diffVersions(
          c.get('deps'),
          c.get('tenant'),
          c.req.param('id'),
          versionNumber(c.req.param('n')),
          c.req.valid('query').to,
        ),
      ),
  )
  .post(
    '/audiences/:id/versions/:n/restore',
    requires('audience:publish'),
    jsonBody(RestoreVersionSchema),
    async (c) => {
      const id = c.req.param('id');
      const version = await restoreVersion(
        ...asAuthor(c),
        id,
        versionNumber(c.req.param('n')),
        c.req.valid('json').note,
      );
      await tellRoom(c, id, version.definition);
      return c.json(version, 201);
    },
  )
  .get(
    '/audiences/:id/members',
    requires('audience:view'),
    queryOf(MembersQuerySchema),
    async (c) =>
      c.json(
        await previewMembers(
          c.get('deps'),
          c.get('tenant'),
          c.req.param('id'),
          c.req.valid('query').limit,
        ),
      ),
  )
  .get('/audiences/:id/members.csv', requires('contact:export'), async (c) => {
    const download = await exportMembers(...asActor(c), c.req.param('id'));
    return new Response(download.body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${download.filename}"`,
        'cache-control': 'no-store',
      },
    });
  })
  .get('/audiences/:id/text', requires('audience:view'), async (c) =>
    c.json(await textOf(c.get('tenant'), c.req.param('id'))),
  )
  .get('/audiences/:id/sql', requires('audience:sql'), async (c) =>
    c.json(await sqlOf(c.get('deps'), c.get('tenant'), c.req.param('id'))),
  )
  .get('/audiences/:id/stats', requires('audience:view'), async (c) =>
    c.json(await audienceStats(c.get('deps'), c.get('tenant'), c.req.param('id'))),
  )
  // Folders
  .get('/audience-folders', requires('audience:view'), async (c) =>
    c.json(await folderTree(c.get('tenant'))),
  )
  .post('/audience-folders', requires('audience:edit'), jsonBody(CreateFolderSchema), async (c) =>
    c.json(await createFolder(...asActor(c), c.req.valid('json')), 201),
  )
  .patch(
    '/audience-folders/:id',
    requires('audience:edit'),
    jsonBody(UpdateFolderSchema),
    async (c) => c.json(await updateFolder(...asActor(c), c.req.param('id'), c.req.valid('json'))),
  )
  .delete('/audience-folders/:id', requires('audience:edit'), async (c) => {
    await deleteFolder(...asActor(c), c.req.param('id'));
    return c.body(null, 204);
  })
  // Templates
  .get('/audience-templates', requires('audience:view'), async (c) =>
    c.json(await listTemplates(c.get('deps'), c.get('tenant'))),
  )
  .post(
    '/audience-templates',
    requires('audience:create'),
    jsonBody(CreateTemplateSchema),
    async (c) => c.json(await createTemplate(...asAuthor(c), c.req.valid('json')), 201),
  )
  .delete('/audience-templates/:id', requires('audience:delete'), async (c) => {
    await deleteTemplate(...asActor(c), c.req.param('id'));
    return c.body(null, 204);
  });
