/**
 * The scheduled jobs and the cron expression that triggers each. wrangler.toml's [triggers] must
 * list exactly these expressions (a test checks it), so a cron firing always maps to one job.
 */
export const SCHEDULED_JOBS = {
  'bombora-refresh': '5 * * * *',
  'ttd-export': '*/15 * * * *',
  'uid2-refresh': '0 3 * * *',
  retention: '30 4 * * *',
} as const;

export type ScheduledJobName = keyof typeof SCHEDULED_JOBS;

export function jobForCron(cron: string): ScheduledJobName | undefined {
  const entry = Object.entries(SCHEDULED_JOBS).find(([, expression]) => expression === cron);
  return entry?.[0] as ScheduledJobName | undefined;
}

/**
 * A run key identifies one firing of a job, so a doubled trigger (retries, manual re-runs of the
 * same slot) records one run, not two. Keyed by the minute the trigger was scheduled for.
 */
export function runKeyFor(job: ScheduledJobName, scheduledTime: number): string {
  const minute = new Date(Math.floor(scheduledTime / 60_000) * 60_000).toISOString();
  return `${job}@${minute}`;
}
