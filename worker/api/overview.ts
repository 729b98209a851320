import { Hono } from 'hono';
import { getOverview } from '../services/overview';
import type { ApiEnv } from './context';
import { requires } from './guard';

export const overviewRoutes = new Hono<ApiEnv>().get(
  '/overview',
  requires('organization:view'),
  async (c) => c.json(await getOverview(c.get('deps'), c.get('tenant').orgId)),
);
