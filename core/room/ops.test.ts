import { describe, expect, it } from 'vitest';
import { MAX_NODES, type Definition } from '../audience/definition';
import { applyOp, footprintsOverlap, OpSchema, type Op } from './ops';

const draft = (): Definition => ({
  version: 1,
  root: {
    id: 'root',
    kind: 'group',
    op: 'and',
    children: [
      { id: 'r1', kind: 'rule', field: 'industry', op: 'eq', value: 'Software' },
      {
        id: 'g1',
        kind: 'group',
        op: 'or',
        children: [
          { id: 'r2', kind: 'rule', field: 'country', op: 'in', value: ['US', 'CA'] },
          { id: 'l1', kind: 'list', uploadIds: ['u1'], match: 'any' },
        ],
      },
    ],
  },
});

const rule = (id: string) => ({ id, kind: 'rule' as const, field: '' });

describe('applyOp', () => {
  // Each op, refused with the reason a user would see, or applied.
  const table: Array<[string, Op, string | null]> = [
    ['add a rule to a group', { kind: 'add', parentId: 'g1', index: 0, node: rule('r9') }, null],
    [
      'add past the end appends',
      { kind: 'add', parentId: 'root', index: 99, node: rule('r9') },
      null,
    ],
    [
      'add to a missing group',
      { kind: 'add', parentId: 'nope', index: 0, node: rule('r9') },
      'parent_not_found',
    ],
    [
      'add under a condition',
      { kind: 'add', parentId: 'r1', index: 0, node: rule('r9') },
      'not_a_group',
    ],
    [
      'add with an id in use',
      { kind: 'add', parentId: 'root', index: 0, node: rule('r2') },
      'duplicate_id',
    ],
    ['remove a subtree', { kind: 'remove', nodeId: 'g1' }, null],
    ['remove a missing node', { kind: 'remove', nodeId: 'nope' }, 'node_not_found'],
    ['remove the root', { kind: 'remove', nodeId: 'root' }, 'root_locked'],
    ['move into another group', { kind: 'move', nodeId: 'r1', parentId: 'g1', index: 1 }, null],
    [
      'move a group into itself',
      { kind: 'move', nodeId: 'g1', parentId: 'g1', index: 0 },
      'into_own_subtree',
    ],
    ['move the root', { kind: 'move', nodeId: 'root', parentId: 'g1', index: 0 }, 'root_locked'],
    [
      'move under a condition',
      { kind: 'move', nodeId: 'r1', parentId: 'r2', index: 0 },
      'not_a_group',
    ],
    ['switch a group to OR', { kind: 'set_group_op', nodeId: 'root', op: 'or' }, null],
    ['AND / OR on a condition', { kind: 'set_group_op', nodeId: 'r1', op: 'or' }, 'wrong_kind'],
    ['negate a condition', { kind: 'set_not', nodeId: 'l1', not: true }, null],
    ['negate a missing node', { kind: 'set_not', nodeId: 'nope', not: true }, 'node_not_found'],
    ['set a rule value', { kind: 'set', nodeId: 'r1', prop: 'value', value: 'Retail' }, null],
    ['clear a rule operator', { kind: 'set', nodeId: 'r1', prop: 'op' }, null],
    [
      'set a property of another kind',
      { kind: 'set', nodeId: 'r1', prop: 'uploadIds', value: [] },
      'wrong_kind',
    ],
    [
      'set an unknown operator',
      { kind: 'set', nodeId: 'r1', prop: 'op', value: 'like' },
      'invalid_value',
    ],
    [
      'set a list match to nonsense',
      { kind: 'set', nodeId: 'l1', prop: 'match', value: 'most' },
      'invalid_value',
    ],
    [
      'set a property of a group',
      { kind: 'set', nodeId: 'g1', prop: 'value', value: 1 },
      'wrong_kind',
    ],
    ['rename a group', { kind: 'rename', nodeId: 'g1', label: 'Regions' }, null],
    ['rename a condition', { kind: 'rename', nodeId: 'r1', label: 'x' }, 'wrong_kind'],
    [
      'a batch that fails half way',
      {
        kind: 'batch',
        ops: [
          { kind: 'remove', nodeId: 'r1' },
          { kind: 'remove', nodeId: 'r1' },
        ],
      },
      'node_not_found',
    ],
  ];

  it.each(table)('%s', (_name, op, code) => {
    expect(OpSchema.safeParse(op).success).toBe(true);
    const before = draft();
    const snapshot = JSON.stringify(before);
    const result = applyOp(before, op);
    expect(JSON.stringify(before)).toBe(snapshot); // never mutates its input
    if (code === null) {
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      // The inverse takes the draft back exactly.
      const back = applyOp(result.definition, result.inverse);
      expect(back.ok && back.definition).toEqual(before);
    } else {
      expect(result).toMatchObject({ ok: false, code });
      if (!result.ok) expect(result.reason.length).toBeGreaterThan(5);
    }
  });

  it('refuses malformed ops at the schema', () => {
    for (const bad of [
      { kind: 'drop' },
      { kind: 'remove', nodeId: 'has space' },
      { kind: 'add', parentId: 'root', index: -1, node: rule('x') },
      { kind: 'batch', ops: [] },
      { kind: 'batch', ops: [{ kind: 'batch', ops: [{ kind: 'remove', nodeId: 'r1' }] }] },
      { kind: 'rename', nodeId: 'g1', label: 'x'.repeat(121) },
    ])
      expect(OpSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('holds the node limit', () => {
    const many = Array.from({ length: MAX_NODES - 5 }, (_, i) => rule(`n${i}`));
    const full = applyOp(draft(), {
      kind: 'add',
      parentId: 'root',
      index: 0,
      node: { id: 'big', kind: 'group', op: 'and', children: many },
    });
    expect(full).toMatchObject({ ok: false, code: 'too_many_nodes' });
  });

  it('a batch is one step: one inverse undoes all of it', () => {
    const wrap: Op = {
      kind: 'batch',
      ops: [
        {
          kind: 'add',
          parentId: 'root',
          index: 0,
          node: { id: 'w', kind: 'group', op: 'or', children: [] },
        },
        { kind: 'move', nodeId: 'r1', parentId: 'w', index: 0 },
      ],
    };
    const result = applyOp(draft(), wrap);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.definition.root.children[0]).toMatchObject({ id: 'w', children: [{ id: 'r1' }] });
    const back = applyOp(result.definition, result.inverse);
    expect(back.ok && back.definition).toEqual(draft());
  });

  it('reports what an op wrote', () => {
    const set = applyOp(draft(), { kind: 'set', nodeId: 'r1', prop: 'value', value: 'x' });
    expect(set.ok && set.footprint).toEqual(['r1:value']);
    const removed = applyOp(draft(), { kind: 'remove', nodeId: 'g1' });
    expect(removed.ok && removed.footprint).toEqual(['g1:*', 'r2:*', 'l1:*']);
  });
});

describe('footprintsOverlap', () => {
  it.each([
    [['r1:value'], ['r1:value'], true],
    [['r1:value'], ['r1:op'], false],
    [['r1:*'], ['r1:op'], true],
    [['r1:op'], ['g1:*', 'r1:*'], true],
    [['*'], ['x:y'], true],
    [['r1:value'], [], false],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(footprintsOverlap(a, b)).toBe(expected);
    expect(footprintsOverlap(b, a)).toBe(expected);
  });
});
