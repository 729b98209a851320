import type { Definition } from '../audience/definition';
import type { RoomLogEntry } from '../contracts/room-messages';
import { applyOp, type Op } from './ops';

/*
 * A co-editor's copy of the draft. `confirmed` is the room's draft at `seq` (the room's accepted
 * ops, applied in order); `pending` are this client's own ops not yet echoed. What the user sees is
 * `view`: the confirmed draft with the pending ops replayed on top (rebased). An op that no longer
 * applies after a teammate's change is dropped from the view here, and the room will reject it too.
 */
export interface PendingOp {
  clientOpId: string;
  op: Op;
}

export interface ClientDraft {
  seq: number;
  confirmed: Definition;
  pending: PendingOp[];
  view: Definition;
}

export function clientDraft(definition: Definition, seq: number): ClientDraft {
  return { seq, confirmed: definition, pending: [], view: definition };
}

function rebase(confirmed: Definition, pending: PendingOp[]): Definition {
  let view = confirmed;
  for (const { op } of pending) {
    const result = applyOp(view, op);
    if (result.ok) view = result.definition;
  }
  return view;
}

/** The user made a change: show it at once, and remember it until the room echoes it. */
export function applyLocal(state: ClientDraft, pending: PendingOp): ClientDraft {
  const next = [...state.pending, pending];
  const result = applyOp(state.view, pending.op);
  return { ...state, pending: next, view: result.ok ? result.definition : state.view };
}

/**
 * The room accepted an op (anyone's, in sequence order). Entries at or below the client's seq are
 * duplicates (a catch-up overlapping a broadcast) and are ignored. Returns undefined when an entry
 * is missing before this one: the client must ask for a catch-up.
 */
export function applyRemote(state: ClientDraft, entry: RoomLogEntry): ClientDraft | undefined {
  if (entry.seq <= state.seq) return state;
  if (entry.seq !== state.seq + 1) return undefined;
  const result = applyOp(state.confirmed, entry.op);
  // The room applied it to this very draft, so it applies here too; if not, resync.
  if (!result.ok) return undefined;
  const pending = entry.clientOpId
    ? state.pending.filter((p) => p.clientOpId !== entry.clientOpId)
    : state.pending;
  return {
    seq: entry.seq,
    confirmed: result.definition,
    pending,
    view: rebase(result.definition, pending),
  };
}

/** The room refused one of this client's ops: drop it. */
export function dropPending(state: ClientDraft, clientOpId: string): ClientDraft {
  const pending = state.pending.filter((p) => p.clientOpId !== clientOpId);
  if (pending.length === state.pending.length) return state;
  return { ...state, pending, view: rebase(state.confirmed, pending) };
}

/** A full resync: the room's draft replaces the confirmed one; pending ops are replayed on it. */
export function applySnapshot(
  state: ClientDraft,
  definition: Definition,
  seq: number,
): ClientDraft {
  return {
    seq,
    confirmed: definition,
    pending: state.pending,
    view: rebase(definition, state.pending),
  };
}
