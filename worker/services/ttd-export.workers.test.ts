import { env } from 'cloudflare:workers';
import { createExecutionContext, createScheduledController } from 'cloudflare:test';
import { and, eq, inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DestinationView, ExportView, ReachEstimate } from '../../core/contracts/activation';
import type { TtdExportMessage } from '../../core/contracts/queue-messages';
import { SCHEDULED_JOBS } from '../../core/jobs/schedule';
import {
  contacts,
  dsrRequests,
  identities,
  ttdExportMembers,
  ttdExportRuns,
  ttdExports,
} from '../db/schema';
import { buildDeps, rootLogger } from '../deps';
import { handleScheduled } from '../jobs/run-scheduled';
import { call, createOrg, json, signUp, type TestUser } from '../test-support/accounts';
import {
  connectUid2,
  created,
  exportNow,
  insertPeople,
  mapNow,
  segmentMembers,
  sha256Base64,
  TTD_ADVERTISER,
  TTD_TOKEN,
  ttdSim,
  uid2Sim,
  waitForExportRun,
} from '../test-support/activation';
import { testDb } from '../test-support/db';
import { opened } from '../test-support/pii';
import { processExportStep } from './ttd-export';

/*
 * Exports to The Trade Desk simulator, through the API, the SYNC queue and Turso: the segment TTD
 * ends up holding is exactly the audience's mapped, not-opted-out UID2s, whatever changed between
 * runs; each run sends only the difference; refused items are recorded; a crash mid-run neither
 * loses nor double-counts a member. TTD_BATCH_ITEMS is 5 and EXPORT_PAGE_CONTACTS 9 here.
 */

let owner: TestUser;
let orgId: string;
let destinationId: string;

const definitionFor = (country: string) => ({
  version: 1,
  root: {
    id: 'root',
    kind: 'group',
    op: 'and',
    children: [{ id: 'c', kind: 'rule', field: 'country', op: 'eq', value: country }],
  },
});

async function audience(name: string, country: string): Promise<string> {
  return created(owner, '/api/audiences', { name, definition: definitionFor(country) });
}

async function newExport(
  name: string,
  audiences: Array<{ audienceId: string; segmentName: string }>,
  extra: Record<string, unknown> = {},
): Promise<string> {
  return created(owner, '/api/ttd/exports', {
    name,
    destinationId,
    audiences,
    ttlDays: 30,
    schedule: '0 6 * * *',
    ...extra,
  });
}

/** The UID2s the audience's people should be in TTD with: mapped, no identifier opted out. */
async function expectedUid2s(country: string, org = orgId): Promise<string[]> {
  const people = await testDb()
    .select()
    .from(contacts)
    .where(and(eq(contacts.orgId, org), eq(contacts.country, country)));
  const ids = await testDb().select().from(identities).where(eq(identities.orgId, org));
  const byHash = new Map(ids.map((i) => [`${i.kind}:${i.hash.toString('hex')}`, i]));
  const out = new Set<string>();
  for (const p of people) {
    const e = p.emailHash ? byHash.get(`email:${p.emailHash.toString('hex')}`) : undefined;
    const ph = p.phoneHash ? byHash.get(`phone:${p.phoneHash.toString('hex')}`) : undefined;
    if (e?.status === 'optout' || ph?.status === 'optout') continue;
    for (const i of [e, ph]) if (i?.status === 'mapped' && i.uid2) out.add(i.uid2);
  }
  return [...out].sort();
}

beforeAll(async () => {
  await uid2Sim('/__sim/reset', {});
  await ttdSim('/__sim/reset', {});
  owner = await signUp('ttd-owner');
  orgId = await createOrg(owner, 'Activation Co');
  await connectUid2(owner);
  destinationId = await created(owner, '/api/ttd/destinations', {
    name: 'Main advertiser',
    advertiserId: TTD_ADVERTISER,
    region: 'usw',
    authMode: 'token',
    secret: TTD_TOKEN,
  });
});

beforeEach(async () => {
  await ttdSim('/__sim/config', { faults: { script: [] } }, 'PATCH');
});

describe('destinations', () => {
  it('keeps the secret sealed and out of every response', async () => {
    const { destinations } = await json<{ destinations: DestinationView[] }>(
      await call('/api/ttd/destinations', { cookie: owner.cookie }),
    );
    expect(destinations[0]).toMatchObject({ name: 'Main advertiser', region: 'usw' });
    expect(JSON.stringify(destinations)).not.toContain(TTD_TOKEN);
  });

  it('refuses a destination without a secret, and one still in use', async () => {
    const missing = await call('/api/ttd/destinations', {
      method: 'POST',
      cookie: owner.cookie,
      json: { name: 'No secret', advertiserId: 'x', region: 'use', authMode: 'token' },
    });
    expect(missing.status).toBe(400);
  });
});

describe('exports', () => {
  it('validates the schedule, the segment name and the TTL', async () => {
    const id = await audience(`Validation ${crypto.randomUUID()}`, 'GB');
    const bad = async (patch: Record<string, unknown>) => {
      const response = await call('/api/ttd/exports', {
        method: 'POST',
        cookie: owner.cookie,
        json: {
          name: 'Bad',
          destinationId,
          audiences: [{ audienceId: id, segmentName: 'Fine name' }],
          ttlDays: 30,
          schedule: '0 6 * * *',
          ...patch,
        },
      });
      expect(response.status).toBe(400);
      return JSON.stringify(await response.json());
    };
    expect(await bad({ schedule: '*/5 * * * *' })).toContain('at most every 15 minutes');
    expect(await bad({ schedule: 'every day' })).toContain('five fields');
    expect(await bad({ ttlDays: 181 })).toContain('ttlDays');
    expect(await bad({ audiences: [{ audienceId: id, segmentName: 'Quote "this"' }] })).toContain(
      'Quotes',
    );
  });

  it('sends exactly the audience’s mapped UID2s, then only what changed', async () => {
    await insertPeople(orgId, [
      ...Array.from({ length: 12 }, (_, i) => ({ email: `fr${i}@example.com`, country: 'FR' })),
      { email: 'optout@example.com', country: 'FR' },
      { phone: '+33612345678', country: 'FR' },
      { country: 'FR' },
    ]);
    await mapNow(owner);
    const audienceId = await audience('France', 'FR');
    const exportId = await newExport('France to TTD', [
      { audienceId, segmentName: 'P360 - France' },
    ]);

    const first = await exportNow(owner, exportId);
    const wanted = await expectedUid2s('FR');
    expect(wanted).toHaveLength(13);
    expect(await segmentMembers('P360 - France')).toEqual(wanted);
    expect(first).toMatchObject({
      status: 'succeeded',
      audienceSize: 15,
      targeted: 13,
      added: 13,
      removed: 0,
      skippedOptedOut: 1,
      unmapped: 1,
      requests: 3,
    });
    expect(first.audienceVersions).toEqual([
      expect.objectContaining({ audienceId, version: 0, segmentName: 'P360 - France' }),
    ]);

    // Two leave the audience, one joins.
    const people = opened(await testDb().select().from(contacts).where(eq(contacts.orgId, orgId)));
    const fr = people.filter((p) => p.country === 'FR' && p.email?.startsWith('fr'));
    await testDb()
      .update(contacts)
      .set({ country: 'DE' })
      .where(inArray(contacts.id, [fr[0]!.id, fr[1]!.id]));
    await insertPeople(orgId, [{ email: 'newcomer@example.com', country: 'FR' }]);
    await mapNow(owner);
    const second = await exportNow(owner, exportId);
    expect(await segmentMembers('P360 - France')).toEqual(await expectedUid2s('FR'));
    expect(second).toMatchObject({ status: 'succeeded', added: 1, removed: 2, refreshed: 0 });

    const view = await json<ExportView>(
      await call(`/api/ttd/exports/${exportId}`, { cookie: owner.cookie }),
    );
    expect(view).toMatchObject({ members: 12, running: false });
    expect(view.scheduleText).toContain('06:00');
  });

  it('estimates reach before export: size × UID2 match, by identifier type', async () => {
    const audienceId = await audience(`Reach ${crypto.randomUUID()}`, 'FR');
    const reach = await json<ReachEstimate>(
      await call(`/api/audiences/${audienceId}/reach`, { cookie: owner.cookie }),
    );
    expect(reach.size).toBe(14);
    expect(reach.optedOut).toBe(1);
    expect(reach.reachable).toBe((await expectedUid2s('FR')).length);
    expect(reach.byKind.find((k) => k.kind === 'phone')).toMatchObject({ contacts: 1, mapped: 1 });
  });

  it('puts each person in the first audience of a priority list that holds them', async () => {
    await insertPeople(orgId, [
      ...Array.from({ length: 4 }, (_, i) => ({ email: `it${i}@example.com`, country: 'IT' })),
    ]);
    await mapNow(owner);
    const italy = await audience('Italy', 'IT');
    const everyone = await created(owner, '/api/audiences', {
      name: 'Italy or Spain',
      definition: {
        version: 1,
        root: {
          id: 'root',
          kind: 'group',
          op: 'or',
          children: [
            { id: 'it', kind: 'rule', field: 'country', op: 'eq', value: 'IT' },
            { id: 'es', kind: 'rule', field: 'country', op: 'eq', value: 'ES' },
          ],
        },
      },
    });
    await insertPeople(orgId, [{ email: 'es0@example.com', country: 'ES' }]);
    await mapNow(owner);
    const exportId = await newExport('Priority', [
      { audienceId: italy, segmentName: 'Priority - Italy' },
      { audienceId: everyone, segmentName: 'Priority - Rest' },
    ]);
    await exportNow(owner, exportId);
    expect(await segmentMembers('Priority - Italy')).toEqual(await expectedUid2s('IT'));
    expect(await segmentMembers('Priority - Rest')).toEqual(await expectedUid2s('ES'));

    // Someone moves from Italy to Spain: removed from one segment, added to the other.
    const [mover] = await testDb()
      .select()
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), eq(contacts.country, 'IT')));
    await testDb().update(contacts).set({ country: 'ES' }).where(eq(contacts.id, mover!.id));
    const run = await exportNow(owner, exportId);
    expect(run).toMatchObject({ added: 1, removed: 1 });
    expect(await segmentMembers('Priority - Italy')).toEqual(await expectedUid2s('IT'));
    expect(await segmentMembers('Priority - Rest')).toEqual(await expectedUid2s('ES'));
  });

  it('moves members when a segment is renamed: out of the old name, into the new one', async () => {
    const audienceId = await audience(`Rename ${crypto.randomUUID()}`, 'FR');
    const exportId = await newExport('Rename', [{ audienceId, segmentName: 'Old name' }]);
    await exportNow(owner, exportId);
    const wanted = await expectedUid2s('FR');
    expect(await segmentMembers('Old name')).toEqual(wanted);
    const patch = await call(`/api/ttd/exports/${exportId}`, {
      method: 'PATCH',
      cookie: owner.cookie,
      json: { audiences: [{ audienceId, segmentName: 'New name' }] },
    });
    expect(patch.status, await patch.clone().text()).toBe(200);
    const run = await exportNow(owner, exportId);
    expect(run).toMatchObject({ removed: wanted.length, added: wanted.length });
    expect(await segmentMembers('Old name')).toEqual([]);
    expect(await segmentMembers('New name')).toEqual(wanted);
  });

  it('refuses a segment name another export of the destination already writes', async () => {
    const id = await audience(`Clash ${crypto.randomUUID()}`, 'GB');
    const response = await call('/api/ttd/exports', {
      method: 'POST',
      cookie: owner.cookie,
      json: {
        name: 'Clash',
        destinationId,
        audiences: [{ audienceId: id, segmentName: 'P360 - France' }],
        ttlDays: 30,
        schedule: '0 6 * * *',
      },
    });
    expect(response.status).toBe(409);
  });
});

describe('the diff, as a property', () => {
  it('leaves TTD holding exactly the audience after any sequence of changes', async () => {
    const org = await createOrg(owner, `Property ${crypto.randomUUID()}`);
    await call('/api/orgs/active', { method: 'POST', cookie: owner.cookie, json: { orgId: org } });
    try {
      await connectUid2(owner);
      const destination = await created(owner, '/api/ttd/destinations', {
        name: 'Property advertiser',
        advertiserId: TTD_ADVERTISER,
        region: 'euw',
        authMode: 'token',
        secret: TTD_TOKEN,
      });
      const ids = await insertPeople(
        org,
        Array.from({ length: 24 }, (_, i) => ({
          email: `prop${i}-${org}@example.com`,
          country: i % 2 ? 'NL' : 'BE',
        })),
      );
      const audienceId = await created(owner, '/api/audiences', {
        name: 'Netherlands',
        definition: definitionFor('NL'),
      });
      const segment = `Property ${org}`;
      const exportId = await created(owner, '/api/ttd/exports', {
        name: 'Property export',
        destinationId: destination,
        audiences: [{ audienceId, segmentName: segment }],
        ttlDays: 30,
        schedule: '0 6 * * *',
      });
      await mapNow(owner);
      // Each step flips some people in or out of the audience, then exports.
      const steps = fc.sample(
        fc.array(fc.subarray(ids, { minLength: 0, maxLength: 10 }), { minLength: 4, maxLength: 4 }),
        { numRuns: 1, seed: 20261129 },
      )[0]!;
      let previous = await segmentMembers(segment);
      for (const flip of steps) {
        for (const id of flip) {
          const [row] = await testDb().select().from(contacts).where(eq(contacts.id, id));
          await testDb()
            .update(contacts)
            .set({ country: row!.country === 'NL' ? 'BE' : 'NL' })
            .where(eq(contacts.id, id));
        }
        const run = await exportNow(owner, exportId);
        const wanted = await expectedUid2s('NL', org);
        const held = await segmentMembers(segment);
        expect(held).toEqual(wanted);
        // Only the difference was sent.
        expect(run.added).toBe(wanted.filter((u) => !previous.includes(u)).length);
        expect(run.removed).toBe(previous.filter((u) => !wanted.includes(u)).length);
        previous = held;
      }
    } finally {
      await call('/api/orgs/active', { method: 'POST', cookie: owner.cookie, json: { orgId } });
    }
  });
});

describe('failures and recovery', () => {
  it('records refused items per error code and sends them again next run', async () => {
    const audienceId = await audience(`Refused ${crypto.randomUUID()}`, 'FR');
    const exportId = await newExport('Refused', [{ audienceId, segmentName: 'Refused segment' }]);
    // TTD refuses TTLs above 20 days in this configuration: every add fails.
    await ttdSim('/__sim/config', { maxTtlMinutes: 20 * 1440 }, 'PATCH');
    try {
      const run = await exportNow(owner, exportId);
      expect(run.status).toBe('partial');
      expect(run.failed).toBe(run.targeted);
      expect(run.failedByCode).toEqual({ InvalidTtlInMinutes: run.targeted });
      expect(run.failedLines[0]).toMatchObject({ action: 'add', errorCode: 'InvalidTtlInMinutes' });
      expect(run.failedLines[0]!.uid2).toMatch(/…$/);
      expect(await segmentMembers('Refused segment')).toEqual([]);
    } finally {
      await ttdSim('/__sim/config', { maxTtlMinutes: 259_200 }, 'PATCH');
    }
    const retry = await exportNow(owner, exportId);
    expect(retry).toMatchObject({ status: 'succeeded', failed: 0 });
    expect(await segmentMembers('Refused segment')).toEqual(await expectedUid2s('FR'));
  });

  it('waits as Retry-After says on a 429 and retries a 503', async () => {
    const audienceId = await audience(`Limited ${crypto.randomUUID()}`, 'FR');
    const exportId = await newExport('Limited', [{ audienceId, segmentName: 'Limited segment' }]);
    await ttdSim(
      '/__sim/config',
      {
        faults: {
          script: [
            { path: '/data/advertiser', fault: '429', times: 1, retryAfterSeconds: 1 },
            { path: '/data/advertiser', fault: '503', times: 1 },
          ],
        },
      },
      'PATCH',
    );
    const run = await exportNow(owner, exportId);
    expect(run.status).toBe('succeeded');
    expect(run.requests).toBe(Math.ceil(run.targeted / 5) + 2);
    expect(await segmentMembers('Limited segment')).toEqual(await expectedUid2s('FR'));
  });

  it('resumes a run that crashed after TTD took a batch, without losing or double-counting', async () => {
    const audienceId = await audience(`Crash ${crypto.randomUUID()}`, 'FR');
    const exportId = await newExport('Crash', [{ audienceId, segmentName: 'Crash segment' }]);
    const sent: TtdExportMessage[] = [];
    const deps = {
      ...buildDeps(env, rootLogger(env)),
      sync: { send: async (m: TtdExportMessage) => void sent.push(m) } as unknown as Queue,
    };
    // A run row as startExportRun makes it, driven by hand instead of by the queue.
    const runId = crypto.randomUUID();
    const { exportedAudiences } = await import('./ttd-export');
    const { TenantDb } = await import('../db/tenant-db');
    const audiences = await exportedAudiences(deps, new TenantDb(deps.db, orgId), exportId);
    await testDb()
      .insert(ttdExportRuns)
      .values({
        id: runId,
        orgId,
        exportId,
        trigger: 'manual',
        status: 'running',
        audienceVersions: JSON.stringify(audiences),
        phase: 'materialize',
        cursor: '0',
        startedAt: Date.now(),
      });
    // The second request to TTD lands, but the Worker dies before it hears back.
    let requests = 0;
    const crashing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input instanceof Request ? input.url : input).includes('/data/advertiser'))
        if (++requests === 2) throw new Error('the isolate was evicted mid-request');
      return response;
    };
    await expect(
      processExportStep(deps, { type: 'ttd.export', orgId, runId, step: 0 }, { fetch: crashing }),
    ).rejects.toThrow();
    const [midway] = await testDb().select().from(ttdExportRuns).where(eq(ttdExportRuns.id, runId));
    expect(midway!.status).toBe('running');
    // The queue re-delivers: the run resumes from its last committed step.
    let step = midway!.steps;
    for (let i = 0; i < 50; i++) {
      const [run] = await testDb().select().from(ttdExportRuns).where(eq(ttdExportRuns.id, runId));
      if (run!.status !== 'running') break;
      step = run!.steps;
      await processExportStep(deps, { type: 'ttd.export', orgId, runId, step });
    }
    const done = await waitForExportRun(owner, runId);
    const wanted = await expectedUid2s('FR');
    expect(done.status).toBe('succeeded');
    expect(done.added).toBe(wanted.length);
    expect(await segmentMembers('Crash segment')).toEqual(wanted);
    const members = await testDb()
      .select()
      .from(ttdExportMembers)
      .where(eq(ttdExportMembers.exportId, exportId));
    expect(members.map((m) => m.uid2).sort()).toEqual(wanted);
    // A stale re-delivery of an early step changes nothing.
    await processExportStep(deps, { type: 'ttd.export', orgId, runId, step: 0 });
    expect((await waitForExportRun(owner, runId)).added).toBe(wanted.length);
  });

  it('fails a run TTD refuses outright, and alerts the webhook', async () => {
    const hook = `${env.BOMBORA_API_URL}/__sim/webhooks`;
    const badDestination = await created(owner, '/api/ttd/destinations', {
      name: 'Wrong token',
      advertiserId: TTD_ADVERTISER,
      region: 'usw',
      authMode: 'token',
      secret: 'not-the-token-at-all',
      alertWebhookUrl: hook,
    });
    const audienceId = await audience(`Refused auth ${crypto.randomUUID()}`, 'FR');
    const exportId = await created(owner, '/api/ttd/exports', {
      name: 'Wrong token export',
      destinationId: badDestination,
      audiences: [{ audienceId, segmentName: 'Never lands' }],
      ttlDays: 30,
      schedule: '0 6 * * *',
    });
    const run = await exportNow(owner, exportId);
    expect(run.status).toBe('failed');
    expect(run.error).toContain('refused the credentials');
    const { received } = (await (await fetch(hook)).json()) as { received: { text: string }[] };
    expect(received.some((r) => r.text.includes('Wrong token export'))).toBe(true);
  });
});

describe('identity changes reach TTD', () => {
  it('re-exports a UID2 that changed at refresh: the old one removed, the new one added', async () => {
    const audienceId = await audience(`Rotation ${crypto.randomUUID()}`, 'PT');
    await insertPeople(orgId, [{ email: 'rotate-me@example.com', country: 'PT' }]);
    await mapNow(owner);
    const exportId = await newExport('Rotation', [{ audienceId, segmentName: 'Rotation segment' }]);
    await exportNow(owner, exportId);
    const before = await segmentMembers('Rotation segment');
    const hash = await sha256Base64('rotate-me@example.com');
    await uid2Sim('/__sim/rotate', { identities: [{ email_hash: hash }] });
    await testDb()
      .update(identities)
      .set({ refreshAfter: Date.now() - 1000 })
      .where(and(eq(identities.orgId, orgId), eq(identities.kind, 'email')));
    await mapNow(owner);
    const run = await exportNow(owner, exportId);
    expect(run).toMatchObject({ added: 1, removed: 1 });
    const after = await segmentMembers('Rotation segment');
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    expect(after).toEqual(await expectedUid2s('PT'));
  });

  it('removes a person from TTD as soon as UID2 reports them opted out', async () => {
    const audienceId = await audience(`Opt-out ${crypto.randomUUID()}`, 'AT');
    await insertPeople(orgId, [
      { email: 'stays@example.com', country: 'AT' },
      { email: 'leaves@example.com', country: 'AT' },
    ]);
    await mapNow(owner);
    const exportId = await newExport('Opt-out', [{ audienceId, segmentName: 'Opt-out segment' }]);
    await exportNow(owner, exportId);
    expect(await segmentMembers('Opt-out segment')).toHaveLength(2);

    await uid2Sim('/__sim/optout', { email: 'leaves@example.com' });
    await testDb()
      .update(identities)
      .set({ refreshAfter: Date.now() - 1000 })
      .where(and(eq(identities.orgId, orgId), eq(identities.status, 'mapped')));
    const mapping = await mapNow(owner);
    expect(mapping.optedOut).toBeGreaterThanOrEqual(1);
    // The removal pass starts by itself (trigger "optout").
    let removal: { id: string } | undefined;
    for (let i = 0; i < 100 && !removal; i++) {
      [removal] = await testDb()
        .select({ id: ttdExportRuns.id })
        .from(ttdExportRuns)
        .where(and(eq(ttdExportRuns.exportId, exportId), eq(ttdExportRuns.trigger, 'optout')));
      if (!removal) await new Promise((r) => setTimeout(r, 100));
    }
    const run = await waitForExportRun(owner, removal!.id);
    expect(run).toMatchObject({ status: 'succeeded', removed: 1, added: 0 });
    expect(await segmentMembers('Opt-out segment')).toEqual(await expectedUid2s('AT'));
    expect(await segmentMembers('Opt-out segment')).toHaveLength(1);
  });
});

describe('data-subject requests', () => {
  it('deletes a person everywhere and tells TTD, keeping only a hash of who', async () => {
    const audienceId = await audience(`DSR ${crypto.randomUUID()}`, 'IE');
    await insertPeople(orgId, [
      { email: 'forget-me@example.com', phone: '+353851234567', country: 'IE' },
      { email: 'keep-me@example.com', country: 'IE' },
    ]);
    await mapNow(owner);
    const exportId = await newExport('DSR', [{ audienceId, segmentName: 'DSR segment' }]);
    await exportNow(owner, exportId);
    expect(await segmentMembers('DSR segment')).toHaveLength(3);

    const response = await call('/api/privacy/requests', {
      method: 'POST',
      cookie: owner.cookie,
      json: { action: 'delete', email: '  Forget-Me@Example.com ' },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const result = await json<Record<string, number>>(response);
    expect(result).toMatchObject({ contactsRemoved: 1, uid2sFound: 2, membershipsRemoved: 2 });
    expect(result.ttdRequests).toBeGreaterThanOrEqual(1);
    const { requests } = (await ttdSim('/__sim/dsr')) as {
      requests: Array<{ requestType: string; items: number }>;
    };
    expect(requests.at(-1)).toMatchObject({ requestType: 'Deletion' });
    expect(await segmentMembers('DSR segment')).toHaveLength(1);
    const left = opened(
      await testDb()
        .select()
        .from(contacts)
        .where(and(eq(contacts.orgId, orgId), eq(contacts.country, 'IE'))),
    );
    expect(left.map((c) => c.email)).toEqual(['keep-me@example.com']);
    const [row] = await testDb().select().from(dsrRequests).where(eq(dsrRequests.orgId, orgId));
    expect(JSON.stringify(row)).not.toContain('forget-me');
    // The next export run has nothing of theirs to send.
    const next = await exportNow(owner, exportId);
    expect(next).toMatchObject({ added: 0, targeted: 1 });
  });

  it('opts a person out for good: kept, never exported again, even after a refresh', async () => {
    const audienceId = await audience(`DSR opt-out ${crypto.randomUUID()}`, 'DK');
    await insertPeople(orgId, [
      { email: 'no-ads@example.com', country: 'DK' },
      { email: 'ads-ok@example.com', country: 'DK' },
    ]);
    await mapNow(owner);
    const exportId = await newExport('DSR opt-out', [{ audienceId, segmentName: 'DK segment' }]);
    await exportNow(owner, exportId);
    const response = await call('/api/privacy/requests', {
      method: 'POST',
      cookie: owner.cookie,
      json: { action: 'optout', email: 'no-ads@example.com' },
    });
    expect(response.status).toBe(201);
    expect(await segmentMembers('DK segment')).toHaveLength(1);
    await testDb()
      .update(identities)
      .set({ refreshAfter: Date.now() - 1000 })
      .where(eq(identities.orgId, orgId));
    await mapNow(owner);
    const run = await exportNow(owner, exportId);
    expect(run).toMatchObject({ added: 0, skippedOptedOut: 1 });
    expect(await segmentMembers('DK segment')).toEqual(await expectedUid2s('DK'));
  });

  it('refuses an identifier that is neither an email nor a phone, and editors', async () => {
    const response = await call('/api/privacy/requests', {
      method: 'POST',
      cookie: owner.cookie,
      json: { action: 'delete', phone: '12' },
    });
    expect(response.status).toBe(400);
  });
});

describe('the ttd-export cron', () => {
  it('starts exports that are due and moves their next run on', async () => {
    const audienceId = await audience(`Cron ${crypto.randomUUID()}`, 'FR');
    const exportId = await newExport('Cron', [{ audienceId, segmentName: 'Cron segment' }]);
    await testDb()
      .update(ttdExports)
      .set({ nextRunAt: Date.now() - 60_000 })
      .where(eq(ttdExports.id, exportId));
    await handleScheduled(
      createScheduledController({
        cron: SCHEDULED_JOBS['ttd-export'],
        scheduledTime: Date.UTC(2026, 0, 3, 0, 15),
      }),
      env,
      createExecutionContext(),
    );
    const [run] = await testDb()
      .select()
      .from(ttdExportRuns)
      .where(and(eq(ttdExportRuns.exportId, exportId), eq(ttdExportRuns.trigger, 'schedule')));
    expect(run).toBeDefined();
    expect((await waitForExportRun(owner, run!.id)).status).toBe('succeeded');
    const [exp] = await testDb().select().from(ttdExports).where(eq(ttdExports.id, exportId));
    expect(exp!.nextRunAt).toBeGreaterThan(Date.now());
    expect(await segmentMembers('Cron segment')).toEqual(await expectedUid2s('FR'));
  });
});
