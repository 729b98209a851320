import { useCan } from '~/components/shell/use-me';

/** Whether the active role may act on a data-subject request (owners and admins). */
export function useCanRequestPrivacy(): boolean {
  return useCan('privacy:request');
}
