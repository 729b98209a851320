import PartySocket from 'partysocket';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Definition } from '../../core/audience/definition';
import {
  RoomCloseCode,
  RoomServerMessageSchema,
  type RoomClientMessage,
} from '../../core/contracts/room-messages';
import { applyLocal } from '../../core/room/client-state';
import type { Op } from '../../core/room/ops';
import {
  HISTORY_PAGE,
  addToast,
  disconnected,
  helloFor,
  initialSession,
  receive,
  viewOf,
  type RoomEffect,
  type RoomSession,
} from '~/lib/room-session';

/*
 * The builder's connection to its audience room (PartySocket: reconnects with backoff). Edits are
 * applied locally at once and sent with a fresh clientOpId; the room's echo confirms them and
 * teammates' ops rebase them (core/room/client-state.ts). After every reconnect the hello carries
 * the last seq held, the room answers with a catch-up or a snapshot, and only then are unconfirmed
 * ops sent again and the connection called live.
 */

const PRESENCE_MS = 50;

/** Close codes after which reconnecting cannot help. */
const FINAL_CLOSES: Record<number, string> = {
  [RoomCloseCode.unauthorised]: 'Your session ended: sign in again to keep editing.',
  [RoomCloseCode.forbidden]: 'Your role can no longer open this audience.',
  [RoomCloseCode.notFound]: 'This audience no longer exists.',
};

export const newClientOpId = () => crypto.randomUUID();

export function useAudienceRoom({
  room,
  fallback,
  readOnly: initiallyReadOnly,
}: {
  /** `<orgId>:<audienceId>`. */
  room: string;
  /** The draft as the page loaded it, shown until the room answers. */
  fallback: Definition;
  readOnly: boolean;
}) {
  const [state, setState] = useState<RoomSession>(() => initialSession(initiallyReadOnly));
  const stateRef = useRef(state);
  const socketRef = useRef<PartySocket | null>(null);

  const commit = useCallback((next: RoomSession) => {
    stateRef.current = next;
    setState(next);
  }, []);

  // Ops already sent on the current socket: a mid-session resync must not send them twice.
  const sentRef = useRef(new Set<string>());

  const send = useCallback((message: RoomClientMessage) => {
    const socket = socketRef.current;
    if (socket?.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify(message));
    if (message.type === 'op') sentRef.current.add(message.clientOpId);
  }, []);

  const run = useCallback(
    (effects: RoomEffect[]) => {
      for (const effect of effects) {
        if (effect.type === 'send') send(effect.message);
        else
          for (const p of stateRef.current.draft?.pending ?? [])
            if (!sentRef.current.has(p.clientOpId))
              send({ type: 'op', clientOpId: p.clientOpId, op: p.op });
      }
    },
    [send],
  );

  useEffect(() => {
    const socket = new PartySocket({
      host: window.location.host,
      protocol: window.location.protocol === 'https:' ? 'wss' : 'ws',
      party: 'audience-room',
      room,
      maxRetries: Infinity,
    });
    socketRef.current = socket;
    const onOpen = () => {
      sentRef.current.clear();
      socket.send(JSON.stringify(helloFor(stateRef.current)));
      if (stateRef.current.history.loaded)
        socket.send(JSON.stringify({ type: 'history', before: null, limit: HISTORY_PAGE }));
    };
    const onMessage = (event: MessageEvent) => {
      let raw: unknown;
      try {
        raw = typeof event.data === 'string' ? JSON.parse(event.data) : null;
      } catch {
        raw = null;
      }
      const parsed = RoomServerMessageSchema.safeParse(raw);
      if (!parsed.success) return; // a newer server's message this page does not know yet
      const { state: next, effects } = receive(stateRef.current, parsed.data);
      commit(next);
      run(effects);
    };
    const onClose = (event: CloseEvent) => {
      const final = FINAL_CLOSES[event.code];
      if (final) socket.close();
      commit(disconnected(stateRef.current, final ?? null));
    };
    const onOffline = () => commit(disconnected(stateRef.current, null));
    const onOnline = () => socket.reconnect();
    socket.addEventListener('open', onOpen);
    socket.addEventListener('message', onMessage);
    socket.addEventListener('close', onClose);
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    return () => {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      socket.removeEventListener('open', onOpen);
      socket.removeEventListener('message', onMessage);
      socket.removeEventListener('close', onClose);
      socket.close();
      socketRef.current = null;
    };
  }, [room, commit, run]);

  const editable = () => {
    const s = stateRef.current;
    return !s.readOnly && s.closedReason === null && s.draft !== null;
  };

  const dispatch = useCallback(
    (op: Op) => {
      const current = stateRef.current;
      if (!editable() || !current.draft) return;
      const clientOpId = newClientOpId();
      commit({ ...current, draft: applyLocal(current.draft, { clientOpId, op }) });
      // Not live yet: the op waits in `pending` and goes out after the hello is answered.
      if (current.connection === 'live') send({ type: 'op', clientOpId, op });
    },
    [commit, send],
  );

  const request = useCallback(
    (message: RoomClientMessage) => {
      if (stateRef.current.connection !== 'live') {
        commit(addToast(stateRef.current, 'warning', 'Not connected: try again in a moment.'));
        return;
      }
      send(message);
    },
    [commit, send],
  );

  const undo = useCallback(
    () => editable() && request({ type: 'undo', clientOpId: newClientOpId() }),
    [request],
  );
  const redo = useCallback(
    () => editable() && request({ type: 'redo', clientOpId: newClientOpId() }),
    [request],
  );
  const restore = useCallback(
    (seq: number) => editable() && request({ type: 'restore', clientOpId: newClientOpId(), seq }),
    [request],
  );
  const saveVersion = useCallback(
    (note: string) => {
      if (stateRef.current.connection === 'live')
        commit({ ...stateRef.current, savingVersion: true });
      request({ type: 'save_version', ...(note.trim() ? { note: note.trim() } : {}) });
    },
    [commit, request],
  );
  const loadHistory = useCallback(
    (before: number | null) => send({ type: 'history', before, limit: HISTORY_PAGE }),
    [send],
  );

  // Presence is throttled: the latest selection and cursor go out at most every 50 ms.
  const presence = useRef<{ timer: number | null; next: RoomClientMessage | null }>({
    timer: null,
    next: null,
  });
  const setPresence = useCallback(
    (selection: string[], cursor: { x: number; y: number } | null) => {
      presence.current.next = { type: 'presence', selection: selection.slice(0, 50), cursor };
      if (presence.current.timer !== null) return;
      presence.current.timer = window.setTimeout(() => {
        presence.current.timer = null;
        if (presence.current.next) send(presence.current.next);
        presence.current.next = null;
      }, PRESENCE_MS);
    },
    [send],
  );
  useEffect(() => () => clearTimeout(presence.current.timer ?? undefined), []);

  const dismissToast = useCallback(
    (id: number) =>
      commit({ ...stateRef.current, toasts: stateRef.current.toasts.filter((t) => t.id !== id) }),
    [commit],
  );

  const definition = viewOf(state, fallback);
  const self = state.connectionId;
  const peers = useMemo(
    () => state.peers.filter((p) => p.connectionId !== self),
    [state.peers, self],
  );
  return {
    definition,
    seq: state.draft?.seq ?? null,
    pending: state.draft?.pending.length ?? 0,
    sizes: state.sizes,
    issues: state.sizes?.issues ?? [],
    peers,
    stacks: state.stacks,
    history: state.history,
    savedSeq: state.savedSeq,
    lastVersion: state.lastVersion,
    readOnly: state.readOnly || state.closedReason !== null,
    canPublish: state.canPublish,
    actor: state.actor,
    connection: state.connection,
    closedReason: state.closedReason,
    toasts: state.toasts,
    dispatch,
    undo,
    redo,
    restore,
    saveVersion,
    loadHistory,
    setPresence,
    dismissToast,
  };
}

export type AudienceRoomHandle = ReturnType<typeof useAudienceRoom>;
