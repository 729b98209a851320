import type { AppServices } from '../../core/contracts/app-services';
import { buildDeps } from '../deps';
import type { Logger } from '../lib/log';
import { currentOrganization } from './organizations';
import { getOverview } from './overview';

export function createAppServices(env: Env, log: Logger): AppServices {
  const deps = buildDeps(env, log);
  return {
    currentOrganization: () => currentOrganization(deps),
    overview: () => getOverview(deps),
  };
}
