import type { Logger } from '../lib/log';

/** What every /api handler can read from the Hono context. */
export type ApiEnv = {
  Bindings: Env;
  Variables: { requestId: string; log: Logger };
};
