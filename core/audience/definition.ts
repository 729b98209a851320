import { z } from 'zod';

/*
 * An audience definition: a tree of AND / OR groups over conditions. Every node may be negated
 * (`not`), so "exclude customers" is a negated list condition and "NOT (a OR b)" a negated group.
 *
 * The schema is structural and deliberately permissive: the editor stores half-built conditions
 * (no field chosen yet, an empty group) and `validateDefinition` explains per node what is wrong.
 * Only a definition without issues is counted or exported.
 *
 * Semantics (both evaluators implement exactly these, and the agreement test holds them to it):
 * - every condition is two-valued: a missing value never makes a condition "unknown", so NOT of a
 *   condition is exactly its complement (`industry ≠ "Software"` includes people with no industry);
 * - an empty AND matches everyone, an empty OR matches no one (validation refuses both);
 * - text comparisons ignore ASCII case and surrounding spaces of the value.
 */

export const DEFINITION_VERSION = 1;

/** Nesting levels of groups below the root (the root is level 0). */
export const MAX_GROUP_DEPTH = 16;
export const MAX_NODES = 500;
export const MAX_VALUES = 1000;
/** How many audiences deep a chain of audience conditions may go (A uses B uses C …). */
export const MAX_AUDIENCE_DEPTH = 5;

export const OPERATORS = [
  'eq',
  'neq',
  'in',
  'not_in',
  'contains',
  'starts_with',
  'ends_with',
  'is_empty',
  'is_not_empty',
  'lt',
  'lte',
  'gt',
  'gte',
  'between',
  'before',
  'after',
  'within_last',
  'is_true',
  'is_false',
] as const;
export const OperatorSchema = z.enum(OPERATORS);
export type Operator = z.infer<typeof OperatorSchema>;

const NodeIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'Node ids are letters, digits, _ and -');

const TextValueSchema = z.string().max(1000);
export const RuleValueSchema = z.union([
  TextValueSchema,
  z.number().finite(),
  z.boolean(),
  z.array(TextValueSchema).max(MAX_VALUES),
  z.array(z.number().finite()).max(MAX_VALUES),
  z.null(),
]);
export type RuleValue = z.infer<typeof RuleValueSchema>;

/** A condition on a field of the field catalog (contact, company or custom attribute). */
export const RuleNodeSchema = z.object({
  id: NodeIdSchema,
  kind: z.literal('rule'),
  not: z.boolean().optional(),
  /** A field id from the catalog; empty while the user has not chosen one. */
  field: z.string().max(200),
  op: OperatorSchema.optional(),
  value: RuleValueSchema.optional(),
});
export type RuleNode = z.infer<typeof RuleNodeSchema>;

/** Membership of uploaded lists: in any (or all) of them. */
export const ListNodeSchema = z.object({
  id: NodeIdSchema,
  kind: z.literal('list'),
  not: z.boolean().optional(),
  uploadIds: z.array(z.string().min(1).max(100)).max(100),
  match: z.enum(['any', 'all']),
});
export type ListNode = z.infer<typeof ListNodeSchema>;

/** Membership of another audience (negated: excluded from it). */
export const AudienceRefNodeSchema = z.object({
  id: NodeIdSchema,
  kind: z.literal('audience'),
  not: z.boolean().optional(),
  /** Empty while the user has not chosen one. */
  audienceId: z.string().max(100),
});
export type AudienceRefNode = z.infer<typeof AudienceRefNodeSchema>;

/**
 * The person's company (by domain) is surging on any / all of these intent topics: a score of at
 * least `minScore` in one of the last `withinWeeks` weekly datasets. `minTopics`, when set, asks
 * for at least that many of the topics instead (a topic cluster with its topic threshold, as
 * Bombora recommends) and `match` is then ignored.
 */
export const IntentNodeSchema = z.object({
  id: NodeIdSchema,
  kind: z.literal('intent'),
  not: z.boolean().optional(),
  topics: z.array(z.string().min(1).max(200)).max(200),
  match: z.enum(['any', 'all']),
  minTopics: z.number().int().min(1).max(200).optional(),
  minScore: z.number().int().min(0).max(100),
  withinWeeks: z.number().int().min(1).max(12),
});
export type IntentNode = z.infer<typeof IntentNodeSchema>;

export interface GroupNode {
  id: string;
  kind: 'group';
  op: 'and' | 'or';
  not?: boolean | undefined;
  /** A name the user gave the group (shown on the canvas; no effect on who matches). */
  label?: string | undefined;
  children: AudienceNode[];
}

export type ConditionNode = RuleNode | ListNode | AudienceRefNode | IntentNode;
export type AudienceNode = GroupNode | ConditionNode;
export type NodeKind = AudienceNode['kind'];

export const GroupNodeSchema: z.ZodType<GroupNode> = z.object({
  id: NodeIdSchema,
  kind: z.literal('group'),
  op: z.enum(['and', 'or']),
  not: z.boolean().optional(),
  label: z.string().max(120).optional(),
  get children() {
    return z.array(AudienceNodeSchema);
  },
});

export const AudienceNodeSchema: z.ZodType<AudienceNode> = z.lazy(() =>
  z.union([
    GroupNodeSchema,
    RuleNodeSchema,
    ListNodeSchema,
    AudienceRefNodeSchema,
    IntentNodeSchema,
  ]),
);

export const DefinitionSchema = z.object({
  version: z.literal(DEFINITION_VERSION),
  root: GroupNodeSchema,
});
export type Definition = z.infer<typeof DefinitionSchema>;

/** An empty definition: an AND group waiting for its first condition. */
export function emptyDefinition(rootId = 'root'): Definition {
  return {
    version: DEFINITION_VERSION,
    root: { id: rootId, kind: 'group', op: 'and', children: [] },
  };
}

/** Every node of the tree, parents before children, with its depth (root = 0) and parent. */
export function* walk(
  node: AudienceNode,
  depth = 0,
  parent: GroupNode | null = null,
): Generator<{ node: AudienceNode; depth: number; parent: GroupNode | null }> {
  yield { node, depth, parent };
  if (node.kind === 'group') for (const child of node.children) yield* walk(child, depth + 1, node);
}

export function findNode(root: AudienceNode, id: string): AudienceNode | undefined {
  for (const { node } of walk(root)) if (node.id === id) return node;
  return undefined;
}

/** Ids of the audiences a definition refers to directly. */
export function referencedAudiences(definition: Definition): string[] {
  const ids = new Set<string>();
  for (const { node } of walk(definition.root))
    if (node.kind === 'audience' && node.audienceId) ids.add(node.audienceId);
  return [...ids];
}

/** Ids of the uploads (lists) a definition refers to directly. */
export function referencedLists(definition: Definition): string[] {
  const ids = new Set<string>();
  for (const { node } of walk(definition.root))
    if (node.kind === 'list') for (const id of node.uploadIds) ids.add(id);
  return [...ids];
}
