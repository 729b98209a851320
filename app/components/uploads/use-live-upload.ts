import { useEffect, useRef, useState } from 'react';
import type { Upload } from '../../../core/contracts/uploads';
import { isFinished } from '~/lib/uploads';

const POLL_MS = 2000;

/**
 * An upload kept current while it runs: Server-Sent Events from `/api/uploads/:id/events`, and
 * polling every 2 s if the stream fails (a proxy that buffers, the server's 5-minute cap). Stops
 * once the upload is finished and calls `onFinished` once.
 */
export function useLiveUpload(
  initial: Upload,
  follow: boolean,
  onFinished?: (upload: Upload) => void,
): Upload {
  const [live, setLive] = useState(initial);
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;

  // A newer description from the server (a loader revalidation, an action's answer) wins.
  useEffect(() => setLive(initial), [initial]);

  useEffect(() => {
    if (!follow || typeof window === 'undefined') return;
    let stopped = false;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const controller = new AbortController();

    const accept = (upload: Upload) => {
      if (stopped) return;
      setLive(upload);
      if (isFinished(upload.status)) {
        stop();
        finishedRef.current?.(upload);
      }
    };
    const stop = () => {
      stopped = true;
      source?.close();
      if (timer) clearTimeout(timer);
      controller.abort();
    };

    void import('~/lib/uploads-client').then(({ getUpload, parseUpload }) => {
      if (stopped) return;
      const poll = async () => {
        const answer = await getUpload(initial.id, controller.signal).catch(() => null);
        if (answer?.ok) accept(answer.data);
        if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
      };
      if (typeof EventSource === 'undefined') return void poll();
      source = new EventSource(`/api/uploads/${encodeURIComponent(initial.id)}/events`);
      source.addEventListener('progress', (event) => {
        try {
          accept(parseUpload(JSON.parse((event as MessageEvent<string>).data)));
        } catch {
          // A malformed event: the next one (or the poll) brings the state.
        }
      });
      source.addEventListener('error', () => {
        if (stopped) return;
        source?.close();
        source = null;
        void poll();
      });
    });
    return stop;
  }, [initial.id, follow]);

  return live;
}
