import type { Overview } from '../../core/contracts/overview';
import { buildDeps } from '../deps';
import type { Logger } from '../lib/log';
import { getOverview } from './overview';

/** The services Remix loaders and actions may call, handed to them on the load context. */
export interface AppServices {
  overview: () => Promise<Overview>;
}

export function createAppServices(env: Env, log: Logger): AppServices {
  const deps = buildDeps(env, log);
  return {
    overview: () => getOverview(deps),
  };
}
