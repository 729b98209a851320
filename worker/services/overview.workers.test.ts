import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { SCHEDULED_JOBS } from '../../core/jobs/schedule';
import { buildDeps, rootLogger } from '../deps';
import { runJob } from '../jobs/run-job';
import { memberships, organizations, users } from '../db/schema';
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
    expect(overview.jobs.map((j) => j.job)).toEqual(Object.keys(SCHEDULED_JOBS));
    expect(overview.jobs.find((j) => j.job === 'bombora-refresh')?.lastRun).toMatchObject({
      status: 'succeeded',
    });
  });
});
