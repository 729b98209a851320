import type { Operator, RuleNode } from '../../../core/audience/definition';
import type { FieldType } from '../../../core/audience/field-catalog';
import type { Op, SimpleOp } from '../../../core/room/ops';

/*
 * Changing a rule's field or operator can leave its value meaningless (a date under "is any of",
 * text under a number field). These helpers make the change and clear what no longer fits in one
 * batch, so it is one undo step and the room never holds a half-changed rule.
 */

export type ValueShape = 'none' | 'list' | 'range' | 'days' | 'one';

const NONE = new Set<Operator>(['is_empty', 'is_not_empty', 'is_true', 'is_false']);

export function valueShape(op: Operator | undefined): ValueShape {
  if (!op || NONE.has(op)) return 'none';
  if (op === 'in' || op === 'not_in') return 'list';
  if (op === 'between') return 'range';
  if (op === 'within_last') return 'days';
  return 'one';
}

const clear = (nodeId: string, prop: 'op' | 'value'): SimpleOp => ({ kind: 'set', nodeId, prop });

/** Picks a field: the operator stays when the new field's type allows it, the value when its type is the same. */
export function changeFieldOp(
  node: RuleNode,
  field: { id: string; type: FieldType; operators: readonly string[] },
  previousType: FieldType | undefined,
): Op {
  const ops: SimpleOp[] = [{ kind: 'set', nodeId: node.id, prop: 'field', value: field.id }];
  const keepOp = node.op !== undefined && field.operators.includes(node.op);
  if (node.op !== undefined && !keepOp) ops.push(clear(node.id, 'op'));
  if (node.value !== undefined && (!keepOp || previousType !== field.type))
    ops.push(clear(node.id, 'value'));
  return ops.length === 1 ? ops[0]! : { kind: 'batch', ops };
}

/** Picks an operator: the value stays only when the new operator takes the same shape of value. */
export function changeOperatorOp(node: RuleNode, op: Operator | undefined): Op {
  const set: SimpleOp = op
    ? { kind: 'set', nodeId: node.id, prop: 'op', value: op }
    : clear(node.id, 'op');
  if (node.value === undefined || valueShape(node.op) === valueShape(op)) return set;
  return { kind: 'batch', ops: [set, clear(node.id, 'value')] };
}
