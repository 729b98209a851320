import type {
  AudienceNode,
  ConditionNode,
  Definition,
  GroupNode,
} from '../../../core/audience/definition';
import type { Op, SimpleOp } from '../../../core/room/ops';

/*
 * The builder's edits as room ops. Each helper reads the current view of the draft and returns the
 * op to dispatch, or undefined when the edit does not apply there (moving the first child up,
 * ungrouping the root): the caller disables the control instead of sending an op the room refuses.
 * Compound edits (wrap, ungroup) are one `batch`, so they are one undo step.
 */

export type ConditionKind = ConditionNode['kind'];
export type NewId = () => string;

/** A fresh node id: letters and digits, as the definition's id rule wants. */
export function randomNodeId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `n${Array.from(bytes, (b) => (b % 36).toString(36)).join('')}`;
}

export interface Located {
  node: AudienceNode;
  parent: GroupNode | null;
  index: number;
  depth: number;
}

/** A node with its parent, its index among the parent's children and its depth (root = 0). */
export function locateNode(definition: Definition, id: string): Located | undefined {
  const visit = (
    node: AudienceNode,
    parent: GroupNode | null,
    index: number,
    depth: number,
  ): Located | undefined => {
    if (node.id === id) return { node, parent, index, depth };
    if (node.kind !== 'group') return undefined;
    for (const [i, child] of node.children.entries()) {
      const found = visit(child, node, i, depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return visit(definition.root, null, 0, 0);
}

/** A new, empty condition of a kind (the editor then fills it in). */
export function newCondition(kind: ConditionKind, id: string): ConditionNode {
  switch (kind) {
    case 'rule':
      return { id, kind, field: '' };
    case 'list':
      return { id, kind, uploadIds: [], match: 'any' };
    case 'audience':
      return { id, kind, audienceId: '' };
    case 'intent':
      // Bombora's "surging" threshold and a month of weekly datasets.
      return { id, kind, topics: [], match: 'any', minScore: 60, withinWeeks: 4 };
  }
}

/** Adds a new condition (or an empty group) at the end of a group, or at `index`. */
export function addNodeOp(
  definition: Definition,
  parentId: string,
  kind: ConditionKind | 'group',
  newId: NewId,
  index?: number,
): Extract<Op, { kind: 'add' }> | undefined {
  const parent = locateNode(definition, parentId)?.node;
  if (parent?.kind !== 'group') return undefined;
  const id = newId();
  const node: AudienceNode =
    kind === 'group'
      ? { id, kind: 'group', op: parent.op === 'and' ? 'or' : 'and', children: [] }
      : newCondition(kind, id);
  return { kind: 'add', parentId, index: index ?? parent.children.length, node };
}

/** Moves a node one place up or down among its siblings. */
export function moveByOp(definition: Definition, nodeId: string, delta: -1 | 1): Op | undefined {
  const found = locateNode(definition, nodeId);
  if (!found?.parent) return undefined;
  const index = found.index + delta;
  if (index < 0 || index >= found.parent.children.length) return undefined;
  // The room counts the index as if the node were already out of the list, which for a move to
  // a neighbour's place is exactly the neighbour's index.
  return { kind: 'move', nodeId, parentId: found.parent.id, index };
}

/** Moves a node into a group (at its end), e.g. dropping it there. */
export function moveIntoOp(
  definition: Definition,
  nodeId: string,
  groupId: string,
): Op | undefined {
  const found = locateNode(definition, nodeId);
  const target = locateNode(definition, groupId)?.node;
  if (!found?.parent || target?.kind !== 'group' || found.parent.id === groupId) return undefined;
  if (found.node.kind === 'group' && locateNode({ version: 1, root: found.node }, groupId))
    return undefined;
  return { kind: 'move', nodeId, parentId: groupId, index: target.children.length };
}

export function removeOp(definition: Definition, nodeId: string): Op | undefined {
  const found = locateNode(definition, nodeId);
  return found?.parent ? { kind: 'remove', nodeId } : undefined;
}

export function toggleNotOp(definition: Definition, nodeId: string): Op | undefined {
  const found = locateNode(definition, nodeId);
  return found ? { kind: 'set_not', nodeId, not: !found.node.not } : undefined;
}

export function toggleGroupOp(definition: Definition, nodeId: string): Op | undefined {
  const node = locateNode(definition, nodeId)?.node;
  if (node?.kind !== 'group') return undefined;
  return { kind: 'set_group_op', nodeId, op: node.op === 'and' ? 'or' : 'and' };
}

/**
 * Puts a node inside a new group at its place: "a AND b" with b wrapped becomes "a AND (b)", and
 * the new group takes the other operator, ready for "a AND (b OR …)".
 */
export function wrapOp(definition: Definition, nodeId: string, newId: NewId): Op | undefined {
  const found = locateNode(definition, nodeId);
  if (!found?.parent) return undefined;
  const groupId = newId();
  const group: GroupNode = {
    id: groupId,
    kind: 'group',
    op: found.parent.op === 'and' ? 'or' : 'and',
    children: [],
  };
  return {
    kind: 'batch',
    ops: [
      { kind: 'add', parentId: found.parent.id, index: found.index, node: group },
      { kind: 'move', nodeId, parentId: groupId, index: 0 },
    ],
  };
}

/**
 * Lifts a group's children into its parent, in order and at the group's place, and removes the
 * group. Refused for a negated group: NOT (a AND b) is not "NOT a AND NOT b", so ungrouping would
 * silently change who matches.
 */
export function ungroupOp(definition: Definition, groupId: string): Op | undefined {
  const found = locateNode(definition, groupId);
  if (!found?.parent || found.node.kind !== 'group' || found.node.not) return undefined;
  const parentId = found.parent.id;
  const ops: SimpleOp[] = found.node.children.map((child, i) => ({
    kind: 'move',
    nodeId: child.id,
    parentId,
    index: found.index + i,
  }));
  ops.push({ kind: 'remove', nodeId: groupId });
  return { kind: 'batch', ops };
}

/** Whether a draft has anything in it (replacing a non-empty draft asks first). */
export function isEmptyDraft(definition: Definition): boolean {
  return definition.root.children.length === 0;
}
