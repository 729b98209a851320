import type { Definition } from '../../core/audience/definition';
import type {
  Peer,
  RoomClientMessage,
  RoomLogEntry,
  RoomServerMessage,
  RoomSizes,
} from '../../core/contracts/room-messages';
import {
  applyRemote,
  applySnapshot,
  clientDraft,
  dropPending,
  type ClientDraft,
} from '../../core/room/client-state';

/*
 * A co-editor's session with an audience room, as a pure reducer: the hook feeds it every
 * validated server message and carries out the effects it returns (send a frame, resync). Kept
 * apart from the socket so the protocol rules — when the connection is really live, which sizes
 * are stale, when to ask for a catch-up, when to re-send unconfirmed ops — are tested in Node.
 */

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface Toast {
  id: number;
  tone: 'info' | 'warning' | 'danger' | 'success';
  text: string;
}

export interface RoomStacks {
  undo: number;
  redo: number;
  nextUndo: string | null;
  nextRedo: string | null;
}

export interface RoomSession {
  connection: ConnectionState;
  /** Why the room closed for good (no access, audience deleted), when it did. */
  closedReason: string | null;
  draft: ClientDraft | null;
  readOnly: boolean;
  canPublish: boolean;
  actor: string | null;
  connectionId: string | null;
  sizes: RoomSizes | null;
  peers: Peer[];
  stacks: RoomStacks;
  history: { entries: RoomLogEntry[]; hasMore: boolean; oldestSeq: number; loaded: boolean };
  savedSeq: number | null;
  /** This client asked to save a version and waits for the answer. */
  savingVersion: boolean;
  /** The latest version saved while connected (the page reloads its version list on change). */
  lastVersion: number | null;
  toasts: Toast[];
  nextToast: number;
}

export type RoomEffect =
  | { type: 'send'; message: RoomClientMessage }
  /** Send every pending op again (the connection is back and the draft is current). */
  | { type: 'flush' };

export const HISTORY_PAGE = 50;

export function initialSession(readOnly: boolean): RoomSession {
  return {
    connection: 'connecting',
    closedReason: null,
    draft: null,
    readOnly,
    canPublish: false,
    actor: null,
    connectionId: null,
    sizes: null,
    peers: [],
    stacks: { undo: 0, redo: 0, nextUndo: null, nextRedo: null },
    history: { entries: [], hasMore: false, oldestSeq: 0, loaded: false },
    savedSeq: null,
    savingVersion: false,
    lastVersion: null,
    toasts: [],
    nextToast: 1,
  };
}

export function addToast(state: RoomSession, tone: Toast['tone'], text: string): RoomSession {
  const toast = { id: state.nextToast, tone, text };
  return { ...state, toasts: [...state.toasts.slice(-4), toast], nextToast: state.nextToast + 1 };
}

/** The hello to send when the socket opens: the last seq held, so the room can send only news. */
export function helloFor(state: RoomSession): RoomClientMessage {
  return { type: 'hello', since: state.draft ? state.draft.seq : null };
}

/** Newest first, without duplicates (a live entry may also arrive in a history page). */
function mergeEntries(a: RoomLogEntry[], b: RoomLogEntry[]): RoomLogEntry[] {
  const bySeq = new Map<number, RoomLogEntry>();
  for (const entry of [...a, ...b]) bySeq.set(entry.seq, entry);
  return [...bySeq.values()].sort((x, y) => y.seq - x.seq);
}

function withEntries(state: RoomSession, entries: RoomLogEntry[]): RoomSession {
  if (!state.history.loaded || !entries.length) return state;
  return {
    ...state,
    history: { ...state.history, entries: mergeEntries(state.history.entries, entries) },
  };
}

const RESYNC: RoomEffect = { type: 'send', message: { type: 'hello', since: null } };

/** Applies one server message. */
export function receive(
  state: RoomSession,
  message: RoomServerMessage,
): { state: RoomSession; effects: RoomEffect[] } {
  const same = { state, effects: [] as RoomEffect[] };
  switch (message.type) {
    case 'welcome':
      return {
        state: {
          ...state,
          readOnly: message.readOnly,
          canPublish: message.canPublish,
          actor: message.actor,
          connectionId: message.connectionId,
        },
        effects: [],
      };
    case 'pong':
      return same;
    case 'snapshot': {
      const draft = state.draft
        ? applySnapshot(state.draft, message.definition, message.seq)
        : clientDraft(message.definition, message.seq);
      return { state: { ...state, draft, connection: 'live' }, effects: [{ type: 'flush' }] };
    }
    case 'catch_up': {
      let draft = state.draft;
      if (!draft) return { state, effects: [RESYNC] };
      for (const entry of message.entries) {
        const next = applyRemote(draft, entry);
        // A gap or an op that no longer applies: this copy cannot be trusted, start over.
        if (!next) return { state, effects: [RESYNC] };
        draft = next;
      }
      return {
        state: withEntries({ ...state, draft, connection: 'live' }, message.entries),
        effects: [{ type: 'flush' }],
      };
    }
    case 'applied': {
      if (!state.draft) return same;
      const draft = applyRemote(state.draft, message.entry);
      if (!draft) return { state, effects: [{ type: 'send', message: helloFor(state) }] };
      return { state: withEntries({ ...state, draft }, [message.entry]), effects: [] };
    }
    case 'rejected': {
      const draft = state.draft ? dropPending(state.draft, message.clientOpId) : null;
      return {
        state: addToast({ ...state, draft }, 'danger', `Not applied: ${message.reason}`),
        effects: [],
      };
    }
    case 'skipped':
      return {
        state: addToast(
          state,
          'warning',
          `${message.action === 'undo' ? 'Undo' : 'Redo'} skipped: ${message.reason}`,
        ),
        effects: [],
      };
    case 'stacks':
      return {
        state: {
          ...state,
          stacks: {
            undo: message.undo,
            redo: message.redo,
            nextUndo: message.nextUndo,
            nextRedo: message.nextRedo,
          },
        },
        effects: [],
      };
    case 'presence':
      return { state: { ...state, peers: message.peers }, effects: [] };
    case 'sizes':
      // Counts finish out of order; an older draft's sizes never replace a newer one's.
      if (state.sizes && message.seq < state.sizes.seq) return same;
      return { state: { ...state, sizes: message }, effects: [] };
    case 'history': {
      const entries = state.history.loaded
        ? mergeEntries(state.history.entries, message.entries)
        : mergeEntries([], message.entries);
      return {
        state: {
          ...state,
          history: {
            entries,
            hasMore: message.hasMore,
            oldestSeq: message.oldestSeq,
            loaded: true,
          },
        },
        effects: [],
      };
    }
    case 'saved':
      return { state: { ...state, savedSeq: message.seq }, effects: [] };
    case 'version_saved': {
      const text = state.savingVersion
        ? `Saved as version ${message.version}.`
        : `${message.by} saved version ${message.version}.`;
      return {
        state: addToast(
          { ...state, savingVersion: false, lastVersion: message.version },
          'success',
          text,
        ),
        effects: [],
      };
    }
    case 'error': {
      const details = message.issues?.length
        ? ` (${message.issues.length} ${message.issues.length === 1 ? 'problem' : 'problems'} in the definition)`
        : '';
      return {
        state: addToast({ ...state, savingVersion: false }, 'danger', message.message + details),
        effects: [],
      };
    }
  }
}

/** The socket closed: show the truth until the next hello is answered. */
export function disconnected(state: RoomSession, reason: string | null): RoomSession {
  if (reason) return { ...state, connection: 'offline', closedReason: reason, peers: [] };
  return {
    ...state,
    connection: state.connection === 'offline' ? 'offline' : 'reconnecting',
    peers: [],
  };
}

/** The definition a user sees and edits (the loader's copy until the room answers). */
export function viewOf(state: RoomSession, fallback: Definition): Definition {
  return state.draft?.view ?? fallback;
}
