import { beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES, type Role } from '../../core/auth/permissions';
import { call, createOrg, json, memberOf, signUp, type TestUser } from '../test-support/accounts';
import {
  apiRoutes,
  bodyFor,
  idKindOf,
  insertExportRun,
  insertIntentRun,
  isPermission,
  MATRIX_CLUSTER,
  MATRIX_DEFINITION,
  MATRIX_DESTINATION,
  MATRIX_EXPORT,
  STATEFUL_ROUTES,
  type IdKind,
} from '../test-support/routes';
import { createUpload, sendParts } from '../test-support/uploads';

/**
 * The role matrix: every permission-guarded route (read from the router), called by a member of
 * each role. Allowed roles get past the guard; the others get 403 `forbidden`. Targets are fresh
 * viewer-level objects, so what refuses is the role, never the object.
 */
let owner: TestUser;
let orgId: string;
const members = {} as Record<Role, TestUser>;
/** Two audiences of the organisation for the routes whose body names audiences (overlap). */
const refs = { audiences: [] as string[], destinations: [] as string[] };

beforeAll(async () => {
  owner = await signUp('roles-owner');
  orgId = await createOrg(owner, 'Roles Co');
  members.owner = owner;
  for (const role of ['admin', 'editor', 'viewer'] as const)
    members[role] = await memberOf(orgId, role, `roles-${role}`);
  for (let i = 0; i < 2; i++) refs.audiences.push(await freshAudience());
  refs.destinations.push(await created('/api/ttd/destinations', MATRIX_DESTINATION()));
});

async function created(path: string, body: unknown): Promise<string> {
  const response = await call(path, { method: 'POST', cookie: owner.cookie, json: body });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await json<{ id: string }>(response)).id;
}

/** A valid audience with version 1 saved (so version routes have a version to address). */
async function freshAudience(): Promise<string> {
  const id = await created('/api/audiences', {
    name: `Target ${crypto.randomUUID()}`,
    definition: MATRIX_DEFINITION,
  });
  const saved = await call(`/api/audiences/${id}/versions`, {
    method: 'POST',
    cookie: owner.cookie,
    json: {},
  });
  expect(saved.status, await saved.clone().text()).toBe(201);
  return id;
}

/** A sniffed upload (part 1 in) of a two-part file; finished when the route streams until then. */
async function freshUpload(routeKey: string): Promise<string> {
  const bytes = new TextEncoder().encode(
    `email,first name\r\n${Array.from({ length: 5000 }, (_, i) => `p${i}@example.com,P${i}`).join('\r\n')}\r\n`,
  );
  const { upload } = await createUpload(owner, 'target.csv', bytes);
  await sendParts(owner, upload, bytes, [1]);
  if (routeKey === 'GET /api/uploads/:id/events')
    await call(`/api/uploads/${upload.id}/cancel`, { method: 'POST', cookie: owner.cookie });
  return upload.id;
}

async function freshTarget(kind: IdKind, routeKey: string): Promise<string> {
  if (kind === 'upload') return freshUpload(routeKey);
  if (kind === 'audience') return freshAudience();
  if (kind === 'folder') return created('/api/audience-folders', { name: 'Target folder' });
  if (kind === 'template')
    return created('/api/audience-templates', {
      name: `Target ${crypto.randomUUID()}`,
      definition: MATRIX_DEFINITION,
    });
  if (kind === 'member') return (await memberOf(orgId, 'viewer', 'roles-target')).memberId;
  if (kind === 'cluster') return created('/api/intent/clusters', MATRIX_CLUSTER());
  if (kind === 'intentRun') return insertIntentRun(orgId);
  if (kind === 'destination') return created('/api/ttd/destinations', MATRIX_DESTINATION());
  if (kind === 'export') return created('/api/ttd/exports', MATRIX_EXPORT(refs));
  if (kind === 'exportRun')
    return insertExportRun(orgId, await created('/api/ttd/exports', MATRIX_EXPORT(refs)));
  if (kind === 'invitation') {
    const response = await call('/api/invitations', {
      method: 'POST',
      cookie: owner.cookie,
      json: { email: `target-${crypto.randomUUID()}@example.test`, role: 'viewer' },
    });
    return (await json<{ id: string }>(response)).id;
  }
  const response = await call('/api/tokens', {
    method: 'POST',
    cookie: owner.cookie,
    json: { name: 'target', role: 'viewer' },
  });
  return (await json<{ token: { id: string } }>(response)).token.id;
}

describe('the role matrix', () => {
  const guarded = apiRoutes().filter((r) => isPermission(r.requirement));

  it('covers routes for every area that has them', () => {
    expect(guarded.length).toBeGreaterThanOrEqual(10);
  });

  for (const route of guarded) {
    const permission = route.requirement as Parameters<typeof can>[1];
    for (const role of ROLES) {
      const allowed = can(role, permission);
      it(`${route.key} (${permission}) as ${role}: ${allowed ? 'allowed' : 'forbidden'}`, async () => {
        const kind = idKindOf(route.path);
        const path = kind
          ? route.path.replace(':id', await freshTarget(kind, route.key)).replace(':n', '1')
          : route.path;
        const body = bodyFor(route, refs);
        const response = await call(path, {
          method: route.method,
          cookie: members[role].cookie,
          ...(body === undefined ? {} : { json: body }),
        });
        const text = await response.text();
        if (allowed && STATEFUL_ROUTES.has(route.key)) {
          expect([400, 409], text).toContain(response.status);
          expect(text).not.toContain('"code":"forbidden"');
        } else if (allowed) {
          expect(response.status, text).toBeLessThan(300);
        } else {
          expect(response.status, text).toBe(403);
          expect(text).toContain('"code":"forbidden"');
        }
      });
    }
  }
});
