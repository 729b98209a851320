import { and, count, desc, eq } from 'drizzle-orm';
import type { Overview } from '../../core/contracts/overview';
import { SCHEDULED_JOBS, type ScheduledJobName } from '../../core/jobs/schedule';
import { contacts, jobRuns, memberships, uploadChunks, uploads } from '../db/schema';
import type { Deps } from '../deps';
import { currentOrganization } from './organizations';

/** The first screen's numbers, for the principal's organisation. */
export async function getOverview(deps: Pick<Deps, 'db'>, orgId: string): Promise<Overview> {
  const organization = await currentOrganization(deps, orgId);

  const [members] = organization
    ? await deps.db
        .select({ n: count() })
        .from(memberships)
        .where(eq(memberships.orgId, organization.id))
    : [{ n: 0 }];
  const orgCount = async (query: Promise<Array<{ n: number }>>) => (await query)[0]?.n ?? 0;
  const [uploadCount, contactCount, deadChunks] = organization
    ? await Promise.all([
        orgCount(deps.db.select({ n: count() }).from(uploads).where(eq(uploads.orgId, orgId))),
        orgCount(deps.db.select({ n: count() }).from(contacts).where(eq(contacts.orgId, orgId))),
        // Work of this organisation that exhausted its retries and waits for a replay.
        orgCount(
          deps.db
            .select({ n: count() })
            .from(uploadChunks)
            .where(and(eq(uploadChunks.orgId, orgId), eq(uploadChunks.state, 'dead'))),
        ),
      ])
    : [0, 0, 0];

  const jobs = await Promise.all(
    (Object.keys(SCHEDULED_JOBS) as ScheduledJobName[]).map(async (job) => {
      const [last] = await deps.db
        .select({
          status: jobRuns.status,
          startedAt: jobRuns.startedAt,
          finishedAt: jobRuns.finishedAt,
        })
        .from(jobRuns)
        .where(eq(jobRuns.job, job))
        .orderBy(desc(jobRuns.startedAt))
        .limit(1);
      return {
        job,
        schedule: SCHEDULED_JOBS[job],
        lastRun: last
          ? {
              status: last.status,
              startedAt: last.startedAt.toISOString(),
              finishedAt: last.finishedAt?.toISOString() ?? null,
            }
          : null,
      };
    }),
  );

  return {
    organization: organization ?? null,
    members: members?.n ?? 0,
    uploads: uploadCount,
    contacts: contactCount,
    audiences: 0,
    deadLetters: deadChunks,
    jobs,
  };
}
