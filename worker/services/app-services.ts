import type { AppServices } from '../../core/contracts/app-services';
import { OverviewSchema } from '../../core/contracts/overview';

export type InProcessApi = (path: string, init?: RequestInit) => Promise<Response>;

/**
 * What Remix loaders may ask for, answered by the same /api the browser and scripts use (called
 * in-process, with the visitor's cookies), so the pages get exactly the API's guards, tenant
 * scoping and audit trail.
 */
export function createAppServices(api: InProcessApi): AppServices {
  return {
    overview: async () => {
      const response = await api('/api/overview');
      if (!response.ok) throw new Response(null, { status: response.status });
      return OverviewSchema.parse(await response.json());
    },
  };
}
