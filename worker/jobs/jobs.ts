import type { ScheduledJobName } from '../../core/jobs/schedule';
import type { Deps } from '../deps';

export type Job = (deps: Deps) => Promise<Record<string, unknown>>;

/**
 * The work behind each cron job. These are wired but not yet implemented: the Bombora, UID2, TTD
 * and retention issues replace each body. A run still records a row, so the schedule is visible
 * and its idempotency is tested from day one.
 */
export const JOBS: Record<ScheduledJobName, Job> = {
  'bombora-refresh': async () => ({ implemented: false }),
  'ttd-export': async () => ({ implemented: false }),
  'uid2-refresh': async () => ({ implemented: false }),
  retention: async () => ({ implemented: false }),
};
