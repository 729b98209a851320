import type { Definition } from '../../core/audience/definition';
import { printDefinition } from '../../core/audience/text-form';
import type { Permission } from '../../core/auth/permissions';
import { createApi } from '../api/app';
import { GUARDS, PUBLIC_ROUTES, type Requirement } from '../api/guard';
import { intentSyncRuns, ttdExportRuns } from '../db/schema';
import { testDb } from './db';

export interface ApiRoute {
  key: string;
  method: string;
  path: string;
  requirement: Requirement | 'public' | undefined;
}

/** Every endpoint of the API, read from the router itself — a new route joins the matrices unasked. */
export function apiRoutes(): ApiRoute[] {
  const byKey = new Map<string, ApiRoute>();
  for (const route of createApi().routes) {
    if (route.method === 'ALL') continue; // middleware registered with use()
    const key = `${route.method} ${route.path}`;
    const entry = byKey.get(key) ?? {
      key,
      method: route.method,
      path: route.path,
      requirement: PUBLIC_ROUTES.has(key) ? 'public' : undefined,
    };
    const guard = GUARDS.get(route.handler as never);
    if (guard) entry.requirement = guard;
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

export const isPermission = (r: ApiRoute['requirement']): r is Permission =>
  !!r && r !== 'public' && r !== 'signed-in';

/** A small valid definition (people in Great Britain) for the matrices and tests. */
export const MATRIX_DEFINITION: Definition = {
  version: 1,
  root: {
    id: 'root',
    kind: 'group',
    op: 'and',
    children: [{ id: 'gb', kind: 'rule', field: 'country', op: 'eq', value: 'GB' }],
  },
};

/** Names for the text form when a definition names no list, audience or topic. */
export const NO_NAMES = {
  listName: () => undefined,
  listIdsByName: () => [],
  audienceName: () => undefined,
  audienceIdsByName: () => [],
  topicName: () => undefined,
  topicIdsByName: () => [],
};

/** Objects of the organisation under test that a body may name (overlap takes audience ids). */
export interface BodyRefs {
  audiences: string[];
  /** A Trade Desk destination of the organisation (export bodies name one). */
  destinations?: string[];
}

/**
 * A valid body for each route that takes one (any role or tenant check must be what refuses a
 * request in the matrices, not validation). A new POST/PATCH route without an entry fails the
 * matrix with a message saying so.
 */
export const VALID_BODIES: Record<string, (refs: BodyRefs) => unknown> = {
  'POST /api/orgs': () => ({ name: 'Matrix Org' }),
  'POST /api/orgs/active': () => ({ orgId: 'replaced-by-test' }),
  'PATCH /api/members/:id': () => ({ role: 'viewer' }),
  'POST /api/invitations': () => ({
    email: `matrix-${crypto.randomUUID()}@example.test`,
    role: 'viewer',
  }),
  'POST /api/tokens': () => ({ name: 'Matrix token', role: 'viewer' }),
  'POST /api/invitations/:id/accept': () => ({}),
  'POST /api/uploads': () => ({
    name: 'matrix.csv',
    sizeBytes: 120,
    lastModified: 0,
    fingerprint: [...crypto.getRandomValues(new Uint8Array(32))]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join(''),
  }),
  'PUT /api/uploads/:id/parts/:n': () => ({}),
  'POST /api/uploads/:id/complete': () => ({}),
  'POST /api/uploads/:id/process': () => ({ mapping: ['email', 'first_name'] }),
  'POST /api/uploads/:id/cancel': () => ({}),
  'POST /api/uploads/:id/chunks/:n/replay': () => ({}),
  'POST /api/audiences': () => ({
    name: `Matrix audience ${crypto.randomUUID()}`,
    definition: MATRIX_DEFINITION,
  }),
  'POST /api/audiences/estimate': () => ({ definition: MATRIX_DEFINITION }),
  'POST /api/audiences/overlap': (refs) => ({ audienceIds: refs.audiences }),
  'POST /api/audiences/parse': () => ({ text: printDefinition(MATRIX_DEFINITION, NO_NAMES) }),
  'PATCH /api/audiences/:id': () => ({ description: 'Changed by the matrix' }),
  'POST /api/audiences/:id/duplicate': () => ({}),
  'POST /api/audiences/:id/archive': () => ({}),
  'POST /api/audiences/:id/unarchive': () => ({}),
  'POST /api/audiences/:id/versions': () => ({ note: 'matrix' }),
  'POST /api/audiences/:id/versions/:n/restore': () => ({}),
  'POST /api/audience-folders': () => ({ name: 'Matrix folder' }),
  'PATCH /api/audience-folders/:id': () => ({ name: 'Renamed by the matrix' }),
  'POST /api/audience-templates': () => ({
    name: `Matrix template ${crypto.randomUUID()}`,
    definition: MATRIX_DEFINITION,
  }),
  // No credentials: nothing is sent to Bombora.
  'PUT /api/integrations/bombora': () => ({ surgeThreshold: 65 }),
  'POST /api/integrations/bombora/sync': () => ({}),
  'POST /api/intent/clusters': () => MATRIX_CLUSTER(),
  'PATCH /api/intent/clusters/:id': () => MATRIX_CLUSTER(),
  'PUT /api/integrations/uid2': () => ({ mapAfterUpload: false }),
  'POST /api/integrations/uid2/runs': () => ({}),
  'POST /api/ttd/destinations': () => MATRIX_DESTINATION(),
  'PATCH /api/ttd/destinations/:id': () => ({ failureAlertPercent: 10 }),
  'POST /api/ttd/exports': (refs) => MATRIX_EXPORT(refs),
  'PATCH /api/ttd/exports/:id': () => ({ ttlDays: 10 }),
  'POST /api/ttd/exports/:id/runs': () => ({}),
  'PUT /api/organization/time-zone': () => ({ timeZone: 'Europe/London' }),
  'POST /api/privacy/requests': () => ({ action: 'optout', email: 'matrix-person@example.com' }),
};

/** A Trade Desk destination (token auth; the token is never used by the matrices). */
export const MATRIX_DESTINATION = () => ({
  name: `Matrix destination ${crypto.randomUUID()}`,
  advertiserId: 'p360local',
  region: 'usw',
  authMode: 'token',
  secret: 'matrix-ttd-token-not-used',
});

/** An export of the first audience to the first destination, with a unique segment name. */
export const MATRIX_EXPORT = (refs: BodyRefs) => ({
  name: `Matrix export ${crypto.randomUUID()}`,
  destinationId: refs.destinations?.[0] ?? 'no-destination',
  audiences: [
    { audienceId: refs.audiences[0] ?? 'x', segmentName: `Matrix ${crypto.randomUUID()}` },
  ],
  ttlDays: 30,
  schedule: '0 6 * * 1',
});

/** A valid topic cluster (cluster topics are not checked against the taxonomy). */
export const MATRIX_CLUSTER = () => ({
  name: `Matrix cluster ${crypto.randomUUID()}`,
  topicIds: ['1333001', '1333002'],
  minTopics: 1,
});

/**
 * Routes whose success depends on the object's state (a part of the right size, a failed chunk), which a fresh target cannot meet: the role matrix checks that the guard lets the
 * allowed roles through, and that the refusal is about the state, not the role.
 */
export const STATEFUL_ROUTES = new Set([
  'PUT /api/uploads/:id/parts/:n',
  'POST /api/uploads/:id/chunks/:n/replay',
  // A fresh organisation has no Bombora connection: 400 not_configured.
  'POST /api/integrations/bombora/sync',
  // Nor a UID2 connection: saving options first needs credentials (400), mapping 409.
  'PUT /api/integrations/uid2',
  'POST /api/integrations/uid2/runs',
]);

export function bodyFor(route: ApiRoute, refs: BodyRefs = { audiences: ['x', 'y'] }): unknown {
  if (route.method === 'GET' || route.method === 'DELETE') return undefined;
  const make = VALID_BODIES[route.key];
  if (!make)
    throw new Error(
      `Add a valid body for ${route.key} to VALID_BODIES in worker/test-support/routes.ts`,
    );
  return make(refs);
}

export const ID_KINDS = [
  'member',
  'invitation',
  'token',
  'upload',
  'audience',
  'folder',
  'template',
  'cluster',
  'intentRun',
  'destination',
  'export',
  'exportRun',
] as const;
export type IdKind = (typeof ID_KINDS)[number];

/** Which kind of object a route's `:id` names, by the collection it sits under. */
export function idKindOf(path: string): IdKind | undefined {
  if (!path.includes(':id')) return undefined;
  if (path.startsWith('/api/uploads/')) return 'upload';
  if (path.startsWith('/api/audiences/')) return 'audience';
  if (path.startsWith('/api/audience-folders/')) return 'folder';
  if (path.startsWith('/api/audience-templates/')) return 'template';
  if (path.startsWith('/api/members/')) return 'member';
  if (path.startsWith('/api/invitations/')) return 'invitation';
  if (path.startsWith('/api/tokens/')) return 'token';
  if (path.startsWith('/api/intent/clusters/')) return 'cluster';
  if (path.startsWith('/api/integrations/bombora/runs/')) return 'intentRun';
  if (path.startsWith('/api/ttd/destinations/')) return 'destination';
  if (path.startsWith('/api/ttd/exports/')) return 'export';
  if (path.startsWith('/api/ttd/runs/')) return 'exportRun';
  throw new Error(`Teach idKindOf in worker/test-support/routes.ts which object ${path} addresses`);
}

/** A finished Bombora sync run of `orgId` (run routes address one; a real run needs Bombora). */
export async function insertIntentRun(orgId: string): Promise<string> {
  const id = crypto.randomUUID();
  const now = Date.now();
  await testDb().insert(intentSyncRuns).values({
    id,
    orgId,
    week: '2026-11-23',
    trigger: 'manual',
    mode: 'intent',
    status: 'failed',
    error: 'matrix fixture',
    startedAt: now,
    finishedAt: now,
  });
  return id;
}

/** A finished export run of `exportId` (a real run needs audiences, UID2s and TTD). */
export async function insertExportRun(orgId: string, exportId: string): Promise<string> {
  const id = crypto.randomUUID();
  const now = Date.now();
  await testDb().insert(ttdExportRuns).values({
    id,
    orgId,
    exportId,
    trigger: 'manual',
    status: 'failed',
    audienceVersions: '[]',
    phase: 'done',
    error: 'matrix fixture',
    startedAt: now,
    finishedAt: now,
  });
  return id;
}
