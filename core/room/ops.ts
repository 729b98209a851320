import { z } from 'zod';
import {
  AudienceNodeSchema,
  AudienceRefNodeSchema,
  DefinitionSchema,
  IntentNodeSchema,
  ListNodeSchema,
  MAX_GROUP_DEPTH,
  MAX_NODES,
  RuleNodeSchema,
  walk,
  type AudienceNode,
  type Definition,
  type GroupNode,
} from '../audience/definition';

/*
 * The operations a co-editor sends to an audience room. The room is the single writer: it applies
 * ops in order with `applyOp`, which either refuses one with a reason or returns the new draft, the
 * op that would undo it (its inverse) and its footprint (what it wrote, for the undo rules of
 * core/room/room-state.ts). `applyOp` is deterministic, so every client that applies the room's
 * accepted ops in sequence order holds the room's draft exactly.
 */

const NodeId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'Node ids are letters, digits, _ and -');
const Index = z.number().int().min(0).max(MAX_NODES);

/** The properties of a condition a `set` op may change (which apply depends on its kind). */
export const CONDITION_PROPS = {
  rule: ['field', 'op', 'value'],
  list: ['uploadIds', 'match'],
  audience: ['audienceId'],
  intent: ['topics', 'match', 'minTopics', 'minScore', 'withinWeeks'],
} as const;
export const ConditionPropSchema = z.enum([
  'field',
  'op',
  'value',
  'uploadIds',
  'match',
  'audienceId',
  'topics',
  'minTopics',
  'minScore',
  'withinWeeks',
]);
export type ConditionProp = z.infer<typeof ConditionPropSchema>;

export const AddOpSchema = z.object({
  kind: z.literal('add'),
  parentId: NodeId,
  index: Index,
  /** A condition or a whole group (its subtree comes with it). */
  node: AudienceNodeSchema,
});
export const RemoveOpSchema = z.object({ kind: z.literal('remove'), nodeId: NodeId });
export const MoveOpSchema = z.object({
  kind: z.literal('move'),
  nodeId: NodeId,
  parentId: NodeId,
  /** The position among the new parent's children, counted as if the node were already out. */
  index: Index,
});
export const SetGroupOpSchema = z.object({
  kind: z.literal('set_group_op'),
  nodeId: NodeId,
  op: z.enum(['and', 'or']),
});
export const SetNotOpSchema = z.object({
  kind: z.literal('set_not'),
  nodeId: NodeId,
  not: z.boolean(),
});
export const SetOpSchema = z.object({
  kind: z.literal('set'),
  nodeId: NodeId,
  prop: ConditionPropSchema,
  /** Absent clears the property (an operator not chosen yet, no value yet). */
  value: z.unknown().optional(),
});
export const RenameOpSchema = z.object({
  kind: z.literal('rename'),
  nodeId: NodeId,
  /** A group's label; empty clears it. */
  label: z.string().max(120),
});
/** Replace the whole draft: applying a template, the text form, restoring an earlier point. */
export const ReplaceOpSchema = z.object({
  kind: z.literal('replace'),
  definition: DefinitionSchema,
});

export const SimpleOpSchema = z.discriminatedUnion('kind', [
  AddOpSchema,
  RemoveOpSchema,
  MoveOpSchema,
  SetGroupOpSchema,
  SetNotOpSchema,
  SetOpSchema,
  RenameOpSchema,
  ReplaceOpSchema,
]);
export type SimpleOp = z.infer<typeof SimpleOpSchema>;

export const MAX_BATCH_OPS = 100;
/** Several ops applied as one (wrap in a group, ungroup, paste): all or nothing, one undo step. */
export const BatchOpSchema = z.object({
  kind: z.literal('batch'),
  ops: z.array(SimpleOpSchema).min(1).max(MAX_BATCH_OPS),
});
export const OpSchema = z.union([SimpleOpSchema, BatchOpSchema]);
export type Op = SimpleOp | z.infer<typeof BatchOpSchema>;

export type OpRejection =
  | 'node_not_found'
  | 'parent_not_found'
  | 'not_a_group'
  | 'duplicate_id'
  | 'root_locked'
  | 'into_own_subtree'
  | 'wrong_kind'
  | 'invalid_value'
  | 'too_many_nodes'
  | 'too_deep';

export type ApplyResult =
  | { ok: true; definition: Definition; inverse: Op; footprint: string[] }
  | { ok: false; code: OpRejection; reason: string };

/*
 * Footprints: what an op wrote, as keys `<nodeId>:<what>`. `<nodeId>:*` is everything about a node
 * (it was created or removed) and `*` the whole draft. Two footprints overlap when a key is equal
 * or a wildcard covers the other.
 */
export const WHOLE_DRAFT = '*';

export function footprintsOverlap(a: readonly string[], b: readonly string[]): boolean {
  if (a.includes(WHOLE_DRAFT) || b.includes(WHOLE_DRAFT)) return a.length > 0 && b.length > 0;
  const wildcards = (keys: readonly string[]) =>
    new Set(keys.filter((k) => k.endsWith(':*')).map((k) => k.slice(0, -2)));
  const aAll = wildcards(a);
  const bAll = wildcards(b);
  const aKeys = new Set(a);
  for (const key of b) {
    if (aKeys.has(key)) return true;
    if (aAll.has(key.slice(0, key.lastIndexOf(':')))) return true;
  }
  for (const key of a) if (bAll.has(key.slice(0, key.lastIndexOf(':')))) return true;
  return false;
}

function subtreeKeys(node: AudienceNode): string[] {
  return [...walk(node)].map(({ node: n }) => `${n.id}:*`);
}

const refuse = (code: OpRejection, reason: string) => ({ ok: false as const, code, reason });

interface Located {
  node: AudienceNode;
  parent: GroupNode | null;
  index: number;
  depth: number;
}

function locate(root: GroupNode, id: string): Located | undefined {
  for (const { node, parent, depth } of walk(root)) {
    if (node.id === id) {
      return { node, parent, index: parent ? parent.children.indexOf(node) : 0, depth };
    }
  }
  return undefined;
}

function groupDepth(node: AudienceNode): number {
  if (node.kind !== 'group') return 0;
  return 1 + Math.max(0, ...node.children.map(groupDepth));
}

const CONDITION_SCHEMAS = {
  rule: RuleNodeSchema,
  list: ListNodeSchema,
  audience: AudienceRefNodeSchema,
  intent: IntentNodeSchema,
} as const;

/** Applies one op to a draft (never mutating it). */
export function applyOp(definition: Definition, op: Op): ApplyResult {
  if (op.kind === 'batch') return applyBatch(definition, op.ops);
  if (op.kind === 'replace') {
    return {
      ok: true,
      definition: structuredClone(op.definition),
      inverse: { kind: 'replace', definition: structuredClone(definition) },
      footprint: [WHOLE_DRAFT],
    };
  }
  const next = structuredClone(definition);
  const result = applySimple(next, op);
  if (!result.ok) return result;
  const limit = checkLimits(next);
  if (limit) return limit;
  return { ok: true, definition: next, inverse: result.inverse, footprint: result.footprint };
}

function applyBatch(definition: Definition, ops: SimpleOp[]): ApplyResult {
  let current = definition;
  const inverses: SimpleOp[] = [];
  const footprint = new Set<string>();
  for (const [i, op] of ops.entries()) {
    const result = applyOp(current, op);
    if (!result.ok) return refuse(result.code, `Step ${i + 1} of ${ops.length}: ${result.reason}`);
    current = result.definition;
    // A simple op's inverse is a simple op.
    if (result.inverse.kind !== 'batch') inverses.unshift(result.inverse);
    for (const key of result.footprint) footprint.add(key);
  }
  return {
    ok: true,
    definition: current,
    inverse: { kind: 'batch', ops: inverses },
    footprint: [...footprint],
  };
}

function checkLimits(definition: Definition): ApplyResult | undefined {
  let count = 0;
  for (const _ of walk(definition.root)) count++;
  if (count > MAX_NODES)
    return refuse('too_many_nodes', `An audience has at most ${MAX_NODES} nodes`);
  if (groupDepth(definition.root) - 1 > MAX_GROUP_DEPTH)
    return refuse('too_deep', `Groups nest at most ${MAX_GROUP_DEPTH} levels deep`);
  return undefined;
}

type SimpleResult =
  | { ok: true; inverse: SimpleOp; footprint: string[] }
  | { ok: false; code: OpRejection; reason: string };

/** Applies a non-replace op to `def` in place (def is a private copy). */
function applySimple(def: Definition, op: Exclude<SimpleOp, { kind: 'replace' }>): SimpleResult {
  const root = def.root;
  switch (op.kind) {
    case 'add': {
      const parent = locate(root, op.parentId);
      if (!parent) return refuse('parent_not_found', 'The group to add to no longer exists');
      if (parent.node.kind !== 'group') return refuse('not_a_group', 'Conditions have no children');
      const existing = new Set([...walk(root)].map(({ node }) => node.id));
      for (const { node } of walk(op.node))
        if (existing.has(node.id) || !existing.add(node.id))
          return refuse('duplicate_id', `Node id ${node.id} is already in use`);
      const children = parent.node.children;
      children.splice(Math.min(op.index, children.length), 0, structuredClone(op.node));
      return {
        ok: true,
        inverse: { kind: 'remove', nodeId: op.node.id },
        footprint: subtreeKeys(op.node),
      };
    }
    case 'remove': {
      const found = locate(root, op.nodeId);
      if (!found) return refuse('node_not_found', 'That node no longer exists');
      if (!found.parent) return refuse('root_locked', 'The top group cannot be removed');
      found.parent.children.splice(found.index, 1);
      return {
        ok: true,
        inverse: { kind: 'add', parentId: found.parent.id, index: found.index, node: found.node },
        footprint: subtreeKeys(found.node),
      };
    }
    case 'move': {
      const found = locate(root, op.nodeId);
      if (!found) return refuse('node_not_found', 'That node no longer exists');
      if (!found.parent) return refuse('root_locked', 'The top group cannot be moved');
      const target = locate(root, op.parentId);
      if (!target) return refuse('parent_not_found', 'The destination group no longer exists');
      if (target.node.kind !== 'group') return refuse('not_a_group', 'Conditions have no children');
      if (findIn(found.node, op.parentId))
        return refuse('into_own_subtree', 'A group cannot be moved into itself');
      found.parent.children.splice(found.index, 1);
      const children = target.node.children;
      children.splice(Math.min(op.index, children.length), 0, found.node);
      return {
        ok: true,
        inverse: { kind: 'move', nodeId: op.nodeId, parentId: found.parent.id, index: found.index },
        footprint: [`${op.nodeId}:position`],
      };
    }
    case 'set_group_op': {
      const found = locate(root, op.nodeId);
      if (!found) return refuse('node_not_found', 'That node no longer exists');
      if (found.node.kind !== 'group') return refuse('wrong_kind', 'Only groups have AND / OR');
      const before = found.node.op;
      found.node.op = op.op;
      return {
        ok: true,
        inverse: { kind: 'set_group_op', nodeId: op.nodeId, op: before },
        footprint: [`${op.nodeId}:op`],
      };
    }
    case 'set_not': {
      const found = locate(root, op.nodeId);
      if (!found) return refuse('node_not_found', 'That node no longer exists');
      const before = found.node.not === true;
      if (op.not) found.node.not = true;
      else delete found.node.not;
      return {
        ok: true,
        inverse: { kind: 'set_not', nodeId: op.nodeId, not: before },
        footprint: [`${op.nodeId}:not`],
      };
    }
    case 'rename': {
      const found = locate(root, op.nodeId);
      if (!found) return refuse('node_not_found', 'That node no longer exists');
      if (found.node.kind !== 'group') return refuse('wrong_kind', 'Only groups have a name');
      const before = found.node.label ?? '';
      const label = op.label.trim();
      if (label) found.node.label = label;
      else delete found.node.label;
      return {
        ok: true,
        inverse: { kind: 'rename', nodeId: op.nodeId, label: before },
        footprint: [`${op.nodeId}:label`],
      };
    }
    case 'set': {
      const found = locate(root, op.nodeId);
      if (!found) return refuse('node_not_found', 'That node no longer exists');
      const node = found.node;
      if (node.kind === 'group') return refuse('wrong_kind', 'Groups have no such property');
      const allowed: readonly string[] = CONDITION_PROPS[node.kind];
      if (!allowed.includes(op.prop))
        return refuse('wrong_kind', `A ${node.kind} condition has no ${op.prop}`);
      const record = node as unknown as Record<string, unknown>;
      const hadBefore = Object.prototype.hasOwnProperty.call(record, op.prop);
      const before = record[op.prop];
      const updated: Record<string, unknown> = { ...record };
      if (op.value === undefined) delete updated[op.prop];
      else updated[op.prop] = op.value;
      const parsed = CONDITION_SCHEMAS[node.kind].safeParse(updated);
      if (!parsed.success)
        return refuse('invalid_value', `Invalid ${op.prop}: ${parsed.error.issues[0]?.message}`);
      if (op.value === undefined) delete record[op.prop];
      else record[op.prop] = structuredClone(op.value);
      return {
        ok: true,
        inverse: hadBefore
          ? { kind: 'set', nodeId: op.nodeId, prop: op.prop, value: before }
          : { kind: 'set', nodeId: op.nodeId, prop: op.prop },
        footprint: [`${op.nodeId}:${op.prop}`],
      };
    }
  }
}

function findIn(node: AudienceNode, id: string): boolean {
  for (const { node: n } of walk(node)) if (n.id === id) return true;
  return false;
}

/** The node ids an op targets (the client highlights them; the room reports them on skips). */
export function targetsOf(op: Op): string[] {
  switch (op.kind) {
    case 'batch':
      return [...new Set(op.ops.flatMap(targetsOf))];
    case 'replace':
      return [];
    case 'add':
      return [op.node.id];
    default:
      return [op.nodeId];
  }
}

/** A one-line description of an op for the history timeline ("set value of r3", "added a rule"). */
export function describeOp(op: Op): string {
  switch (op.kind) {
    case 'add':
      return op.node.kind === 'group' ? 'added a group' : `added a ${op.node.kind} condition`;
    case 'remove':
      return 'removed a node';
    case 'move':
      return 'moved a node';
    case 'set_group_op':
      return `switched a group to ${op.op.toUpperCase()}`;
    case 'set_not':
      return op.not ? 'negated a node (NOT)' : 'removed a NOT';
    case 'rename':
      return op.label ? `renamed a group to "${op.label}"` : 'cleared a group name';
    case 'set':
      return `changed the ${op.prop === 'op' ? 'operator' : op.prop}`;
    case 'replace':
      return 'replaced the whole draft';
    case 'batch':
      return op.ops.length === 1 ? describeOp(op.ops[0]!) : `made ${op.ops.length} changes`;
  }
}
