import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef } from 'react';

/** How often a page asks again while a run is going. */
export const POLL_MS = 2000;

/**
 * Re-runs the page's loaders every couple of seconds while `active` (as the Bombora page does).
 * Pages that use it keep their loader to one API call, so a poll is one call.
 */
export function usePollWhile(active: boolean) {
  const revalidator = useRevalidator();
  const ref = useRef(revalidator);
  ref.current = revalidator;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      // Skip a tick while the previous answer is still coming or the tab is hidden.
      if (ref.current.state === 'idle' && document.visibilityState === 'visible') {
        ref.current.revalidate();
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [active]);
}
