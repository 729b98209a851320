import { Hono } from 'hono';
import { COMPATIBILITY_DATE, type Version } from '../../core/contracts/health';
import packageJson from '../../package.json';
import type { ApiEnv } from './context';

export const versionRoutes = new Hono<ApiEnv>().get('/', (c) => {
  const body: Version = {
    name: 'p360-audiences',
    version: packageJson.version,
    commit: c.env.APP_COMMIT || 'dev',
    environment: c.env.APP_ENV,
    compatibilityDate: COMPATIBILITY_DATE,
  };
  return c.json(body);
});
