import { exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import type { Role } from '../../core/auth/permissions';
import { memberships, sessions } from '../db/schema';
import { testDb } from './db';
import { eq } from 'drizzle-orm';

export const ORIGIN = 'http://app.test';

/** A request to the Worker as a browser on our own origin would send it. */
export function call(
  path: string,
  init: RequestInit & { cookie?: string; token?: string; json?: unknown } = {},
) {
  const { cookie, token, json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (cookie) headers.set('cookie', cookie);
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (json !== undefined) headers.set('content-type', 'application/json');
  if (rest.method && rest.method !== 'GET' && !headers.has('origin')) headers.set('origin', ORIGIN);
  // Cloudflare sets the client IP; each test client gets its own so rate limits don't collide.
  if (!headers.has('cf-connecting-ip')) headers.set('cf-connecting-ip', randomIp());
  return exports.default.fetch(
    new Request(`${ORIGIN}${path}`, {
      ...rest,
      headers,
      body: json === undefined ? rest.body : JSON.stringify(json),
    }),
  );
}

/** `name=value; name2=value2` from a response's Set-Cookie headers. */
export function cookieFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .filter((c) => c && !c.endsWith('='))
    .join('; ');
}

const randomIp = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;

let counter = 0;
export const uniqueEmail = (label = 'user') => `${label}-${Date.now()}-${counter++}@example.test`;

export interface TestUser {
  userId: string;
  email: string;
  password: string;
  cookie: string;
}

export async function signUp(label = 'user'): Promise<TestUser> {
  const email = uniqueEmail(label);
  const password = 'correct horse battery staple';
  const response = await call('/api/auth/sign-up/email', {
    method: 'POST',
    json: { name: `Test ${label}`, email, password },
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const body = (await response.json()) as { user: { id: string } };
  return { userId: body.user.id, email, password, cookie: cookieFrom(response) };
}

export async function createOrg(user: TestUser, name = 'Org'): Promise<string> {
  const response = await call('/api/orgs', { method: 'POST', cookie: user.cookie, json: { name } });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { orgId: string }).orgId;
}

/** A new user who is a member of `orgId` with `role`, working in it. */
export async function memberOf(
  orgId: string,
  role: Role,
  label: string = role,
): Promise<TestUser & { memberId: string }> {
  const user = await signUp(label);
  const memberId = `mem-${crypto.randomUUID()}`;
  await testDb().insert(memberships).values({ id: memberId, orgId, userId: user.userId, role });
  await testDb()
    .update(sessions)
    .set({ activeOrganizationId: orgId })
    .where(eq(sessions.userId, user.userId));
  return { ...user, memberId };
}

export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
