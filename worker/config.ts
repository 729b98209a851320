import { z } from 'zod';
import { AppError } from './lib/errors';

/**
 * `env` is an edge like any other: validate it once, with a message that names the missing or
 * malformed key (never its value).
 */
const ConfigSchema = z.object({
  APP_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  TURSO_DATABASE_URL: z
    .string({ error: 'TURSO_DATABASE_URL is not set (see .dev.vars.example)' })
    .regex(
      /^(libsql|https?|wss?):\/\//,
      'TURSO_DATABASE_URL must be a libsql://, https:// or http:// URL',
    ),
  TURSO_AUTH_TOKEN: z.string().optional(),
  SESSION_SECRET: z
    .string({ error: 'SESSION_SECRET is not set (see .dev.vars.example)' })
    .min(32, 'SESSION_SECRET must be at least 32 characters')
    .refine((v) => !v.startsWith('replace-me'), 'SESSION_SECRET still has the placeholder value'),
  APP_COMMIT: z.string().optional(),
  /** Largest upload an organisation may send unless it has its own limit (default 5 GB). */
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(5_000_000_000),
  /** Part size of multipart uploads: R2 (and Uppy) need at least 5 MiB for every part but the last. */
  UPLOAD_PART_BYTES: z.coerce
    .number()
    .int()
    .min(5 * 1024 * 1024, 'UPLOAD_PART_BYTES must be at least 5 MiB (R2 refuses smaller parts)')
    .default(16 * 1024 * 1024),
  /** Target size of a processing chunk (one INGEST message). */
  UPLOAD_CHUNK_BYTES: z.coerce
    .number()
    .int()
    .min(64)
    .default(2 * 1024 * 1024),
  /** Days after which an upload's source file and rejects are removed from R2 (records stay). */
  UPLOAD_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
});
export type Config = z.infer<typeof ConfigSchema>;

const cache = new WeakMap<object, Config>();

export function getConfig(env: Env): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new AppError(
      503,
      'misconfigured',
      `Server configuration is invalid — ${problems.join('; ')}`,
    );
  }
  cache.set(env, parsed.data);
  return parsed.data;
}
