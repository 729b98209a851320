import type { AppLoadContext } from '@remix-run/cloudflare';
import type { Overview } from '../../core/contracts/overview';
import { SCHEDULED_JOBS } from '../../core/jobs/schedule';

/**
 * The Overview page's data. The seam: the Worker puts request-scoped services on the load context
 * and the numbers come from `services.overview()`. Without them (under `remix vite:dev`, which has
 * no Worker) the page renders what a brand-new organisation looks like.
 */
export async function getOverview(context: AppLoadContext): Promise<Overview> {
  const overview = context.services?.overview;
  if (overview) return overview();

  // `cloudflare` is absent under `remix vite:dev`.
  if (context.cloudflare?.env.TURSO_DATABASE_URL) {
    // A database is configured but nothing was wired to read it: say so rather than silently
    // showing an empty organisation.
    console.warn(
      JSON.stringify({
        level: 'warn',
        msg: 'overview.services_missing',
        requestId: context.requestId,
      }),
    );
  }
  // TODO(wire to services): only reached without a Worker once worker/fetch.ts provides services.
  return emptyOverview();
}

function emptyOverview(): Overview {
  return {
    organization: null,
    members: 0,
    uploads: 0,
    contacts: 0,
    audiences: 0,
    deadLetters: 0,
    jobs: Object.entries(SCHEDULED_JOBS).map(([job, schedule]) => ({
      job,
      schedule,
      lastRun: null,
    })),
  };
}
