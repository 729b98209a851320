import { env } from 'cloudflare:workers';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../db/schema';
import { TenantDb } from '../db/tenant-db';
import { call, createOrg, json, signUp, type TestUser } from '../test-support/accounts';
import { testDb } from '../test-support/db';
import { recordAudit, type AuditActor } from './audit';

let owner: TestUser;
let orgId: string;
const actor: AuditActor = {
  type: 'system',
  id: null,
  requestId: 'req-audit-test',
  ip: null,
  userAgent: null,
};
const T0 = Date.UTC(2026, 5, 1);

beforeAll(async () => {
  owner = await signUp('audit');
  orgId = await createOrg(owner, 'Audit Co');
  const tenant = new TenantDb(testDb(), orgId);
  // 7 events a minute apart, alternating actions, so filters and pages have something to cut.
  for (let i = 0; i < 7; i++) {
    let n = 0;
    await recordAudit(
      { newId: () => `evt-${orgId}-${i}-${n++}`, now: () => T0 + i * 60_000 },
      tenant,
      actor,
      {
        action: i % 2 ? 'upload.created' : 'audience.published',
        targetType: i % 2 ? 'upload' : 'audience',
        targetId: `t-${i}`,
        summary: { index: i, note: i === 3 ? '=HYPERLINK("http://evil")' : 'ok' },
      },
    );
  }
  expect(env).toBeTruthy();
});

type Page = {
  events: Array<{ action: string; targetId: string | null; summary: { index?: number } }>;
  nextCursor: string | null;
};

describe('GET /api/audit', () => {
  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    const base = `/api/audit?from=${new Date(T0).toISOString()}&to=${new Date(T0 + 6 * 60_000).toISOString()}&limit=3`;
    do {
      const page: Page = await json(
        await call(cursor ? `${base}&cursor=${encodeURIComponent(cursor)}` : base, {
          cookie: owner.cookie,
        }),
      );
      seen.push(...page.events.map((e) => e.summary.index!));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0]);
  });

  it('filters by action, target and time range', async () => {
    const byAction: Page = await json(
      await call('/api/audit?action=upload.created', { cookie: owner.cookie }),
    );
    expect(byAction.events.map((e) => e.summary.index)).toEqual([5, 3, 1]);
    const byTarget: Page = await json(
      await call('/api/audit?targetType=audience&targetId=t-4', { cookie: owner.cookie }),
    );
    expect(byTarget.events.map((e) => e.summary.index)).toEqual([4]);
    const from = new Date(T0 + 2 * 60_000).toISOString();
    const to = new Date(T0 + 3 * 60_000).toISOString();
    const byTime: Page = await json(
      await call(`/api/audit?from=${from}&to=${to}`, { cookie: owner.cookie }),
    );
    expect(byTime.events.map((e) => e.summary.index)).toEqual([3, 2]);
  });

  it('filters by actor', async () => {
    const mine: Page = await json(
      await call(`/api/audit?actor=${owner.userId}`, { cookie: owner.cookie }),
    );
    expect(mine.events.map((e) => e.action)).toEqual(['organization.created']);
  });

  it('refuses a forged cursor and a bad date with 400', async () => {
    expect((await call('/api/audit?cursor=bm9wZQ', { cookie: owner.cookie })).status).toBe(400);
    expect((await call('/api/audit?from=yesterday', { cookie: owner.cookie })).status).toBe(400);
  });
});

describe('GET /api/audit/export', () => {
  it('downloads matching events as CSV with formulas neutralised, and audits the export', async () => {
    const response = await call('/api/audit/export?format=csv&action=upload.created', {
      cookie: owner.cookie,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      /attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = (await response.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'time,actor_type,actor_id,actor_name,action,target_type,target_id,summary,request_id,ip,user_agent',
    );
    expect(lines).toHaveLength(4);
    const exported = await testDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'audit.exported'));
    expect(exported.some((e) => e.orgId === orgId)).toBe(true);
  });

  it('neutralises spreadsheet formulas in cells (a member named "=SUM(1,1)")', async () => {
    const signUp = await call('/api/auth/sign-up/email', {
      method: 'POST',
      json: {
        name: '=SUM(1,1)',
        email: `formula-${crypto.randomUUID()}@example.test`,
        password: 'formula password 1',
      },
    });
    const cookie = signUp.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    await call('/api/orgs', { method: 'POST', cookie, json: { name: 'Formula Co' } });
    const csv = await (await call('/api/audit/export?format=csv', { cookie })).text();
    expect(csv).toContain("'=SUM(1,1)");
    expect(csv).not.toMatch(/(^|,)"?=SUM/m);
  });

  it('downloads JSON', async () => {
    const response = await call('/api/audit/export?format=json&targetType=audience', {
      cookie: owner.cookie,
    });
    const events = await json<Array<{ targetType: string }>>(response);
    expect(events).toHaveLength(4);
    expect(events.every((e) => e.targetType === 'audience')).toBe(true);
  });
});

describe('the audit trail is append-only', () => {
  it('refuses updates and deletes at the database', async () => {
    await expect(
      testDb().run(sql`update audit_events set action = 'tampered' where org_id = ${orgId}`),
    ).rejects.toThrow();
    await expect(
      testDb().run(sql`delete from audit_events where org_id = ${orgId}`),
    ).rejects.toThrow();
    const rows = await testDb().select().from(auditEvents).where(eq(auditEvents.orgId, orgId));
    expect(rows.some((r) => r.action === 'tampered')).toBe(false);
  });
});
