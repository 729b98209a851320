import { describe, expect, it } from 'vitest';
import type { RuleNode } from '../../../core/audience/definition';
import { applyOp } from '../../../core/room/ops';
import { changeFieldOp, changeOperatorOp, valueShape } from './rule-changes';

const rule = (over: Partial<RuleNode> = {}): RuleNode => ({
  id: 'r1',
  kind: 'rule',
  field: 'industry',
  op: 'eq',
  value: 'Software',
  ...over,
});
const definitionWith = (node: RuleNode) => ({
  version: 1 as const,
  root: { id: 'root', kind: 'group' as const, op: 'and' as const, children: [node] },
});
const after = (node: RuleNode, op: ReturnType<typeof changeFieldOp>) => {
  const result = applyOp(definitionWith(node), op);
  if (!result.ok) throw new Error(result.reason);
  return result.definition.root.children[0];
};
const text = { id: 'title', type: 'text' as const, operators: ['eq', 'neq', 'in', 'contains'] };
const number = { id: 'employees', type: 'number' as const, operators: ['eq', 'gt', 'between'] };
const date = { id: 'created', type: 'date' as const, operators: ['before', 'within_last'] };

describe('changing a rule', () => {
  it('keeps the operator and value when the new field has the same type', () => {
    expect(after(rule(), changeFieldOp(rule(), text, 'text'))).toEqual(rule({ field: 'title' }));
  });

  it('keeps the operator but clears the value when the field type changes', () => {
    expect(after(rule(), changeFieldOp(rule(), number, 'text'))).toEqual({
      id: 'r1',
      kind: 'rule',
      field: 'employees',
      op: 'eq',
    });
  });

  it('clears operator and value when the new field does not offer the operator', () => {
    expect(after(rule(), changeFieldOp(rule(), date, 'text'))).toEqual({
      id: 'r1',
      kind: 'rule',
      field: 'created',
    });
  });

  it('keeps a single value from "is" to "contains" but clears it for "is any of"', () => {
    expect(after(rule(), changeOperatorOp(rule(), 'contains'))).toEqual(rule({ op: 'contains' }));
    expect(after(rule(), changeOperatorOp(rule(), 'in'))).toEqual({
      id: 'r1',
      kind: 'rule',
      field: 'industry',
      op: 'in',
    });
  });

  it('names the value shape each operator takes', () => {
    expect(valueShape('is_empty')).toBe('none');
    expect(valueShape('not_in')).toBe('list');
    expect(valueShape('between')).toBe('range');
    expect(valueShape('within_last')).toBe('days');
    expect(valueShape('gt')).toBe('one');
    expect(valueShape(undefined)).toBe('none');
  });
});
