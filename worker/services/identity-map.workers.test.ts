import { env } from 'cloudflare:workers';
import { createExecutionContext, createScheduledController } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Uid2Overview } from '../../core/contracts/activation';
import { SCHEDULED_JOBS } from '../../core/jobs/schedule';
import { contacts, identities, identityRuns, uid2Settings } from '../db/schema';
import { call, createOrg, json, memberOf, signUp, type TestUser } from '../test-support/accounts';
import {
  connectUid2,
  insertPeople,
  mapNow,
  sha256Base64,
  UID2_CREDENTIALS,
  uid2Sim,
  waitForIdentityRun,
} from '../test-support/activation';
import { testDb } from '../test-support/db';
import { handleScheduled } from '../jobs/run-scheduled';
import { importFile } from '../test-support/uploads';

/*
 * UID2 mapping against the operator simulator, through the API, the SYNC queue and Turso:
 * credentials proven before they are sealed, identifiers discovered and mapped in sequential
 * batches (UID2_BATCH_ITEMS is 7 here), opt-outs and invalid answers kept apart, 429s retried,
 * salt-bucket rotation picked up by the refresh.
 */

let owner: TestUser;
let orgId: string;

async function identityRows(org = orgId) {
  return testDb().select().from(identities).where(eq(identities.orgId, org));
}

/** What the simulator maps each hash to (its `/__sim/expected`, no auth or envelope). */
async function expectedUid2(hash: string): Promise<string | null> {
  const body = (await uid2Sim('/__sim/expected', { email_hash: [hash] })) as {
    email_hash: Array<{ u?: string }>;
  };
  return body.email_hash[0]?.u ?? null;
}

beforeAll(async () => {
  await uid2Sim('/__sim/reset', {});
  owner = await signUp('uid2-owner');
  orgId = await createOrg(owner, 'Identity Co');
});

beforeEach(async () => {
  await uid2Sim('/__sim/config', { faults: { script: [] } }, 'PATCH');
});

describe('connecting UID2', () => {
  it('refuses credentials the operator refuses, and stores nothing', async () => {
    const response = await call('/api/integrations/uid2', {
      method: 'PUT',
      cookie: owner.cookie,
      json: {
        credentials: {
          apiKey: UID2_CREDENTIALS.apiKey,
          clientSecret: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
        },
      },
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('uid2_refused');
    expect(await testDb().select().from(uid2Settings).where(eq(uid2Settings.orgId, orgId))).toEqual(
      [],
    );
  });

  it('refuses an unknown API key with the operator’s 401', async () => {
    const response = await call('/api/integrations/uid2', {
      method: 'PUT',
      cookie: owner.cookie,
      json: { credentials: { ...UID2_CREDENTIALS, apiKey: 'not-a-key' } },
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('refused the API key');
  });

  it('seals working credentials and never returns the secret', async () => {
    await connectUid2(owner);
    const overview = await json<Uid2Overview>(
      await call('/api/integrations/uid2', { cookie: owner.cookie }),
    );
    expect(overview.settings).toMatchObject({ configured: true, enabled: true });
    expect(JSON.stringify(overview)).not.toContain(UID2_CREDENTIALS.clientSecret);
    const [row] = await testDb().select().from(uid2Settings).where(eq(uid2Settings.orgId, orgId));
    expect(row!.credentials).not.toContain(UID2_CREDENTIALS.clientSecret);
    expect(row!.credentials).not.toContain(UID2_CREDENTIALS.apiKey);
  });

  it('lets a viewer see the dashboard but not change it or start a run', async () => {
    const viewer = await memberOf(orgId, 'viewer', 'uid2-viewer');
    expect((await call('/api/integrations/uid2', { cookie: viewer.cookie })).status).toBe(200);
    const put = await call('/api/integrations/uid2', {
      method: 'PUT',
      cookie: viewer.cookie,
      json: { enabled: false },
    });
    expect(put.status).toBe(403);
    const run = await call('/api/integrations/uid2/runs', {
      method: 'POST',
      cookie: viewer.cookie,
    });
    expect(run.status).toBe(403);
  });
});

describe('mapping', () => {
  it('maps an upload’s normalised identifiers: CSV → stored hash → UID2 (the official vectors)', async () => {
    // Rows from the normalisation vectors of external-apis.md §1.4 (the ones our stricter upload
    // validity rule accepts), each with the Base64 SHA-256 UID2 documents for it.
    const vectors: Array<[string, string]> = [
      ['TEst.TEST@Test.com ', 'dvECjPKZHya0/SIhSGwP0m8SgTv1vzLxPULUOsm880M='],
      ['test.test@gmail.com', 'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw='],
      ['test+test@test.com', 'rQ4yzdOz4uG8N54326QyZD6/JwqrXn4lmy34cVCojB8='],
      ['test+test@gmail.com', 'h5JGBrQTGorO7q6IaFMfu5cSqqB6XTp1aybOD11spnQ='],
      ['JaneSaoirse+Work@example.com', 'KKruSBUjDNO069iMUVImVQZm6RrAGZKeOtrD9mwogYA='],
      ['USER@example.com', 'tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ='],
    ];
    const csv = `Email,Phone,Country\r\n${vectors.map(([e], i) => `"${e}",${i === 0 ? '+1 (234) 567-8901' : ''},US`).join('\r\n')}\r\n`;
    const org = await createOrg(owner, 'Vectors Co');
    await call('/api/orgs/active', { method: 'POST', cookie: owner.cookie, json: { orgId: org } });
    try {
      await connectUid2(owner);
      await importFile(owner, 'vectors.csv', new TextEncoder().encode(csv));
      const stored = await testDb().select().from(contacts).where(eq(contacts.orgId, org));
      const hashes = stored.map((c) => c.emailHash!.toString('base64')).sort();
      expect(hashes).toEqual(vectors.map(([, hash]) => hash).sort());
      expect(stored.find((c) => c.phoneHash)!.phoneHash!.toString('base64')).toBe(
        'EObwtHBUqDNZR33LNSMdtt5cafsYFuGmuY4ZLenlue4=',
      );

      const run = await mapNow(owner);
      expect(run).toMatchObject({ status: 'succeeded', sent: 7, mapped: 7, optedOut: 0 });
      const rows = await identityRows(org);
      for (const [, hash] of vectors) {
        const row = rows.find((r) => r.kind === 'email' && r.hash.toString('base64') === hash);
        expect(row?.uid2, hash).toBe(await expectedUid2(hash));
        expect(row?.refreshAfter).toBeGreaterThan(Date.now());
      }
    } finally {
      await call('/api/orgs/active', { method: 'POST', cookie: owner.cookie, json: { orgId } });
    }
  });

  it('sends batches of at most UID2_BATCH_ITEMS, one at a time', async () => {
    expect((env as unknown as Record<string, string>).UID2_BATCH_ITEMS).toBe('7');
    const before = (await uid2Sim('/__sim/stats')) as { calls: Record<string, number> };
    await insertPeople(
      orgId,
      Array.from({ length: 30 }, (_, i) => ({ email: `batch${i}@example.com` })),
    );
    const run = await mapNow(owner);
    expect(run).toMatchObject({ status: 'succeeded', sent: 30, mapped: 30, requests: 5 });
    const stats = (await uid2Sim('/__sim/stats')) as {
      calls: Record<string, number>;
      maxConcurrent: number;
    };
    expect(
      (stats.calls['POST /v3/identity/map'] ?? 0) - (before.calls['POST /v3/identity/map'] ?? 0),
    ).toBe(5);
    expect(stats.maxConcurrent).toBe(1);
  });

  it('keeps opt-outs and maps the rest; a second run finds nothing due', async () => {
    await insertPeople(orgId, [
      { email: 'optout@example.com' },
      { email: 'mapped-person@example.com', phone: '+00000000000' },
    ]);
    const run = await mapNow(owner);
    expect(run).toMatchObject({ status: 'succeeded', sent: 3, mapped: 1, optedOut: 2 });
    const rows = await identityRows();
    expect(rows.filter((r) => r.status === 'optout')).toHaveLength(2);

    const again = await mapNow(owner);
    expect(again).toMatchObject({ status: 'succeeded', sent: 0, requests: 0 });
  });

  it('retries a 429 with backoff and loses nothing', async () => {
    await insertPeople(orgId, [{ email: 'retry1@example.com' }, { email: 'retry2@example.com' }]);
    await uid2Sim(
      '/__sim/config',
      { faults: { script: [{ path: '/v3/identity/map', fault: '429', times: 2 }] } },
      'PATCH',
    );
    const before = (await uid2Sim('/__sim/stats')) as { statuses: Record<string, number> };
    const run = await mapNow(owner);
    expect(run).toMatchObject({ status: 'succeeded', sent: 2, mapped: 2, requests: 3 });
    const after = (await uid2Sim('/__sim/stats')) as { statuses: Record<string, number> };
    expect((after.statuses['429'] ?? 0) - (before.statuses['429'] ?? 0)).toBe(2);
  });

  it('picks up a rotated salt bucket at refresh: new UID2, the old one kept as previous', async () => {
    const [id] = await insertPeople(orgId, [{ email: 'rotating@example.com' }]);
    await mapNow(owner);
    const hash = await sha256Base64('rotating@example.com');
    const before = (await identityRows()).find((r) => r.hash.toString('base64') === hash)!;
    await uid2Sim('/__sim/rotate', { identities: [{ email_hash: hash }] });
    // Its refresh time passes (the operator's `r`): the next run re-maps it.
    await testDb()
      .update(identities)
      .set({ refreshAfter: Date.now() - 1000 })
      .where(and(eq(identities.orgId, orgId), eq(identities.hash, before.hash)));
    const run = await mapNow(owner);
    expect(run.changed).toBeGreaterThanOrEqual(1);
    const after = (await identityRows()).find((r) => r.hash.toString('base64') === hash)!;
    expect(after.uid2).not.toBe(before.uid2);
    expect(after.uid2).toBe(await expectedUid2(hash));
    expect(after.prevUid2).toBe(before.uid2);
    expect(id).toBeGreaterThan(0);
  });

  it('shows match rates per identifier type, reachable contacts and quality bands', async () => {
    const overview = await json<Uid2Overview>(
      await call('/api/integrations/uid2', { cookie: owner.cookie }),
    );
    const email = overview.kinds.find((k) => k.kind === 'email')!;
    const rows = await identityRows();
    expect(email.total).toBe(rows.filter((r) => r.kind === 'email').length);
    expect(email.optedOut).toBe(1);
    expect(email.matchRate).toBeCloseTo(email.mapped / (email.total - email.pending), 3);
    expect(overview.quality.reduce((n, b) => n + b.contacts, 0)).toBe(overview.contacts.total);
    // The person with a mapped email and an opted-out phone has opted out: not reachable.
    expect(overview.contacts.reachable).toBe(overview.contacts.total - 2);
    expect(overview.lastRefreshAt).not.toBeNull();
  });
});

describe('runs', () => {
  it('refuses a second run while one is running', async () => {
    const now = Date.now();
    await testDb()
      .insert(identityRuns)
      .values({
        id: `held-${crypto.randomUUID()}`,
        orgId,
        trigger: 'manual',
        status: 'running',
        phase: 'map',
        cursor: JSON.stringify({ contacts: 0, kind: 'z', hash: '' }),
        dueBefore: now,
        startedAt: now,
      });
    try {
      const response = await call('/api/integrations/uid2/runs', {
        method: 'POST',
        cookie: owner.cookie,
      });
      expect(response.status).toBe(409);
    } finally {
      await testDb()
        .update(identityRuns)
        .set({ status: 'failed', finishedAt: now })
        .where(and(eq(identityRuns.orgId, orgId), eq(identityRuns.status, 'running')));
    }
  });

  it('the daily uid2-refresh cron starts a run for every connected organisation', async () => {
    await insertPeople(orgId, [{ email: 'cron-new@example.com' }]);
    await handleScheduled(
      createScheduledController({
        cron: SCHEDULED_JOBS['uid2-refresh'],
        scheduledTime: Date.UTC(2026, 0, 2, 3, 0),
      }),
      env,
      createExecutionContext(),
    );
    const [run] = await testDb()
      .select()
      .from(identityRuns)
      .where(and(eq(identityRuns.orgId, orgId), eq(identityRuns.trigger, 'schedule')));
    expect(run).toBeDefined();
    const done = await waitForIdentityRun(owner, run!.id);
    expect(done).toMatchObject({ status: 'succeeded', sent: 1, mapped: 1 });
  });
});
