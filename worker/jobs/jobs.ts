import type { ScheduledJobName } from '../../core/jobs/schedule';
import type { Deps } from '../deps';
import { recountAudiences } from './audience-recount';
import { refreshBombora } from './bombora-refresh';
import { runRetention } from './retention';
import { refreshIdentities } from '../services/identity-map';
import { runDueExports } from '../services/ttd-export';

export type Job = (deps: Deps) => Promise<Record<string, unknown>>;

/** The work behind each cron job. Each records a run row (see run-job.ts). */
export const JOBS: Record<ScheduledJobName, Job> = {
  'bombora-refresh': refreshBombora,
  'ttd-export': runDueExports,
  'uid2-refresh': refreshIdentities,
  // The daily slot also takes the audience size recount (one cron trigger fewer to manage).
  retention: async (deps) => ({ ...(await runRetention(deps)), ...(await recountAudiences(deps)) }),
};
