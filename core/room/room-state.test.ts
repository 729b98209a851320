import { describe, expect, it } from 'vitest';
import type { Definition, RuleNode } from '../audience/definition';
import { findNode } from '../audience/definition';
import { RoomState, DEFAULT_ROOM_LIMITS, type Outcome } from './room-state';

const ann = { actor: 'user:ann', name: 'Ann' };
const bob = { actor: 'user:bob', name: 'Bob' };

const start = (): Definition => ({
  version: 1,
  root: {
    id: 'root',
    kind: 'group',
    op: 'and',
    children: [
      { id: 'r1', kind: 'rule', field: 'industry', op: 'eq', value: 'Software' },
      { id: 'r2', kind: 'rule', field: 'country', op: 'eq', value: 'US' },
    ],
  },
});

const room = (limits = DEFAULT_ROOM_LIMITS) => new RoomState(start(), 0, [], [], limits);
const valueOf = (state: RoomState, id: string) =>
  (findNode(state.definition.root, id) as RuleNode | undefined)?.value;
const applied = (outcome: Outcome) => {
  expect(outcome.kind).toBe('applied');
  return outcome;
};

describe('RoomState', () => {
  it('numbers accepted ops and refuses invalid ones without changing anything', () => {
    const state = room();
    applied(
      state.submit(ann, { kind: 'set', nodeId: 'r1', prop: 'value', value: 'Retail' }, 'c1', 1),
    );
    expect(state.seq).toBe(1);
    const refused = state.submit(ann, { kind: 'remove', nodeId: 'gone' }, 'c2', 2);
    expect(refused).toMatchObject({ kind: 'rejected', code: 'node_not_found' });
    expect(state.seq).toBe(1);
    expect(state.stacksOf(ann.actor).undo).toHaveLength(1);
  });

  it('ignores an op it already applied (re-sent after a reconnect)', () => {
    const state = room();
    const op = { kind: 'set_not', nodeId: 'r1', not: true } as const;
    applied(state.submit(ann, op, 'c1', 1));
    expect(state.submit(ann, op, 'c1', 2)).toEqual({ kind: 'duplicate' });
    expect(state.seq).toBe(1);
  });

  it("undo takes back the user's own op and leaves a teammate's edit alone", () => {
    const state = room();
    applied(
      state.submit(ann, { kind: 'set', nodeId: 'r1', prop: 'value', value: 'Retail' }, 'a1', 1),
    );
    applied(
      state.submit(bob, { kind: 'set', nodeId: 'r2', prop: 'value', value: 'CA' }, 'b1', 10_000),
    );
    const undo = applied(state.undo(ann, 'a2', 20_000));
    expect(undo.kind === 'applied' && undo.entry).toMatchObject({
      kind: 'undo',
      actor: 'user:ann',
    });
    expect(valueOf(state, 'r1')).toBe('Software');
    expect(valueOf(state, 'r2')).toBe('CA');
  });

  it('skips an undo when a teammate has since changed the same property, and says why', () => {
    const state = room();
    applied(
      state.submit(ann, { kind: 'set', nodeId: 'r1', prop: 'value', value: 'Retail' }, 'a1', 1),
    );
    applied(
      state.submit(bob, { kind: 'set', nodeId: 'r1', prop: 'value', value: 'Media' }, 'b1', 2),
    );
    const skipped = state.undo(ann, 'a2', 3);
    expect(skipped).toMatchObject({ kind: 'skipped', code: 'changed_by_teammate' });
    expect(skipped.kind === 'skipped' && skipped.reason).toContain(
      'Bob has since changed the value',
    );
    expect(valueOf(state, 'r1')).toBe('Media');
    // The skipped step is dropped, so the next undo has nothing left.
    expect(state.undo(ann, 'a3', 4)).toMatchObject({ kind: 'nothing' });
  });

  it('skips an undo whose node a teammate removed', () => {
    const state = room();
    applied(state.submit(ann, { kind: 'set_not', nodeId: 'r2', not: true }, 'a1', 1));
    applied(state.submit(bob, { kind: 'remove', nodeId: 'r2' }, 'b1', 2));
    expect(state.undo(ann, 'a2', 3)).toMatchObject({
      kind: 'skipped',
      code: 'changed_by_teammate',
    });
  });

  it('does not undo an add a teammate has since built on', () => {
    const state = room();
    const group = { id: 'g', kind: 'group' as const, op: 'or' as const, children: [] };
    applied(state.submit(ann, { kind: 'add', parentId: 'root', index: 2, node: group }, 'a1', 1));
    applied(
      state.submit(
        bob,
        { kind: 'add', parentId: 'g', index: 0, node: { id: 'rb', kind: 'rule', field: 'title' } },
        'b1',
        2,
      ),
    );
    applied(
      state.submit(bob, { kind: 'set', nodeId: 'rb', prop: 'op', value: 'contains' }, 'b2', 3),
    );
    // Bob's rule lives inside Ann's group; undoing the group would delete his work.
    expect(state.undo(ann, 'a2', 4)).toMatchObject({ kind: 'skipped' });
    expect(findNode(state.definition.root, 'rb')).toBeDefined();
  });

  it('redo re-applies an undone step; a new edit clears redo', () => {
    const state = room();
    applied(
      state.submit(ann, { kind: 'set', nodeId: 'r1', prop: 'value', value: 'Retail' }, 'a1', 1),
    );
    applied(state.undo(ann, 'a2', 2));
    expect(state.stacksOf(ann.actor)).toMatchObject({
      undo: [],
      redo: [{ summary: 'changed the value' }],
    });
    const redo = applied(state.redo(ann, 'a3', 3));
    expect(redo.kind === 'applied' && redo.entry.kind).toBe('redo');
    expect(valueOf(state, 'r1')).toBe('Retail');
    applied(state.undo(ann, 'a4', 4));
    applied(state.submit(ann, { kind: 'set_not', nodeId: 'r1', not: true }, 'a5', 5));
    expect(state.redo(ann, 'a6', 6)).toMatchObject({ kind: 'nothing' });
  });

  it('coalesces quick edits of one property into one undo step', () => {
    const state = room();
    for (const [i, v] of ['R', 'Re', 'Ret', 'Reta', 'Retail'].entries())
      applied(
        state.submit(ann, { kind: 'set', nodeId: 'r1', prop: 'value', value: v }, `a${i}`, 100 * i),
      );
    expect(state.stacksOf(ann.actor).undo).toHaveLength(1);
    applied(state.undo(ann, 'u', 1000));
    expect(valueOf(state, 'r1')).toBe('Software');
    // Slower edits are separate steps.
    applied(
      state.submit(ann, { kind: 'set', nodeId: 'r1', prop: 'value', value: 'A' }, 'b1', 10_000),
    );
    applied(
      state.submit(ann, { kind: 'set', nodeId: 'r1', prop: 'value', value: 'B' }, 'b2', 20_000),
    );
    expect(state.stacksOf(ann.actor).undo).toHaveLength(2);
  });

  it('does not coalesce across a teammate writing the same property', () => {
    const state = room();
    applied(state.submit(ann, { kind: 'set', nodeId: 'r1', prop: 'value', value: 'A' }, 'a1', 0));
    applied(state.submit(bob, { kind: 'set', nodeId: 'r1', prop: 'value', value: 'B' }, 'b1', 100));
    applied(state.submit(ann, { kind: 'set', nodeId: 'r1', prop: 'value', value: 'C' }, 'a2', 200));
    expect(state.stacksOf(ann.actor).undo).toHaveLength(2);
    applied(state.undo(ann, 'a3', 300));
    expect(valueOf(state, 'r1')).toBe('B');
  });

  it('restores the draft as of an earlier step as a new op, and that can be undone', () => {
    const state = room();
    applied(
      state.submit(ann, { kind: 'set', nodeId: 'r1', prop: 'value', value: 'Retail' }, 'a1', 1),
    );
    applied(state.submit(bob, { kind: 'remove', nodeId: 'r2' }, 'b1', 2));
    applied(state.submit(ann, { kind: 'set_group_op', nodeId: 'root', op: 'or' }, 'a2', 3));
    const restored = applied(state.restore(bob, 1, 'b2', 4));
    expect(restored.kind === 'applied' && restored.entry).toMatchObject({
      seq: 4,
      kind: 'restore',
    });
    expect(state.definition.root.op).toBe('and');
    expect(valueOf(state, 'r2')).toBe('US');
    expect(valueOf(state, 'r1')).toBe('Retail');
    expect(state.definitionAt(0)).toEqual(start());
    applied(state.undo(bob, 'b3', 5));
    expect(state.definition.root.op).toBe('or');
  });

  it('bounds the log and the undo stacks, and knows what it can no longer restore', () => {
    const limits = { ...DEFAULT_ROOM_LIMITS, logEntries: 10, undoDepth: 4, catchUpMax: 5 };
    const state = room(limits);
    for (let i = 0; i < 25; i++)
      applied(
        state.submit(ann, { kind: 'set_not', nodeId: 'r1', not: i % 2 === 0 }, `a${i}`, i * 10_000),
      );
    expect(state.oldestSeq).toBe(16);
    expect(state.history(null, 100).entries).toHaveLength(10);
    expect(state.stacksOf(ann.actor).undo).toHaveLength(4);
    expect(state.definitionAt(3)).toBeUndefined();
    expect(state.restore(ann, 3, 'r', 1e9)).toMatchObject({
      kind: 'rejected',
      code: 'history_trimmed',
    });
    expect(state.definitionAt(15)).toBeDefined();
    // Catch-up: a few behind gets the ops, far behind a snapshot.
    expect(state.entriesSince(22)?.map((e) => e.seq)).toEqual([23, 24, 25]);
    expect(state.entriesSince(10)).toBeUndefined();
    expect(state.entriesSince(99)).toBeUndefined();
  });

  it('pages history newest first', () => {
    const state = room();
    for (let i = 0; i < 7; i++)
      applied(
        state.submit(ann, { kind: 'set_not', nodeId: 'r1', not: i % 2 === 0 }, `a${i}`, i * 10_000),
      );
    const first = state.history(null, 3);
    expect(first.entries.map((e) => e.seq)).toEqual([7, 6, 5]);
    expect(first.hasMore).toBe(true);
    const last = state.history(2, 3);
    expect(last).toMatchObject({ entries: [{ seq: 1 }], hasMore: false });
  });
});
