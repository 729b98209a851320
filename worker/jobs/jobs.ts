import type { ScheduledJobName } from '../../core/jobs/schedule';
import type { Deps } from '../deps';
import { recountAudiences } from './audience-recount';
import { refreshBombora } from './bombora-refresh';
import { runRetention } from './retention';

export type Job = (deps: Deps) => Promise<Record<string, unknown>>;

/**
 * The work behind each cron job. UID2 and TTD are wired but not yet implemented: their issues
 * replace each body. A run still records a row, so the schedule is visible
 * and its idempotency is tested from day one.
 */
export const JOBS: Record<ScheduledJobName, Job> = {
  'bombora-refresh': refreshBombora,
  'ttd-export': async () => ({ implemented: false }),
  'uid2-refresh': async () => ({ implemented: false }),
  // The daily slot also takes the audience size recount (one cron trigger fewer to manage).
  retention: async (deps) => ({ ...(await runRetention(deps)), ...(await recountAudiences(deps)) }),
};
