import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, devMail, memberships, sessions, users } from '../db/schema';
import {
  call,
  cookieFrom,
  createOrg,
  json,
  memberOf,
  signUp,
  uniqueEmail,
} from '../test-support/accounts';
import { testDb } from '../test-support/db';

const userCount = async () => (await testDb().select({ n: count() }).from(users))[0]?.n ?? 0;

describe('sign-up', () => {
  it('creates the account, signs in and sets an HttpOnly SameSite=Lax session cookie', async () => {
    const email = uniqueEmail('cookie');
    const response = await call('/api/auth/sign-up/email', {
      method: 'POST',
      json: { name: 'Ada', email, password: 'a long enough password' },
    });
    expect(response.status).toBe(200);
    const setCookie = response.headers
      .getSetCookie()
      .find((c) => c.startsWith('p360.session_token='));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i); // http://localhost-style origin; https origins get Secure
    const me = await call('/api/me', { cookie: cookieFrom(response) });
    expect(await json(me)).toMatchObject({ user: { email }, activeOrgId: null, memberships: [] });
  });

  it.each([
    ['a malformed email', { name: 'A', email: 'not-an-email', password: 'a long enough password' }],
    ['a weak password', { name: 'A', email: uniqueEmail('weak'), password: 'short' }],
    ['an overlong password', { name: 'A', email: uniqueEmail('long'), password: 'x'.repeat(129) }],
    [
      'an overlong name',
      { name: 'N'.repeat(101), email: uniqueEmail('longname'), password: 'a long enough password' },
    ],
    [
      'an overlong email',
      { name: 'A', email: `${'e'.repeat(250)}@example.test`, password: 'a long enough password' },
    ],
    [
      'an empty name',
      { name: '   ', email: uniqueEmail('blank'), password: 'a long enough password' },
    ],
  ])('refuses %s with a clear error and writes nothing', async (_case, body) => {
    const before = await userCount();
    const response = await call('/api/auth/sign-up/email', { method: 'POST', json: body });
    expect(response.status).toBe(400);
    expect((await json<{ message: string }>(response)).message).toBeTruthy();
    expect(await userCount()).toBe(before);
  });

  it('refuses a duplicate email without revealing anything else', async () => {
    const user = await signUp('dup');
    const before = await userCount();
    const response = await call('/api/auth/sign-up/email', {
      method: 'POST',
      json: { name: 'B', email: user.email, password: 'another long password' },
    });
    expect(response.status).toBe(422);
    expect(await userCount()).toBe(before);
  });
});

describe('sign-in and sessions', () => {
  it('signs in with the right password and refuses a wrong one', async () => {
    const user = await signUp('signin');
    const good = await call('/api/auth/sign-in/email', {
      method: 'POST',
      json: { email: user.email, password: user.password },
    });
    expect(good.status).toBe(200);
    expect((await call('/api/me', { cookie: cookieFrom(good) })).status).toBe(200);
    const bad = await call('/api/auth/sign-in/email', {
      method: 'POST',
      json: { email: user.email, password: 'wrong password!!' },
    });
    expect(bad.status).toBe(401);
  });

  it('rate-limits sign-in attempts per client', async () => {
    const ip = '192.0.2.77';
    const attempt = () =>
      call('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'cf-connecting-ip': ip },
        json: { email: 'nobody@example.test', password: 'wrong password!!' },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Another client is unaffected.
    const other = await call('/api/auth/sign-in/email', {
      method: 'POST',
      json: { email: 'nobody@example.test', password: 'wrong password!!' },
    });
    expect(other.status).toBe(401);
  });

  it('ends the session on sign-out', async () => {
    const user = await signUp('signout');
    expect(
      (await call('/api/auth/sign-out', { method: 'POST', cookie: user.cookie, json: {} })).status,
    ).toBe(200);
    expect((await call('/api/me', { cookie: user.cookie })).status).toBe(401);
  });

  it('refuses a tampered session cookie', async () => {
    const user = await signUp('tamper');
    const tampered = user.cookie.replace(
      /p360\.session_token=([^;.]+)/,
      (_m, token: string) => `p360.session_token=${token.slice(0, -2)}xx`,
    );
    expect(tampered).not.toBe(user.cookie);
    const response = await call('/api/me', { cookie: tampered });
    expect(response.status).toBe(401);
    expect((await json<{ error: { code: string } }>(response)).error.code).toBe('unauthenticated');
  });

  it('refuses an expired session', async () => {
    const user = await signUp('expired');
    await testDb()
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, user.userId));
    expect((await call('/api/me', { cookie: user.cookie })).status).toBe(401);
  });

  it('refuses a cookie-authenticated write from another site (CSRF)', async () => {
    const user = await signUp('csrf');
    const forged = await call('/api/orgs', {
      method: 'POST',
      cookie: user.cookie,
      headers: { origin: 'https://evil.example' },
      json: { name: 'Evil' },
    });
    expect(forged.status).toBe(403);
    expect((await json<{ error: { code: string } }>(forged)).error.code).toBe('cross_site_request');
    const formPost = await call('/settings', {
      method: 'POST',
      cookie: user.cookie,
      headers: { origin: 'https://evil.example' },
    });
    expect(formPost.status).toBe(403);
    expect(
      (await call('/api/orgs', { method: 'POST', cookie: user.cookie, json: { name: 'Mine' } }))
        .status,
    ).toBe(201);
  });
});

describe('password reset', () => {
  it('mails a one-time link locally; the new password works, the old one and old sessions do not', async () => {
    const user = await signUp('reset');
    const request = await call('/api/auth/request-password-reset', {
      method: 'POST',
      json: { email: user.email, redirectTo: '/reset-password' },
    });
    expect(request.status).toBe(200);
    const [mail] = await testDb().select().from(devMail).where(eq(devMail.recipient, user.email));
    expect(mail?.kind).toBe('password-reset');
    const link = new URL(mail!.link);
    const token = link.pathname.split('/').pop()!;
    const reset = await call('/api/auth/reset-password', {
      method: 'POST',
      json: { newPassword: 'a brand new password', token },
    });
    expect(reset.status).toBe(200);
    expect((await call('/api/me', { cookie: user.cookie })).status).toBe(401);
    const old = await call('/api/auth/sign-in/email', {
      method: 'POST',
      json: { email: user.email, password: user.password },
    });
    expect(old.status).toBe(401);
    const fresh = await call('/api/auth/sign-in/email', {
      method: 'POST',
      json: { email: user.email, password: 'a brand new password' },
    });
    expect(fresh.status).toBe(200);
    // The link is one-time.
    expect(
      (
        await call('/api/auth/reset-password', {
          method: 'POST',
          json: { newPassword: 'yet another password', token },
        })
      ).status,
    ).toBe(400);
  });
});

describe('organisations', () => {
  it('makes the creator owner, switches between organisations, refuses one they are not in', async () => {
    const user = await signUp('orgs');
    const first = await createOrg(user, 'First');
    const second = await createOrg(user, 'Second');
    let me = await json<{ activeOrgId: string; role: string; memberships: unknown[] }>(
      await call('/api/me', { cookie: user.cookie }),
    );
    expect(me).toMatchObject({ activeOrgId: second, role: 'owner' });
    expect(me.memberships).toHaveLength(2);
    const switched = await call('/api/orgs/active', {
      method: 'POST',
      cookie: user.cookie,
      json: { orgId: first },
    });
    expect(switched.status).toBe(200);
    me = await json(await call('/api/me', { cookie: user.cookie }));
    expect(me.activeOrgId).toBe(first);
    const stranger = await signUp('stranger');
    expect(
      (
        await call('/api/orgs/active', {
          method: 'POST',
          cookie: stranger.cookie,
          json: { orgId: first },
        })
      ).status,
    ).toBe(404);
  });

  it('starts a new session in the organisation last worked in, while still a member', async () => {
    const user = await signUp('returning');
    const alpha = await createOrg(user, 'Alpha');
    const beta = await createOrg(user, 'Beta');
    const switchTo = (cookie: string, orgId: string) =>
      call('/api/orgs/active', { method: 'POST', cookie, json: { orgId } });
    const signIn = async () =>
      cookieFrom(
        await call('/api/auth/sign-in/email', {
          method: 'POST',
          json: { email: user.email, password: user.password },
        }),
      );
    const activeOrg = async (cookie: string) =>
      (await json<{ activeOrgId: string | null }>(await call('/api/me', { cookie }))).activeOrgId;
    const leave = (orgId: string) =>
      testDb()
        .delete(memberships)
        .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, user.userId)));

    await switchTo(user.cookie, alpha);
    expect(await activeOrg(await signIn())).toBe(alpha);
    // Switching in an older session counts as the latest work.
    await switchTo(user.cookie, beta);
    expect(await activeOrg(await signIn())).toBe(beta);
    // No longer a member of Beta: the next session starts where they last worked and still belong.
    await leave(beta);
    expect(await activeOrg(await signIn())).toBe(alpha);
    await leave(alpha);
    expect(await activeOrg(await signIn())).toBeNull();

    const newcomer = await signUp('newcomer');
    expect(await activeOrg(newcomer.cookie)).toBeNull();
  });

  it('refuses a bad organisation name field by field', async () => {
    const user = await signUp('badorg');
    const response = await call('/api/orgs', {
      method: 'POST',
      cookie: user.cookie,
      json: { name: 'x'.repeat(200), slug: 'Not A Slug' },
    });
    expect(response.status).toBe(400);
    const body = await json<{
      error: { code: string; details: { fieldErrors: Record<string, string[]> } };
    }>(response);
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.details.fieldErrors).sort()).toEqual(['name', 'slug']);
  });

  it('refuses malformed JSON with a 400, not a 500', async () => {
    const user = await signUp('badjson');
    const response = await call('/api/orgs', {
      method: 'POST',
      cookie: user.cookie,
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(response.status).toBe(400);
  });
});

describe('members and invitations', () => {
  it('invites by email link; the invitee signs up, accepts and appears among members; all audited', async () => {
    const owner = await signUp('inviter');
    const orgId = await createOrg(owner, 'Invite Co');
    const inviteeEmail = uniqueEmail('invitee');
    const created = await call('/api/invitations', {
      method: 'POST',
      cookie: owner.cookie,
      json: { email: inviteeEmail.toUpperCase(), role: 'editor' },
    });
    expect(created.status).toBe(201);
    const invitation = await json<{ id: string; email: string }>(created);
    expect(invitation.email).toBe(inviteeEmail); // normalised

    const preview = await json(await call(`/api/invitations/${invitation.id}/preview`));
    expect(preview).toEqual({
      id: invitation.id,
      organizationName: 'Invite Co',
      role: 'editor',
      status: 'pending',
    });

    const intruder = await signUp('intruder');
    expect(
      (
        await call(`/api/invitations/${invitation.id}/accept`, {
          method: 'POST',
          cookie: intruder.cookie,
        })
      ).status,
    ).toBe(404);

    const signUpResponse = await call('/api/auth/sign-up/email', {
      method: 'POST',
      json: { name: 'Invitee', email: inviteeEmail, password: 'invitee password 1' },
    });
    const invitee = cookieFrom(signUpResponse);
    const accepted = await call(`/api/invitations/${invitation.id}/accept`, {
      method: 'POST',
      cookie: invitee,
    });
    expect(accepted.status).toBe(200);
    expect(await json(accepted)).toMatchObject({ orgId, role: 'editor' });
    expect(
      (await call(`/api/invitations/${invitation.id}/accept`, { method: 'POST', cookie: invitee }))
        .status,
    ).toBe(409);

    const members = await json<{ members: Array<{ email: string; role: string }> }>(
      await call('/api/members', { cookie: owner.cookie }),
    );
    expect(members.members.map((m) => [m.email, m.role]).sort()).toEqual(
      [
        [inviteeEmail, 'editor'],
        [owner.email, 'owner'],
      ].sort(),
    );

    const actions = (await testDb().select().from(auditEvents).where(eq(auditEvents.orgId, orgId)))
      .map((e) => e.action)
      .sort();
    expect(actions).toEqual(['invitation.created', 'member.joined', 'organization.created']);
    const summaries = (
      await testDb().select().from(auditEvents).where(eq(auditEvents.orgId, orgId))
    )
      .map((e) => e.summary)
      .join(' ');
    expect(summaries).not.toContain(inviteeEmail);
  });

  it('answers 404 for an unknown invitation', async () => {
    expect((await call('/api/invitations/no-such-invitation/preview')).status).toBe(404);
  });

  it('refuses to invite someone above your own role or an existing member', async () => {
    const owner = await signUp('owner-x');
    const orgId = await createOrg(owner);
    const admin = await memberOf(orgId, 'admin');
    const above = await call('/api/invitations', {
      method: 'POST',
      cookie: admin.cookie,
      json: { email: uniqueEmail(), role: 'owner' },
    });
    expect(above.status).toBe(403);
    const existing = await call('/api/invitations', {
      method: 'POST',
      cookie: owner.cookie,
      json: { email: admin.email, role: 'viewer' },
    });
    expect(existing.status).toBe(409);
  });

  it('removing a member signs them out of that organisation at once', async () => {
    const owner = await signUp('remover');
    const orgId = await createOrg(owner);
    const editor = await memberOf(orgId, 'editor');
    expect((await call('/api/members', { cookie: editor.cookie })).status).toBe(200);
    expect(
      (await call(`/api/members/${editor.memberId}`, { method: 'DELETE', cookie: owner.cookie }))
        .status,
    ).toBe(204);
    expect((await call('/api/members', { cookie: editor.cookie })).status).toBe(401);
    const [audit] = await testDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, editor.memberId));
    expect(audit?.action).toBe('member.removed');
  });

  it('keeps at least one owner', async () => {
    const owner = await signUp('last-owner');
    const orgId = await createOrg(owner);
    const members = await json<{ members: Array<{ id: string }> }>(
      await call('/api/members', { cookie: owner.cookie }),
    );
    const self = members.members[0]!.id;
    expect(
      (
        await call(`/api/members/${self}`, {
          method: 'PATCH',
          cookie: owner.cookie,
          json: { role: 'viewer' },
        })
      ).status,
    ).toBe(409);
    expect(
      (await call(`/api/members/${self}`, { method: 'DELETE', cookie: owner.cookie })).status,
    ).toBe(409);
    expect(orgId).toBeTruthy();
  });
});

describe('API tokens', () => {
  it('shows the secret once, authenticates as Bearer with its role, and stops working when revoked', async () => {
    const owner = await signUp('tokens');
    await createOrg(owner);
    const created = await call('/api/tokens', {
      method: 'POST',
      cookie: owner.cookie,
      json: { name: 'BI export', role: 'viewer' },
    });
    expect(created.status).toBe(201);
    const { token, secret } = await json<{ token: { id: string; prefix: string }; secret: string }>(
      created,
    );
    expect(secret.startsWith(token.prefix)).toBe(true);
    const listed = await json<{ tokens: unknown[] }>(
      await call('/api/tokens', { cookie: owner.cookie }),
    );
    expect(JSON.stringify(listed)).not.toContain(secret);

    expect((await call('/api/members', { token: secret })).status).toBe(200);
    expect(
      (
        await call('/api/invitations', {
          method: 'POST',
          token: secret,
          json: { email: uniqueEmail(), role: 'viewer' },
        })
      ).status,
    ).toBe(403);

    expect(
      (await call(`/api/tokens/${token.id}`, { method: 'DELETE', cookie: owner.cookie })).status,
    ).toBe(204);
    const revoked = await call('/api/members', { token: secret });
    expect(revoked.status).toBe(401);
    expect((await json<{ error: { code: string } }>(revoked)).error.code).toBe('invalid_token');
  });

  it('refuses an expired token and a malformed one', async () => {
    const owner = await signUp('tokens-exp');
    await createOrg(owner);
    const { secret, token } = await json<{ secret: string; token: { id: string } }>(
      await call('/api/tokens', {
        method: 'POST',
        cookie: owner.cookie,
        json: { name: 'Short', role: 'admin', expiresInDays: 1 },
      }),
    );
    const { apiTokens } = await import('../db/schema');
    await testDb()
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(apiTokens.id, token.id));
    expect((await call('/api/members', { token: secret })).status).toBe(401);
    expect((await call('/api/members', { token: 'not-a-token' })).status).toBe(401);
  });

  it('cannot create a token above the creator’s role', async () => {
    const owner = await signUp('tokens-role');
    const orgId = await createOrg(owner);
    const admin = await memberOf(orgId, 'admin');
    expect(
      (
        await call('/api/tokens', {
          method: 'POST',
          cookie: admin.cookie,
          json: { name: 'Owner token', role: 'owner' },
        })
      ).status,
    ).toBe(403);
  });
});
