import { resolveRule } from './conditions';
import {
  MAX_AUDIENCE_DEPTH,
  MAX_GROUP_DEPTH,
  MAX_NODES,
  referencedAudiences,
  walk,
  type AudienceRefNode,
  type Definition,
} from './definition';
import type { FieldCatalog } from './field-catalog';

/*
 * Why a definition cannot be counted yet, per node, in words the editor shows next to the node.
 * A definition without issues is one both evaluators can run: every rule has a meaning
 * (conditions.ts), every list, topic and audience exists, and expanding audience references ends.
 *
 * Audiences referred to are checked through: a cycle or an over-long chain, an audience that no
 * longer exists, or a condition inside a referred audience that lost its meaning (its list was
 * deleted, say) is reported on the audience condition of the definition being edited, since that
 * is the node the user can act on.
 */

export type IssueCode =
  | 'missing_field'
  | 'unknown_field'
  | 'missing_operator'
  | 'operator_not_for_type'
  | 'missing_value'
  | 'wrong_value_type'
  | 'invalid_value'
  | 'empty_group'
  | 'no_lists'
  | 'unknown_list'
  | 'missing_audience'
  | 'unknown_audience'
  | 'self_reference'
  | 'audience_cycle'
  | 'audience_too_deep'
  | 'no_topics'
  | 'too_few_topics'
  | 'unknown_topic'
  | 'too_deep'
  | 'too_many_nodes'
  | 'duplicate_id';

/** `message` is user-facing English that names the field or value concerned. */
export interface NodeIssue {
  nodeId: string;
  code: IssueCode;
  message: string;
}

export interface ValidationContext {
  catalog: FieldCatalog;
  /** Uploads of the organisation that can be used as lists. */
  listIds: ReadonlySet<string>;
  /** null: topics are not checked (no taxonomy loaded). */
  topicIds: ReadonlySet<string> | null;
  /** The audience being edited (self reference, cycles through it). */
  audienceId?: string;
  /** Definitions of audiences that may be referenced (the transitive closure); absent → unknown. */
  audiences: ReadonlyMap<string, Definition>;
}

type Problem = Omit<NodeIssue, 'nodeId'>;

export function validateDefinition(definition: Definition, ctx: ValidationContext): NodeIssue[] {
  const issues: NodeIssue[] = [...ownIssues(definition, ctx)];
  const insideOf = memo((id: string) => ownIssues(ctx.audiences.get(id)!, ctx));
  for (const { node } of walk(definition.root)) {
    if (node.kind !== 'audience') continue;
    for (const problem of referenceProblems(node, ctx, insideOf))
      issues.push({ nodeId: node.id, ...problem });
  }
  return issues;
}

/** Issues of a definition's own nodes; audience conditions only for having a target at all. */
function ownIssues(definition: Definition, ctx: ValidationContext): NodeIssue[] {
  const issues: NodeIssue[] = [];
  const add = (nodeId: string, code: IssueCode, message: string) =>
    issues.push({ nodeId, code, message });
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  let count = 0;
  for (const { node, depth } of walk(definition.root)) {
    count++;
    if (seen.has(node.id)) duplicates.add(node.id);
    seen.add(node.id);
    switch (node.kind) {
      case 'group':
        if (node.children.length === 0)
          add(
            node.id,
            'empty_group',
            node.op === 'and'
              ? 'This group has no conditions (it would match everyone)'
              : 'This group has no conditions (it would match no one)',
          );
        // Reported once, on the groups that first go too deep (those below are inside them).
        if (depth === MAX_GROUP_DEPTH + 1)
          add(
            node.id,
            'too_deep',
            `Groups can be nested ${MAX_GROUP_DEPTH} levels deep; this one is level ${depth}`,
          );
        break;
      case 'rule': {
        // `now` does not affect whether a rule has a meaning.
        const resolved = resolveRule(node, ctx.catalog, 0);
        if (!resolved.ok) add(node.id, resolved.code, resolved.message);
        break;
      }
      case 'list':
        if (node.uploadIds.length === 0) add(node.id, 'no_lists', 'Choose at least one list');
        for (const id of new Set(node.uploadIds))
          if (!ctx.listIds.has(id))
            add(
              node.id,
              'unknown_list',
              `The list “${id}” does not exist (it may have been deleted)`,
            );
        break;
      case 'intent':
        if (node.topics.length === 0) add(node.id, 'no_topics', 'Choose at least one intent topic');
        else if (node.minTopics !== undefined && node.minTopics > new Set(node.topics).size)
          add(
            node.id,
            'too_few_topics',
            `Surging on at least ${node.minTopics} topics needs at least that many topics`,
          );
        if (ctx.topicIds)
          for (const topic of new Set(node.topics))
            if (!ctx.topicIds.has(topic))
              add(node.id, 'unknown_topic', `There is no intent topic “${topic}”`);
        break;
      case 'audience':
        if (!node.audienceId) add(node.id, 'missing_audience', 'Choose an audience');
        break;
    }
  }
  if (count > MAX_NODES)
    add(
      definition.root.id,
      'too_many_nodes',
      `A definition can have up to ${MAX_NODES} conditions and groups; this one has ${count}`,
    );
  for (const id of duplicates)
    add(id, 'duplicate_id', `More than one condition or group has the id “${id}”`);
  return issues;
}

/**
 * What is wrong with following an audience condition: self reference, an unknown audience, a
 * cycle, a chain deeper than MAX_AUDIENCE_DEPTH, or issues inside a referred audience.
 */
function referenceProblems(
  node: AudienceRefNode,
  ctx: ValidationContext,
  insideOf: (id: string) => NodeIssue[],
): Problem[] {
  const start = node.audienceId;
  if (!start) return [];
  if (start === ctx.audienceId)
    return [{ code: 'self_reference', message: 'An audience cannot include itself' }];
  const problems: Problem[] = [];
  const reached = new Set<string>();
  // Depth-first through the references; `chain` is the path of audiences from the edited one.
  const visit = (id: string, chain: string[]): boolean => {
    const definition = ctx.audiences.get(id);
    if (!definition) {
      problems.push({
        code: 'unknown_audience',
        message:
          chain.length === 1
            ? `The audience “${id}” does not exist (it may have been deleted)`
            : `${describe(chain)}, which does not exist`,
      });
      return false;
    }
    reached.add(id);
    for (const next of referencedAudiences(definition)) {
      const path = [...chain, next];
      if (next === ctx.audienceId || chain.includes(next)) {
        problems.push({
          code: 'audience_cycle',
          message: `Audiences would include each other in a loop: ${describe(path)}`,
        });
        return false;
      }
      if (path.length > MAX_AUDIENCE_DEPTH) {
        problems.push({
          code: 'audience_too_deep',
          message: `Audiences can refer to others ${MAX_AUDIENCE_DEPTH} levels deep: ${describe(path)}`,
        });
        return false;
      }
      if (!visit(next, path)) return false;
    }
    return true;
  };
  if (!visit(start, [start])) return problems;
  for (const id of reached)
    for (const issue of insideOf(id))
      // Ids inside another audience never reach the results, so their duplicates do not matter.
      if (issue.code !== 'duplicate_id')
        problems.push({ code: issue.code, message: `In audience “${id}”: ${issue.message}` });
  return problems;
}

const describe = (chain: readonly string[]) =>
  chain.map((id, i) => (i === 0 ? `“${id}”` : `refers to “${id}”`)).join(', which ');

function memo<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, compute(key));
    return cache.get(key)!;
  };
}
