import type { AudienceNode, Definition, GroupNode } from './definition';

/*
 * Audience conditions ("in audience B") are evaluated by substituting B's current definition: the
 * condition becomes an AND group with the condition's id and `not`, holding B's root. Both
 * evaluators and the size-cache key work on the expanded tree, so an edit to B changes everyone
 * who refers to it.
 */

/** The definition with every audience condition replaced by the referenced definition. */
export function expandAudienceRefs(
  definition: Definition,
  audiences: ReadonlyMap<string, Definition>,
): Definition {
  return { ...definition, root: expandNode(definition.root, audiences) as GroupNode };
}

/**
 * One node with its audience conditions expanded. Throws on an unknown audience or a cycle:
 * callers validate first (`validateDefinition` reports both), so either is a bug.
 */
export function expandNode(
  node: AudienceNode,
  audiences: ReadonlyMap<string, Definition>,
  chain: readonly string[] = [],
): AudienceNode {
  if (node.kind === 'group')
    return { ...node, children: node.children.map((c) => expandNode(c, audiences, chain)) };
  if (node.kind !== 'audience') return node;
  const target = audiences.get(node.audienceId);
  if (!node.audienceId || !target)
    throw new Error(
      `Audience condition ${node.id} refers to an unknown audience "${node.audienceId}"`,
    );
  if (chain.includes(node.audienceId))
    throw new Error(`Audience references form a cycle: ${[...chain, node.audienceId].join(' → ')}`);
  const root = expandNode(target.root, audiences, [...chain, node.audienceId]);
  return {
    id: node.id,
    kind: 'group',
    op: 'and',
    ...(node.not ? { not: true } : {}),
    children: [root],
  };
}
