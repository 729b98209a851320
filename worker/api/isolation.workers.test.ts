import { exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  apiTokens,
  audiences,
  invitations,
  memberships,
  organizations,
  ttdDestinations,
  ttdExports,
  uploads,
} from '../db/schema';
import { roomNameFor } from '../rooms';
import { call, createOrg, json, memberOf, signUp, type TestUser } from '../test-support/accounts';
import { testDb } from '../test-support/db';
import { contactsFile, importFile } from '../test-support/uploads';
import {
  apiRoutes,
  bodyFor,
  ID_KINDS,
  idKindOf,
  insertExportRun,
  insertIntentRun,
  MATRIX_CLUSTER,
  MATRIX_DEFINITION,
  type IdKind,
} from '../test-support/routes';

/**
 * The isolation matrix: every API route, read from the router, called by a member of organisation
 * B (its owner — the most powerful role) against organisation A's objects. Each is refused with
 * 404 or 403, leaks none of A's identifiers, and changes nothing of A's.
 */
let ownerA: TestUser;
let orgA: string;
let ownerB: TestUser;
let orgB: string;
const a = {
  member: '',
  invitation: '',
  token: '',
  upload: '',
  audience: '',
  audience2: '',
  folder: '',
  template: '',
  cluster: '',
  intentRun: '',
  destination: '',
  export: '',
  exportRun: '',
  memberEmail: '',
  tokenSecret: '',
};
const ORG_A_NAME = 'Alpha Tenant Secret Co';
const AUDIENCE_A_NAME = 'Alpha Secret Audience';
const ALPHA_TTD_SECRET = 'alpha-ttd-advertiser-secret-key';

beforeAll(async () => {
  ownerA = await signUp('iso-a');
  orgA = await createOrg(ownerA, ORG_A_NAME);
  const editorA = await memberOf(orgA, 'editor', 'iso-a-editor');
  a.member = editorA.memberId;
  a.memberEmail = editorA.email;
  const invited = await json<{ id: string }>(
    await call('/api/invitations', {
      method: 'POST',
      cookie: ownerA.cookie,
      json: { email: 'iso-a-invitee@example.test', role: 'viewer' },
    }),
  );
  a.invitation = invited.id;
  const token = await json<{ token: { id: string }; secret: string }>(
    await call('/api/tokens', {
      method: 'POST',
      cookie: ownerA.cookie,
      json: { name: 'A token', role: 'viewer' },
    }),
  );
  a.token = token.token.id;
  a.tokenSecret = token.secret;
  const file = contactsFile(50, 'iso');
  a.upload = (await importFile(ownerA, 'alpha-secret-list.csv', file.bytes)).id;
  const created = async (path: string, body: unknown) =>
    (
      await json<{ id: string }>(
        await call(path, { method: 'POST', cookie: ownerA.cookie, json: body }),
      )
    ).id;
  a.folder = await created('/api/audience-folders', { name: 'Alpha folder' });
  a.audience = await created('/api/audiences', {
    name: AUDIENCE_A_NAME,
    folderId: a.folder,
    tags: ['alpha-secret-tag'],
    definition: MATRIX_DEFINITION,
  });
  await call(`/api/audiences/${a.audience}/versions`, {
    method: 'POST',
    cookie: ownerA.cookie,
    json: {},
  });
  a.audience2 = await created('/api/audiences', {
    name: 'Alpha second',
    definition: MATRIX_DEFINITION,
  });
  a.template = await created('/api/audience-templates', {
    name: 'Alpha template',
    definition: MATRIX_DEFINITION,
  });
  a.cluster = await created('/api/intent/clusters', { ...MATRIX_CLUSTER(), name: 'Alpha cluster' });
  a.intentRun = await insertIntentRun(orgA);
  a.destination = await created('/api/ttd/destinations', {
    name: 'Alpha destination',
    advertiserId: 'alpha-advertiser',
    region: 'euw',
    authMode: 'signature',
    secret: ALPHA_TTD_SECRET,
  });
  a.export = await created('/api/ttd/exports', {
    name: 'Alpha export',
    destinationId: a.destination,
    audiences: [{ audienceId: a.audience, segmentName: 'Alpha secret segment' }],
    ttlDays: 30,
    schedule: '0 6 * * 1',
  });
  a.exportRun = await insertExportRun(orgA, a.export);
  ownerB = await signUp('iso-b');
  orgB = await createOrg(ownerB, 'Bravo');
});

const fill = (path: string, ids: Record<IdKind, string>) => {
  const kind = idKindOf(path);
  return (kind ? path.replace(':id', ids[kind]) : path).replace(':n', '1');
};

function leaks(text: string): string[] {
  return [
    orgA,
    ORG_A_NAME,
    a.member,
    a.upload,
    'alpha-secret-list',
    a.audience,
    a.audience2,
    a.folder,
    a.template,
    a.cluster,
    'Alpha cluster',
    a.intentRun,
    a.destination,
    a.export,
    a.exportRun,
    'Alpha destination',
    'alpha-advertiser',
    ALPHA_TTD_SECRET,
    'Alpha export',
    'Alpha secret segment',
    AUDIENCE_A_NAME,
    'alpha-secret-tag',
    'person1.iso@example.com',
    a.memberEmail,
    a.invitation,
    a.token,
    ownerA.email,
    ownerA.userId,
  ].filter((secret) => text.includes(secret));
}

describe('the isolation matrix', () => {
  const routes = apiRoutes();

  it('finds the routes from the router (and they are the ones we expect at least)', () => {
    const keys = routes.map((r) => r.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'GET /api/audiences/:id',
        'POST /api/audiences/overlap',
        'DELETE /api/audience-folders/:id',
        'GET /api/members',
        'DELETE /api/tokens/:id',
        'GET /api/audit',
        'POST /api/invitations/:id/accept',
      ]),
    );
  });

  it('every route is either public or declares what it requires', () => {
    expect(routes.filter((r) => r.requirement === undefined).map((r) => r.key)).toEqual([]);
  });

  for (const route of apiRoutes().filter((r) => r.requirement !== 'public')) {
    it(`${route.key}: refuses a request without credentials`, async () => {
      const body = bodyFor(route);
      const response = await call(
        fill(
          route.path,
          Object.fromEntries(ID_KINDS.map((k) => [k, 'x'])) as Record<IdKind, string>,
        ),
        {
          method: route.method,
          ...(body === undefined ? {} : { json: body }),
        },
      );
      expect(response.status).toBe(401);
    });

    it(`${route.key}: organisation B cannot reach organisation A`, async () => {
      const body =
        route.key === 'POST /api/orgs/active'
          ? { orgId: orgA }
          : bodyFor(route, { audiences: [a.audience, a.audience2], destinations: [a.destination] });
      const path = fill(route.path, a);
      const response = await call(path, {
        method: route.method,
        cookie: ownerB.cookie,
        ...(body === undefined ? {} : { json: body }),
      });
      const text = await response.text();
      expect(leaks(text), `${route.key} leaked A's data: ${text}`).toEqual([]);
      if (idKindOf(route.path) || route.key === 'POST /api/orgs/active') {
        expect([403, 404]).toContain(response.status);
        // The refusal for A's object is the same as for an object that does not exist at all.
        const ghost = await call(
          fill(
            route.path,
            Object.fromEntries(ID_KINDS.map((k) => [k, 'ghost'])) as Record<IdKind, string>,
          ),
          {
            method: route.method,
            cookie: ownerB.cookie,
            ...(body === undefined || route.key === 'POST /api/orgs/active'
              ? body === undefined
                ? {}
                : { json: { orgId: 'ghost' } }
              : { json: body }),
          },
        );
        expect(ghost.status).toBe(response.status);
        const strip = (t: string) => t.replace(/"requestId":"[^"]+"/, '');
        expect(strip(await ghost.text())).toBe(strip(text));
      } else {
        // Collection routes act on B's own organisation.
        expect(response.status).toBeLessThan(500);
      }
    });
  }

  it("leaves every one of A's objects as it was", async () => {
    const db = testDb();
    expect(await db.select().from(memberships).where(eq(memberships.id, a.member))).toHaveLength(1);
    expect(
      (await db.select().from(invitations).where(eq(invitations.id, a.invitation)))[0]?.status,
    ).toBe('pending');
    expect(
      (await db.select().from(apiTokens).where(eq(apiTokens.id, a.token)))[0]?.revokedAt,
    ).toBeNull();
    expect((await db.select().from(uploads).where(eq(uploads.id, a.upload)))[0]?.status).toBe(
      'completed_with_errors',
    );
    expect(
      (await db.select().from(audiences).where(eq(audiences.id, a.audience)))[0],
    ).toMatchObject({
      name: AUDIENCE_A_NAME,
      status: 'active',
      version: 1,
      description: null,
      folderId: a.folder,
    });
    expect(
      (await db.select().from(ttdDestinations).where(eq(ttdDestinations.id, a.destination)))[0],
    ).toMatchObject({ name: 'Alpha destination', failureAlertPercent: 5 });
    expect(
      (await db.select().from(ttdExports).where(eq(ttdExports.id, a.export)))[0],
    ).toMatchObject({ name: 'Alpha export', ttlMinutes: 30 * 1440 });
    expect(
      (await db.select().from(organizations).where(eq(organizations.id, orgA)))[0]?.timeZone,
    ).toBe('UTC');
  });

  it("refuses A's token for B's routes: a token only ever sees its own organisation", async () => {
    const members = await json<{ members: Array<{ email: string }> }>(
      await call('/api/members', { token: a.tokenSecret }),
    );
    expect(members.members.map((m) => m.email)).not.toContain(ownerB.email);
    expect(orgB).toBeTruthy();
  });

  it("B cannot join A's audience rooms", async () => {
    const response = await exports.default.fetch(
      new Request(`http://app.test/parties/audience-room/${roomNameFor(orgA, 'any-audience')}`, {
        headers: { Upgrade: 'websocket', cookie: ownerB.cookie },
      }),
    );
    expect(response.status).toBe(404);
    expect(leaks(await response.text())).toEqual([]);
  });
});
