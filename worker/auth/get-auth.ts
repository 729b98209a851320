import { z } from 'zod';
import { getConfig } from '../config';
import type { Deps } from '../deps';
import { createAuth, type Auth } from './auth';
import { createMailer } from './mailer';

type AuthDeps = Pick<Deps, 'db' | 'newId' | 'now' | 'log'>;

const perRequest = new WeakMap<AuthDeps, Auth>();
const AttemptsSchema = z.coerce.number().int().positive().catch(10);

/**
 * The Better Auth instance for one request (memoised on that request's deps). Never cache it per
 * isolate: it holds the request's database client and mailer, and workerd refuses I/O started by
 * one request and awaited by another — concurrent requests sharing one instance were cancelled as
 * hung ("Cannot perform I/O on behalf of a different request").
 */
export function getAuth(env: Env, deps: AuthDeps, origin: string): Auth {
  let auth = perRequest.get(deps);
  if (!auth) {
    const config = getConfig(env);
    auth = createAuth({
      db: deps.db,
      secret: config.SESSION_SECRET,
      baseURL: origin,
      mailer: createMailer(deps, config.APP_ENV),
      signInAttemptsPerMinute: AttemptsSchema.parse(env.SIGNIN_ATTEMPTS_PER_MINUTE),
    });
    perRequest.set(deps, auth);
  }
  return auth;
}
