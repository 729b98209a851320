import { ALL_PERMISSIONS } from '../../../core/auth/permissions';
import { useMe } from '~/components/shell/use-me';

const REQUEST = 'privacy:request';
/** Who may carry out a data-subject request, per the privacy API's contract. */
const REQUEST_ROLES = ['owner', 'admin'];

/**
 * Whether the active role may act on a data-subject request. `privacy:request` is being added to
 * core/auth/permissions.ts alongside the endpoint; until a checkout has it, /api/me cannot list it,
 * so the role decides. The API enforces the permission either way.
 */
export function useCanRequestPrivacy(): boolean {
  const me = useMe();
  if (!me) return false;
  if ((ALL_PERMISSIONS as readonly string[]).includes(REQUEST))
    return me.permissions.includes(REQUEST);
  return me.role !== null && REQUEST_ROLES.includes(me.role);
}
