import { findNode, walk, type Definition } from '../audience/definition';
import type { LogEntryKind, RoomLogEntry } from '../contracts/room-messages';
import { applyOp, describeOp, footprintsOverlap, type Op } from './ops';

/*
 * The authoritative state of one audience room: the draft, its sequence number, the bounded op log
 * and every user's undo / redo stacks. Pure: the Durable Object persists what each call changed.
 *
 * Undo rules (docs/decisions/0012-per-user-undo.md):
 * - undo takes back the user's own last step by applying its inverse as a new op;
 * - it is skipped — dropped from the stack, and the user told why — when a teammate has since
 *   written anything the step wrote (the same property, the node it created / removed or anything
 *   now inside it, or the whole draft), or when the inverse no longer applies (its node or group
 *   is gone);
 * - redo re-applies an undone step under the same rule; a new edit clears the redo stack;
 * - consecutive edits by one user to the same property within `coalesceMs` are one step, unless a
 *   teammate wrote that property in between.
 */

export interface StoredEntry extends RoomLogEntry {
  /** Undoes this entry (used to rebuild earlier drafts for "restore to here"). */
  inverse: Op;
  /** What this entry wrote (core/room/ops.ts footprints). */
  footprint: string[];
}

export interface UndoStep {
  /** The seq of the entry this step undoes (or, on the redo stack, re-does). */
  seq: number;
  inverse: Op;
  footprint: string[];
  summary: string;
  /** `<nodeId>:<prop>` for single-property edits, which coalesce. */
  coalesceKey: string | null;
  lastAt: number;
}

export interface Stacks {
  undo: UndoStep[];
  redo: UndoStep[];
}

export interface RoomLimits {
  /** Log entries kept (history, catch-up, restore points). */
  logEntries: number;
  /** Steps kept per user and stack. */
  undoDepth: number;
  coalesceMs: number;
  /** A client further behind than this gets a snapshot instead of the ops. */
  catchUpMax: number;
}

export const DEFAULT_ROOM_LIMITS: RoomLimits = {
  logEntries: 2000,
  undoDepth: 100,
  coalesceMs: 1000,
  catchUpMax: 500,
};

export interface Author {
  actor: string;
  name: string;
}

export type Outcome =
  | { kind: 'applied'; entry: StoredEntry; trimmedThrough: number | null }
  | { kind: 'rejected'; code: string; reason: string }
  | { kind: 'skipped'; code: string; reason: string }
  | { kind: 'nothing'; reason: string }
  /** The op was already applied (a client re-sent it after reconnecting): ignore it. */
  | { kind: 'duplicate' };

export class RoomState {
  private readonly stacks = new Map<string, Stacks>();

  constructor(
    public definition: Definition,
    public seq: number,
    /** Oldest first, contiguous, ending at `seq`. */
    private readonly log: StoredEntry[],
    stacks: Iterable<[string, Stacks]> = [],
    private readonly limits: RoomLimits = DEFAULT_ROOM_LIMITS,
  ) {
    for (const [actor, s] of stacks) this.stacks.set(actor, s);
  }

  stacksOf(actor: string): Stacks {
    let s = this.stacks.get(actor);
    if (!s) this.stacks.set(actor, (s = { undo: [], redo: [] }));
    return s;
  }

  /** The oldest seq still in the log (the current seq when the log is empty). */
  get oldestSeq(): number {
    return this.log[0]?.seq ?? this.seq;
  }

  /** A user's own edit. */
  submit(author: Author, op: Op, clientOpId: string | null, now: number): Outcome {
    if (clientOpId && this.log.some((e) => e.clientOpId === clientOpId && e.actor === author.actor))
      return { kind: 'duplicate' };
    const result = applyOp(this.definition, op);
    if (!result.ok) return { kind: 'rejected', code: result.code, reason: result.reason };
    const stacks = this.stacksOf(author.actor);
    const key = coalesceKeyOf(op);
    const top = stacks.undo.at(-1);
    const coalesce =
      key !== null &&
      top?.coalesceKey === key &&
      now - top.lastAt <= this.limits.coalesceMs &&
      !this.othersWrote(author.actor, top.seq, result.footprint);
    const outcome = this.append(author, 'edit', op, result, clientOpId, now);
    if (coalesce && top) {
      top.lastAt = now;
      stacks.redo = [];
    } else this.recordStep(stacks, outcome.entry, key);
    return outcome;
  }

  undo(author: Author, clientOpId: string | null, now: number): Outcome {
    return this.step(author, 'undo', clientOpId, now);
  }

  redo(author: Author, clientOpId: string | null, now: number): Outcome {
    return this.step(author, 'redo', clientOpId, now);
  }

  /** "Restore the draft as of this point": a new op that replaces the draft with that state. */
  restore(author: Author, seq: number, clientOpId: string | null, now: number): Outcome {
    const target = this.definitionAt(seq);
    if (!target)
      return {
        kind: 'rejected',
        code: 'history_trimmed',
        reason: `The history no longer goes back to step ${seq}`,
      };
    const op: Op = { kind: 'replace', definition: target };
    const result = applyOp(this.definition, op);
    if (!result.ok) return { kind: 'rejected', code: result.code, reason: result.reason };
    const outcome = this.append(author, 'restore', op, result, clientOpId, now, {
      summary: `restored the draft as of step ${seq}`,
    });
    this.recordStep(this.stacksOf(author.actor), outcome.entry, null);
    return outcome;
  }

  /** The draft right after `seq`, rebuilt from the log's inverses; undefined if trimmed away. */
  definitionAt(seq: number): Definition | undefined {
    if (seq > this.seq || seq < this.oldestSeq - 1) return undefined;
    let definition = this.definition;
    for (let i = this.log.length - 1; i >= 0 && this.log[i]!.seq > seq; i--) {
      const result = applyOp(definition, this.log[i]!.inverse);
      if (!result.ok) return undefined;
      definition = result.definition;
    }
    return definition;
  }

  /** The entries after `since`, or undefined when the client needs a snapshot instead. */
  entriesSince(since: number): StoredEntry[] | undefined {
    if (since > this.seq) return undefined;
    if (since < this.oldestSeq - 1 || this.seq - since > this.limits.catchUpMax) return undefined;
    return this.log.filter((e) => e.seq > since);
  }

  /** A page of history, newest first, strictly before `before`. */
  history(before: number | null, limit: number): { entries: StoredEntry[]; hasMore: boolean } {
    const older = before === null ? this.log : this.log.filter((e) => e.seq < before);
    const entries = older.slice(-limit).reverse();
    return { entries, hasMore: older.length > limit };
  }

  private step(author: Author, action: 'undo' | 'redo', clientOpId: string | null, now: number) {
    const stacks = this.stacksOf(author.actor);
    const from = action === 'undo' ? stacks.undo : stacks.redo;
    const step = from.pop();
    if (!step) return { kind: 'nothing' as const, reason: `Nothing to ${action}` };
    if (step.seq < this.oldestSeq - 1)
      return skipped('history_trimmed', `That step is older than the history the room keeps`);
    // A step that created or removed a node also covers what now lives inside it (a teammate's
    // rule added to my new group is written "inside" my step).
    const footprint = withDescendants(this.definition, step.footprint);
    const conflict = this.log.find(
      (e) =>
        e.seq > step.seq && e.actor !== author.actor && footprintsOverlap(e.footprint, footprint),
    );
    if (conflict)
      return skipped(
        'changed_by_teammate',
        `Skipped ${action} of "${step.summary}": ${conflict.actorName} has since ${conflict.summary}`,
      );
    const result = applyOp(this.definition, step.inverse);
    if (!result.ok)
      return skipped(
        'no_longer_applies',
        `Skipped ${action} of "${step.summary}": ${result.reason}`,
      );
    const outcome = this.append(author, action, step.inverse, result, clientOpId, now, {
      summary: `${action === 'undo' ? 'undid' : 'redid'}: ${step.summary}`,
    });
    const to = action === 'undo' ? stacks.redo : stacks.undo;
    this.push(to, {
      seq: outcome.entry.seq,
      inverse: result.inverse,
      footprint: result.footprint,
      summary: step.summary,
      coalesceKey: null,
      lastAt: now,
    });
    return outcome;
  }

  /** A new step of the user's own: undoable, and the end of anything they could redo. */
  private recordStep(stacks: Stacks, entry: StoredEntry, coalesceKey: string | null) {
    this.push(stacks.undo, {
      seq: entry.seq,
      inverse: entry.inverse,
      footprint: entry.footprint,
      summary: entry.summary,
      coalesceKey,
      lastAt: entry.at,
    });
    stacks.redo = [];
  }

  private othersWrote(actor: string, afterSeq: number, footprint: string[]): boolean {
    return this.log.some(
      (e) => e.seq > afterSeq && e.actor !== actor && footprintsOverlap(e.footprint, footprint),
    );
  }

  private push(stack: UndoStep[], step: UndoStep) {
    stack.push(step);
    if (stack.length > this.limits.undoDepth) stack.splice(0, stack.length - this.limits.undoDepth);
  }

  private append(
    author: Author,
    kind: LogEntryKind,
    op: Op,
    result: { definition: Definition; inverse: Op; footprint: string[] },
    clientOpId: string | null,
    now: number,
    extra: { summary?: string } = {},
  ): { kind: 'applied'; entry: StoredEntry; trimmedThrough: number | null } {
    this.seq += 1;
    this.definition = result.definition;
    const entry: StoredEntry = {
      seq: this.seq,
      actor: author.actor,
      actorName: author.name,
      at: now,
      kind,
      op,
      summary: extra.summary ?? describeOp(op),
      clientOpId,
      inverse: result.inverse,
      footprint: result.footprint,
    };
    this.log.push(entry);
    let trimmedThrough: number | null = null;
    if (this.log.length > this.limits.logEntries) {
      const dropped = this.log.splice(0, this.log.length - this.limits.logEntries);
      trimmedThrough = dropped.at(-1)!.seq;
    }
    return { kind: 'applied', entry, trimmedThrough };
  }
}

function withDescendants(definition: Definition, footprint: string[]): string[] {
  const keys = new Set(footprint);
  for (const key of footprint) {
    if (!key.endsWith(':*')) continue;
    const node = findNode(definition.root, key.slice(0, -2));
    if (node) for (const { node: inner } of walk(node)) keys.add(`${inner.id}:*`);
  }
  return [...keys];
}

function skipped(code: string, reason: string): Outcome {
  return { kind: 'skipped', code, reason };
}

function coalesceKeyOf(op: Op): string | null {
  if (op.kind === 'set') return `${op.nodeId}:${op.prop}`;
  if (op.kind === 'rename') return `${op.nodeId}:label`;
  return null;
}

/** The wire form of a stored entry (without its inverse and footprint). */
export function publicEntry(entry: StoredEntry): RoomLogEntry {
  const { inverse: _inverse, footprint: _footprint, ...rest } = entry;
  return rest;
}
