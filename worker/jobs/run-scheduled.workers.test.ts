import { env } from 'cloudflare:workers';
import { createExecutionContext, createScheduledController } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runKeyFor, SCHEDULED_JOBS } from '../../core/jobs/schedule';
import { jobRuns } from '../db/schema';
import { testDb } from '../test-support/db';
import { buildDeps, rootLogger } from '../deps';
import { JOBS } from './jobs';
import { runJob } from './run-job';
import { handleScheduled } from './run-scheduled';

// Each test uses its own minute so runs never collide across tests.
const slot = (minute: number) => Date.UTC(2026, 0, 1, 0, minute);

describe('scheduled jobs', () => {
  it('runs the job mapped to the cron expression and records a succeeded run', async () => {
    const scheduledTime = slot(1);
    await handleScheduled(
      createScheduledController({ cron: SCHEDULED_JOBS['ttd-export'], scheduledTime }),
      env,
      createExecutionContext(),
    );
    const [run] = await testDb()
      .select()
      .from(jobRuns)
      .where(eq(jobRuns.runKey, runKeyFor('ttd-export', scheduledTime)));
    expect(run).toMatchObject({ job: 'ttd-export', status: 'succeeded' });
    expect(run?.finishedAt).toBeInstanceOf(Date);
  });

  it('records one run when the same slot is triggered twice', async () => {
    const scheduledTime = slot(2);
    for (let i = 0; i < 2; i++) {
      await handleScheduled(
        createScheduledController({ cron: SCHEDULED_JOBS.retention, scheduledTime }),
        env,
        createExecutionContext(),
      );
    }
    const runs = await testDb()
      .select()
      .from(jobRuns)
      .where(eq(jobRuns.runKey, runKeyFor('retention', scheduledTime)));
    expect(runs).toHaveLength(1);
  });

  it('records nothing for a cron expression that maps to no job', async () => {
    const scheduledTime = slot(3);
    await handleScheduled(
      createScheduledController({ cron: '1 2 3 4 5', scheduledTime }),
      env,
      createExecutionContext(),
    );
    const runs = await testDb()
      .select()
      .from(jobRuns)
      .where(eq(jobRuns.scheduledAt, new Date(scheduledTime)));
    expect(runs).toEqual([]);
  });

  it('records a failed run with the error when the job throws, and lets the next slot run', async () => {
    const deps = buildDeps(env, rootLogger(env));
    const broken = {
      ...JOBS,
      'uid2-refresh': () => Promise.reject(new Error('operator returned 500')),
    };
    const outcome = await runJob(deps, 'uid2-refresh', slot(4), broken);
    expect(outcome).toMatchObject({ ok: false, reason: 'failed', error: 'operator returned 500' });
    const [run] = await testDb()
      .select()
      .from(jobRuns)
      .where(eq(jobRuns.runKey, runKeyFor('uid2-refresh', slot(4))));
    expect(run).toMatchObject({ status: 'failed', error: 'operator returned 500' });
    await expect(runJob(deps, 'uid2-refresh', slot(5))).resolves.toMatchObject({ ok: true });
  });
});
