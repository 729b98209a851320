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
