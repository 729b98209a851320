/** Saves which organisation the session works in (POST `orgId`, optional `redirectTo`). */
export const ACTIVE_ORG_ACTION = '/resources/active-org';
/** Shared by every control that switches organisation, for optimistic UI. */
export const ACTIVE_ORG_FETCHER_KEY = 'active-org';
