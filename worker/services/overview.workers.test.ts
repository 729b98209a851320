import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { SCHEDULED_JOBS } from '../../core/jobs/schedule';
import { buildDeps, rootLogger } from '../deps';
import { runJob } from '../jobs/run-job';
import { contacts, memberships, organizations, uploadChunks, uploads, users } from '../db/schema';
import { testDb } from '../test-support/db';
import { getOverview } from './overview';

describe('getOverview', () => {
  it('counts the organisation’s members and reports each job’s latest run', async () => {
    const db = testDb();
    const suffix = crypto.randomUUID().slice(0, 8);
    await db.insert(organizations).values({
      id: `org-${suffix}`,
      name: 'Acme',
      slug: `acme-${suffix}`,
      createdAt: new Date(0),
    });
    await db.insert(users).values([
      { id: `u1-${suffix}`, name: 'A', email: `a-${suffix}@example.test` },
      { id: `u2-${suffix}`, name: 'B', email: `b-${suffix}@example.test` },
    ]);
    await db.insert(memberships).values([
      { id: `m1-${suffix}`, orgId: `org-${suffix}`, userId: `u1-${suffix}`, role: 'owner' },
      { id: `m2-${suffix}`, orgId: `org-${suffix}`, userId: `u2-${suffix}`, role: 'viewer' },
    ]);
    const deps = buildDeps(env, rootLogger(env));
    await runJob(deps, 'bombora-refresh', Date.UTC(2026, 1, 1, 6));

    const overview = await getOverview(deps, `org-${suffix}`);

    expect(overview.organization).toEqual({
      id: `org-${suffix}`,
      name: 'Acme',
      slug: `acme-${suffix}`,
    });
    expect(overview.members).toBe(2);
    expect(overview).toMatchObject({ uploads: 0, contacts: 0, deadLetters: 0 });
    expect(overview.jobs.map((j) => j.job)).toEqual(Object.keys(SCHEDULED_JOBS));
    expect(overview.jobs.find((j) => j.job === 'bombora-refresh')?.lastRun).toMatchObject({
      status: 'succeeded',
    });
  });

  it('counts the organisation’s uploads, contacts and failed chunks — and no one else’s', async () => {
    const db = testDb();
    const suffix = crypto.randomUUID().slice(0, 8);
    for (const org of ['mine', 'other'])
      await db
        .insert(organizations)
        .values({ id: `${org}-${suffix}`, name: org, slug: `${org}-${suffix}` });
    const now = new Date();
    for (const org of ['mine', 'other']) {
      const orgId = `${org}-${suffix}`;
      await db.insert(uploads).values({
        id: `up-${orgId}`,
        orgId,
        name: 'list.csv',
        sizeBytes: 10,
        lastModified: 0,
        fingerprint: '0'.repeat(64),
        status: 'failed',
        r2Key: 'k',
        partSize: 10,
        partCount: 1,
        generation: 1,
        createdAt: now,
        updatedAt: now,
      });
      await db.insert(uploadChunks).values({
        orgId,
        uploadId: `up-${orgId}`,
        generation: 1,
        chunk: 0,
        start: 0,
        end: 10,
        firstLine: 2,
        state: 'dead',
      });
    }
    const contact = (orgId: string, n: number) => ({
      orgId,
      dedupeKey: Buffer.from(`${orgId}-${n}`),
      quality: 50,
      createdUploadId: `up-${orgId}`,
      writtenUploadId: `up-${orgId}`,
      writtenLine: n,
      createdAt: 0,
      updatedAt: 0,
    });
    await db.insert(contacts).values([1, 2, 3].map((n) => contact(`mine-${suffix}`, n)));
    await db.insert(contacts).values([contact(`other-${suffix}`, 1)]);
    const overview = await getOverview(buildDeps(env, rootLogger(env)), `mine-${suffix}`);
    expect(overview).toMatchObject({ uploads: 1, contacts: 3, deadLetters: 1 });
  });
});
