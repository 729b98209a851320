import { z } from 'zod';

export const HealthCheckSchema = z.object({
  ok: z.boolean(),
  ms: z.number().int().nonnegative(),
  /** Why the check failed; absent when ok. Never contains secrets or row data. */
  error: z.string().optional(),
});
export type HealthCheck = z.infer<typeof HealthCheckSchema>;

export const HEALTH_CHECK_NAMES = ['turso', 'r2', 'queue', 'durableObject'] as const;
export type HealthCheckName = (typeof HEALTH_CHECK_NAMES)[number];

export const HealthReportSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({
    turso: HealthCheckSchema,
    r2: HealthCheckSchema,
    queue: HealthCheckSchema,
    durableObject: HealthCheckSchema,
  }),
});
export type HealthReport = z.infer<typeof HealthReportSchema>;

/** The report is ok only when every dependency is. */
export function summariseHealth(checks: Record<HealthCheckName, HealthCheck>): HealthReport {
  const ok = HEALTH_CHECK_NAMES.every((name) => checks[name].ok);
  return { status: ok ? 'ok' : 'degraded', checks };
}

/** Must equal wrangler.toml's compatibility_date (a test checks it). */
export const COMPATIBILITY_DATE = '2026-04-20';

export const VersionSchema = z.object({
  name: z.literal('p360-audiences'),
  version: z.string(),
  commit: z.string(),
  environment: z.string(),
  compatibilityDate: z.string(),
});
export type Version = z.infer<typeof VersionSchema>;
