import { count, desc, eq } from 'drizzle-orm';
import type { Overview } from '../../core/contracts/overview';
import { SCHEDULED_JOBS, type ScheduledJobName } from '../../core/jobs/schedule';
import { deadLetters, jobRuns, memberships } from '../db/schema';
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
  const [dead] = await deps.db.select({ n: count() }).from(deadLetters);

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
    uploads: 0,
    contacts: 0,
    audiences: 0,
    deadLetters: dead?.n ?? 0,
    jobs,
  };
}
