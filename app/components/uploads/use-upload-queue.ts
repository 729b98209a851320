import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { UploadLimits } from '../../../core/contracts/uploads';
import type { QueueItem, UploadQueue } from '~/lib/uploads-client';

const NONE: QueueItem[] = [];

/**
 * The files this page is uploading. The queue (and Uppy with it) is loaded on the first file, so
 * a page that only shows history never downloads the uploader.
 */
export function useUploadQueue(config: { limits: UploadLimits; fingerprintEdgeBytes: number }) {
  const queueRef = useRef<UploadQueue | null>(null);
  const loading = useRef<Promise<UploadQueue> | null>(null);
  const listeners = useRef(new Set<() => void>());

  const subscribe = useCallback((listener: () => void) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const items = useSyncExternalStore(
    subscribe,
    () => queueRef.current?.getSnapshot() ?? NONE,
    () => NONE,
  );

  const queue = useCallback(async () => {
    if (queueRef.current) return queueRef.current;
    loading.current ??= import('~/lib/uploads-client').then(({ UploadQueue }) => {
      const created = new UploadQueue(config);
      queueRef.current = created;
      const notify = () => {
        for (const listener of listeners.current) listener();
      };
      created.subscribe(notify);
      notify();
      return created;
    });
    return loading.current;
  }, [config]);

  useEffect(() => () => queueRef.current?.destroy(), []);

  return {
    items,
    add: useCallback(async (files: File[]) => (await queue()).add(files), [queue]),
    pause: (key: string) => queueRef.current?.pause(key),
    resume: (key: string) => queueRef.current?.resume(key),
    cancel: (key: string) => void queueRef.current?.cancel(key),
    dismiss: (key: string) => queueRef.current?.dismiss(key),
  };
}

export type UploadQueueControls = ReturnType<typeof useUploadQueue>;
