import type { Overview } from './overview';

export interface OrganizationSummary {
  id: string;
  name: string;
  slug: string;
}

/**
 * What Remix loaders and actions may ask the Worker for, handed to them on the load context
 * (worker/services/app-services.ts implements it). Request-scoped, so the organisation comes from
 * the principal, never from the page.
 */
export interface AppServices {
  overview(): Promise<Overview>;
}
