import { z } from 'zod';
import { getConfig } from '../config';
import type { Deps } from '../deps';
import { createAuth, type Auth } from './auth';
import { createMailer } from './mailer';

const cache = new Map<string, Auth>();
const AttemptsSchema = z.coerce.number().int().positive().catch(10);

/**
 * The Better Auth instance for this deployment and origin. Built once per isolate: it holds no
 * per-request state, and building it is not free.
 */
export function getAuth(
  env: Env,
  deps: Pick<Deps, 'db' | 'newId' | 'now' | 'log'>,
  origin: string,
): Auth {
  const config = getConfig(env);
  const key = `${origin}\u0000${config.TURSO_DATABASE_URL}`;
  let auth = cache.get(key);
  if (!auth) {
    auth = createAuth({
      db: deps.db,
      secret: config.SESSION_SECRET,
      baseURL: origin,
      mailer: createMailer(deps, config.APP_ENV),
      signInAttemptsPerMinute: AttemptsSchema.parse(env.SIGNIN_ATTEMPTS_PER_MINUTE),
    });
    cache.set(key, auth);
  }
  return auth;
}
