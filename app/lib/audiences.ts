import type { AudienceNode, Definition, GroupNode } from '../../core/audience/definition';
import type { FieldView } from '../../core/audience/field-catalog';
import type { FolderNode, NodeIssueView } from '../../core/contracts/audiences';
import { minTopicsOf } from '~/lib/intent';
import { formatCount } from '~/lib/utils';

// Presentation of audiences shared by the server render and the browser. Type-only imports from
// core: the contracts' zod schemas stay out of the page bundle (see app/lib/uploads.ts).

/** Names the outline needs to say a condition in words; anything unknown falls back to its id. */
export interface NameBook {
  fields: Record<string, Pick<FieldView, 'label' | 'type' | 'options'>>;
  lists: Record<string, string>;
  audiences: Record<string, string>;
  /** Intent topic names (the API has no topic list yet, so this is usually empty: ids show). */
  topics: Record<string, string>;
}

/** The words for each operator, as a sentence reads ("Industry is Software"). */
export const OPERATOR_WORDS: Record<string, string> = {
  eq: 'is',
  neq: 'is not',
  in: 'is any of',
  not_in: 'is none of',
  contains: 'contains',
  starts_with: 'starts with',
  ends_with: 'ends with',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
  lt: 'is less than',
  lte: 'is at most',
  gt: 'is more than',
  gte: 'is at least',
  between: 'is between',
  before: 'is before',
  after: 'is after',
  within_last: 'is within the last',
  is_true: 'is true',
  is_false: 'is false',
};

export const NO_VALUE = new Set(['is_empty', 'is_not_empty', 'is_true', 'is_false']);

function valueWords(value: unknown, field: NameBook['fields'][string] | undefined): string {
  const one = (v: unknown): string => {
    if (typeof v === 'number') return formatCount(v);
    if (typeof v !== 'string') return String(v);
    return field?.options?.find((o) => o.value === v)?.label ?? v;
  };
  if (value === undefined || value === null || value === '') return '…';
  if (Array.isArray(value)) return value.length ? value.map(one).join(', ') : '…';
  return one(value);
}

const oneOf = (names: string[], match: 'any' | 'all') =>
  names.length <= 1
    ? (names[0] ?? '…')
    : `${match === 'all' ? 'all of' : 'any of'} ${names.join(', ')}`;

/** A condition in words, without its negation: "Industry is Software", "In list Customers 2025". */
export function conditionWords(node: Exclude<AudienceNode, GroupNode>, names: NameBook): string {
  switch (node.kind) {
    case 'rule': {
      if (!node.field) return 'A condition with no field chosen yet';
      const field = names.fields[node.field];
      const label = field?.label ?? node.field;
      if (!node.op) return `${label} …`;
      const op = OPERATOR_WORDS[node.op] ?? node.op;
      if (NO_VALUE.has(node.op)) return `${label} ${op}`;
      if (node.op === 'between' && Array.isArray(node.value) && node.value.length === 2)
        return `${label} is between ${valueWords(node.value[0], field)} and ${valueWords(node.value[1], field)}`;
      if (node.op === 'within_last')
        return `${label} is within the last ${valueWords(node.value, field)} days`;
      return `${label} ${op} ${valueWords(node.value, field)}`;
    }
    case 'list': {
      const lists = node.uploadIds.map((id) => names.lists[id] ?? `list ${id}`);
      if (!lists.length) return 'In a list (none chosen yet)';
      return `In ${lists.length === 1 ? 'list' : 'lists'} ${oneOf(lists, node.match)}`;
    }
    case 'audience':
      return node.audienceId
        ? `In audience ${names.audiences[node.audienceId] ?? node.audienceId}`
        : 'In an audience (none chosen yet)';
    case 'intent': {
      if (!node.topics.length) return 'Surging on intent topics (none chosen yet)';
      const topics = node.topics.map((id) => names.topics[id] ?? id);
      const atLeast = minTopicsOf(node);
      const which =
        atLeast !== null && topics.length > 1
          ? `at least ${atLeast} of ${topics.join(', ')}`
          : oneOf(topics, node.match);
      return `Surging on ${which} (score ≥ ${node.minScore} within ${node.withinWeeks} ${node.withinWeeks === 1 ? 'week' : 'weeks'})`;
    }
  }
}

/** A node in words for lists of issues and changes: conditions as above, groups by their op. */
export function nodeWords(node: AudienceNode, names: NameBook): string {
  const text =
    node.kind === 'group'
      ? `${node.label ? `${node.label}: ` : ''}${node.op === 'and' ? 'All of' : 'Any of'} ${node.children.length} ${node.children.length === 1 ? 'condition' : 'conditions'}`
      : conditionWords(node, names);
  return node.not ? `Not: ${text}` : text;
}

/** Every node by id, for looking up what an issue or a size is about. */
export function nodesById(definition: Definition): Map<string, AudienceNode> {
  const byId = new Map<string, AudienceNode>();
  const visit = (node: AudienceNode) => {
    byId.set(node.id, node);
    if (node.kind === 'group') node.children.forEach(visit);
  };
  visit(definition.root);
  return byId;
}

/** Issues grouped by the node they are about. */
export function issuesByNode(issues: readonly NodeIssueView[]): Map<string, NodeIssueView[]> {
  const byNode = new Map<string, NodeIssueView[]>();
  for (const issue of issues)
    byNode.set(issue.nodeId, [...(byNode.get(issue.nodeId) ?? []), issue]);
  return byNode;
}

/**
 * Parsing the text form makes fresh node ids; the version diff and the per-node sizes follow
 * nodes by id. So a parsed tree takes over the ids of the tree it replaces wherever the same
 * position holds the same kind of node (path by child index). Each old id is used at most once, so
 * ids stay unique.
 */
export function carryNodeIds(previous: Definition, next: Definition): Definition {
  const used = new Set<string>();
  const taken = new Set<string>();
  const collect = (node: AudienceNode) => {
    taken.add(node.id);
    if (node.kind === 'group') node.children.forEach(collect);
  };
  collect(next.root);
  const carry = (before: AudienceNode | undefined, after: AudienceNode): AudienceNode => {
    let id = after.id;
    if (
      before &&
      before.kind === after.kind &&
      !used.has(before.id) &&
      (before.id === after.id || !taken.has(before.id))
    ) {
      id = before.id;
      used.add(id);
    }
    if (after.kind !== 'group') return { ...after, id };
    const beforeChildren = before?.kind === 'group' ? before.children : [];
    return {
      ...after,
      id,
      children: after.children.map((child, i) => carry(beforeChildren[i], child)),
    };
  };
  return { ...next, root: carry(previous.root, next.root) as GroupNode };
}

/** Folders flattened in tree order with their depth, for selects and the sidebar. */
export function flattenFolders(
  folders: readonly FolderNode[],
  depth = 0,
): Array<{ id: string; name: string; depth: number; parentId: string | null; count: number }> {
  return folders.flatMap((f) => [
    { id: f.id, name: f.name, depth, parentId: f.parentId, count: f.audienceCount },
    ...flattenFolders(f.children, depth + 1),
  ]);
}

/** The folder and every folder below it (a folder cannot move into any of them). */
export function folderAndDescendants(folders: readonly FolderNode[], id: string): Set<string> {
  const found = new Set<string>();
  const visit = (nodes: readonly FolderNode[], inside: boolean) => {
    for (const f of nodes) {
      const here = inside || f.id === id;
      if (here) found.add(f.id);
      visit(f.children, here);
    }
  };
  visit(folders, false);
  return found;
}

/** The list page's filters as they appear in its address. */
export interface AudienceFilters {
  q?: string;
  status: 'active' | 'archived';
  /** A folder id, or `none` for audiences outside any folder. */
  folder?: string;
  tag?: string;
  cursor?: string;
}

/** The list page's address for these filters (defaults left out), with some values replaced. */
export function audiencesHref(
  filters: AudienceFilters,
  change: Partial<AudienceFilters> & Record<string, string | undefined> = {},
): string {
  const next: Record<string, string | undefined> = { ...filters, cursor: undefined, ...change };
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined || value === '') continue;
    if (key === 'status' && value === 'active') continue;
    query.set(key, value);
  }
  const text = query.toString();
  return text ? `/audiences?${text}` : '/audiences';
}

/** "Jaccard 0.42" style, two decimals. */
export const formatRatio = (ratio: number) => ratio.toFixed(2);

/** The letters Venn and UpSet views name audiences by. */
export const AUDIENCE_LETTERS = ['A', 'B', 'C', 'D', 'E'] as const;

/** "A and B only", "A only", "A, B and C". */
export function regionWords(members: readonly number[], total: number): string {
  const letters = members.map((i) => AUDIENCE_LETTERS[i] ?? String(i + 1));
  const list =
    letters.length <= 1
      ? (letters[0] ?? '')
      : `${letters.slice(0, -1).join(', ')} and ${letters[letters.length - 1]}`;
  return members.length === total ? `In all (${list})` : `${list} only`;
}
