import { useRouteLoaderData } from '@remix-run/react';
import type { Permission } from '../../../core/auth/permissions';
import type { Me } from '../../../core/contracts/accounts';
import type { loader as rootLoader } from '~/root';

/** The signed-in person from the root loader (`/api/me`), or null for a signed-out visitor. */
export function useMe(): Me | null {
  return useRouteLoaderData<typeof rootLoader>('root')?.me ?? null;
}

/**
 * Whether the active role may do something, to hide what it may not. The API enforces the same
 * permission on every call; this only keeps the page honest about what will work.
 */
export function useCan(permission: Permission): boolean {
  return useMe()?.permissions.includes(permission) ?? false;
}
