import { jobForCron } from '../../core/jobs/schedule';
import { buildDeps, rootLogger } from '../deps';
import { runJob } from './run-job';

/** Cron entry: find the job this expression triggers and run it once for this slot. */
export async function handleScheduled(
  controller: ScheduledController,
  env: Env,
  _ctx: ExecutionContext,
): Promise<void> {
  const job = jobForCron(controller.cron);
  const log = rootLogger(env, { cron: controller.cron, job });
  if (!job) {
    log.error('no job is mapped to this cron expression');
    return;
  }
  await runJob(buildDeps(env, log), job, controller.scheduledTime);
}
