import { eq } from 'drizzle-orm';
import { runKeyFor, type ScheduledJobName } from '../../core/jobs/schedule';
import { jobRuns } from '../db/schema';
import type { Deps } from '../deps';
import { errorFields } from '../lib/log';
import { JOBS, type Job } from './jobs';

export type JobRunOutcome =
  | { ok: true; runId: string; summary: Record<string, unknown> }
  | { ok: false; reason: 'already_ran'; runKey: string }
  | { ok: false; reason: 'failed'; runId: string; error: string };

/**
 * Runs one job for one scheduled slot and records it. Claiming the slot is an insert on the unique
 * run key, so a doubled trigger finds the row and does nothing.
 */
export async function runJob(
  deps: Deps,
  job: ScheduledJobName,
  scheduledTime: number,
  jobs: Record<ScheduledJobName, Job> = JOBS,
): Promise<JobRunOutcome> {
  const runKey = runKeyFor(job, scheduledTime);
  const runId = deps.newId();
  const claimed = await deps.db
    .insert(jobRuns)
    .values({
      id: runId,
      job,
      runKey,
      status: 'running',
      scheduledAt: new Date(scheduledTime),
      startedAt: new Date(deps.now()),
    })
    .onConflictDoNothing({ target: jobRuns.runKey })
    .returning({ id: jobRuns.id });
  const log = deps.log.child({ jobRunId: runId, job });
  if (claimed.length === 0) {
    log.info('job slot already claimed; skipping', { runKey });
    return { ok: false, reason: 'already_ran', runKey };
  }

  try {
    const summary = await jobs[job]({ ...deps, log });
    await deps.db
      .update(jobRuns)
      .set({
        status: 'succeeded',
        finishedAt: new Date(deps.now()),
        summary: JSON.stringify(summary),
      })
      .where(eq(jobRuns.id, runId));
    log.info('job succeeded', { summary });
    return { ok: true, runId, summary };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await deps.db
      .update(jobRuns)
      .set({ status: 'failed', finishedAt: new Date(deps.now()), error: message })
      .where(eq(jobRuns.id, runId));
    log.error('job failed', errorFields(error));
    return { ok: false, reason: 'failed', runId, error: message };
  }
}
