import type { Permission } from '../../core/auth/permissions';
import { createApi } from '../api/app';
import { GUARDS, PUBLIC_ROUTES, type Requirement } from '../api/guard';

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

/**
 * A valid body for each route that takes one (any role or tenant check must be what refuses a
 * request in the matrices, not validation). A new POST/PATCH route without an entry fails the
 * matrix with a message saying so.
 */
export const VALID_BODIES: Record<string, () => unknown> = {
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
};

/**
 * Routes whose success depends on the object's state (a part of the right size, a failed chunk), which a fresh target cannot meet: the role matrix checks that the guard lets the
 * allowed roles through, and that the refusal is about the state, not the role.
 */
export const STATEFUL_ROUTES = new Set([
  'PUT /api/uploads/:id/parts/:n',
  'POST /api/uploads/:id/chunks/:n/replay',
]);

export function bodyFor(route: ApiRoute): unknown {
  if (route.method === 'GET' || route.method === 'DELETE') return undefined;
  const make = VALID_BODIES[route.key];
  if (!make)
    throw new Error(
      `Add a valid body for ${route.key} to VALID_BODIES in worker/test-support/routes.ts`,
    );
  return make();
}

/** Which kind of object a route's `:id` names, by the collection it sits under. */
export function idKindOf(path: string): 'member' | 'invitation' | 'token' | 'upload' | undefined {
  if (!path.includes(':id')) return undefined;
  if (path.startsWith('/api/uploads/')) return 'upload';
  if (path.startsWith('/api/members/')) return 'member';
  if (path.startsWith('/api/invitations/')) return 'invitation';
  if (path.startsWith('/api/tokens/')) return 'token';
  throw new Error(`Teach idKindOf in worker/test-support/routes.ts which object ${path} addresses`);
}
