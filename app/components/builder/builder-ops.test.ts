import { describe, expect, it } from 'vitest';
import type { AudienceNode, Definition } from '../../../core/audience/definition';
import { applyOp, type Op } from '../../../core/room/ops';
import {
  addNodeOp,
  moveByOp,
  moveIntoOp,
  removeOp,
  toggleGroupOp,
  toggleNotOp,
  ungroupOp,
  wrapOp,
} from './builder-ops';

const rule = (id: string, value = id): AudienceNode => ({
  id,
  kind: 'rule',
  field: 'industry',
  op: 'eq',
  value,
});
/** root: AND(a, g: OR(b, c), d) */
const draft = (): Definition => ({
  version: 1,
  root: {
    id: 'root',
    kind: 'group',
    op: 'and',
    children: [
      rule('a'),
      { id: 'g', kind: 'group', op: 'or', children: [rule('b'), rule('c')] },
      rule('d'),
    ],
  },
});
const ids = (node: AudienceNode): unknown =>
  node.kind === 'group' ? { [node.id]: node.children.map(ids) } : node.id;
const apply = (definition: Definition, op: Op | undefined) => {
  if (!op) throw new Error('no op');
  const result = applyOp(definition, op);
  if (!result.ok) throw new Error(result.reason);
  return result.definition;
};
let counter = 0;
const newId = () => `x${++counter}`;

describe('builder ops', () => {
  it('adds a new empty rule at the end of a group', () => {
    const op = addNodeOp(draft(), 'g', 'rule', () => 'new1');
    expect(op).toMatchObject({ kind: 'add', parentId: 'g', index: 2 });
    expect(ids(apply(draft(), op).root)).toEqual({ root: ['a', { g: ['b', 'c', 'new1'] }, 'd'] });
  });

  it('adds nothing to a condition', () => {
    expect(addNodeOp(draft(), 'a', 'rule', newId)).toBeUndefined();
  });

  it('moves a node up and down among its siblings', () => {
    expect(ids(apply(draft(), moveByOp(draft(), 'd', -1)).root)).toEqual({
      root: ['a', 'd', { g: ['b', 'c'] }],
    });
    expect(ids(apply(draft(), moveByOp(draft(), 'a', 1)).root)).toEqual({
      root: [{ g: ['b', 'c'] }, 'a', 'd'],
    });
  });

  it('does not move the first child up or the last one down', () => {
    expect(moveByOp(draft(), 'a', -1)).toBeUndefined();
    expect(moveByOp(draft(), 'd', 1)).toBeUndefined();
    expect(moveByOp(draft(), 'root', 1)).toBeUndefined();
  });

  it('moves a node into another group, at its end', () => {
    expect(ids(apply(draft(), moveIntoOp(draft(), 'a', 'g')).root)).toEqual({
      root: [{ g: ['b', 'c', 'a'] }, 'd'],
    });
    expect(moveIntoOp(draft(), 'b', 'g')).toBeUndefined();
  });

  it('wraps a node in a new group of the other operator, in its place, as one batch', () => {
    const op = wrapOp(draft(), 'd', () => 'w');
    expect(op?.kind).toBe('batch');
    const next = apply(draft(), op);
    expect(ids(next.root)).toEqual({ root: ['a', { g: ['b', 'c'] }, { w: ['d'] }] });
    expect(next.root.children[2]).toMatchObject({ kind: 'group', op: 'or' });
  });

  it('ungroups a group: its children take its place, in order', () => {
    const next = apply(draft(), ungroupOp(draft(), 'g'));
    expect(ids(next.root)).toEqual({ root: ['a', 'b', 'c', 'd'] });
  });

  it('undoes an ungroup in one step with the inverse the room would store', () => {
    const result = applyOp(draft(), ungroupOp(draft(), 'g')!);
    if (!result.ok) throw new Error(result.reason);
    expect(apply(result.definition, result.inverse)).toEqual(draft());
  });

  it('refuses to ungroup a negated group or the root', () => {
    const negated = apply(draft(), toggleNotOp(draft(), 'g'));
    expect(ungroupOp(negated, 'g')).toBeUndefined();
    expect(ungroupOp(draft(), 'root')).toBeUndefined();
  });

  it('toggles NOT and AND / OR', () => {
    expect(toggleNotOp(draft(), 'a')).toEqual({ kind: 'set_not', nodeId: 'a', not: true });
    expect(toggleGroupOp(draft(), 'g')).toEqual({ kind: 'set_group_op', nodeId: 'g', op: 'and' });
    expect(toggleGroupOp(draft(), 'a')).toBeUndefined();
  });

  it('never removes the root', () => {
    expect(removeOp(draft(), 'root')).toBeUndefined();
    expect(removeOp(draft(), 'b')).toEqual({ kind: 'remove', nodeId: 'b' });
  });
});
