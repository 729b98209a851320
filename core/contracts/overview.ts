import { z } from 'zod';

/** What the Overview (first) screen shows. Served to Remix loaders by the Worker's services. */
export const OverviewSchema = z.object({
  organization: z.object({ id: z.string(), name: z.string(), slug: z.string() }).nullable(),
  members: z.number().int().nonnegative(),
  /** Counts per area; areas not built yet report 0 and the UI shows their empty state. */
  uploads: z.number().int().nonnegative(),
  contacts: z.number().int().nonnegative(),
  audiences: z.number().int().nonnegative(),
  deadLetters: z.number().int().nonnegative(),
  jobs: z.array(
    z.object({
      job: z.string(),
      schedule: z.string(),
      lastRun: z
        .object({
          status: z.enum(['running', 'succeeded', 'failed']),
          startedAt: z.string(),
          finishedAt: z.string().nullable(),
        })
        .nullable(),
    }),
  ),
});
export type Overview = z.infer<typeof OverviewSchema>;
