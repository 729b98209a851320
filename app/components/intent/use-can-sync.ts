import { ALL_PERMISSIONS } from '../../../core/auth/permissions';
import { useMe } from '~/components/shell/use-me';

const SYNC = 'integration:sync';
/** Who may start a sync, per the Bombora API's contract (owner, admin, editor). */
const SYNC_ROLES = ['owner', 'admin', 'editor'];

/**
 * Whether the active role may press "Sync now". `integration:sync` is being added to
 * core/auth/permissions.ts alongside the sync endpoint; until a checkout has it, /api/me cannot
 * list it, so the role decides. The API enforces the permission either way.
 */
export function useCanSync(): boolean {
  const me = useMe();
  if (!me) return false;
  if ((ALL_PERMISSIONS as readonly string[]).includes(SYNC)) return me.permissions.includes(SYNC);
  return me.role !== null && SYNC_ROLES.includes(me.role);
}
