import type { Sha256 } from '../ingest/normalize';
import { asciiFold } from './conditions';
import {
  DEFINITION_VERSION,
  type AudienceNode,
  type Definition,
  type GroupNode,
  type Operator,
  type RuleValue,
} from './definition';

/*
 * The canonical form of a definition: what it means, without how it was drawn. Two definitions
 * that select the same people for reasons visible in the tree alone get the same canonical JSON,
 * and so the same `definitionHash` (the key of the size cache and of saved versions).
 *
 * Rewrites, applied bottom-up (each keeps the meaning under the SEMANTICS of definition.ts):
 * - node ids and group labels are dropped; `not: false` is the same as no `not`;
 * - a group's children are canonicalised, then a non-negated child group with the group's own op
 *   is spliced into it (AND(a, AND(b, c)) = AND(a, b, c)), duplicates are removed (a AND a = a),
 *   and the rest is sorted by canonical JSON, so child order does not matter;
 * - a group with one child becomes that child, its `not` XOR-ed with the group's (so double
 *   negation through a single-child group cancels out);
 * - text values of eq / neq / in / not_in / contains / starts_with / ends_with are trimmed and
 *   ASCII-lower-cased, because every text comparison ignores case and surrounding spaces (the
 *   SEMANTICS comment). This holds for enum fields too (country codes), so no catalog is needed;
 * - `in` / `not_in` value lists are sorted and de-duplicated, and with exactly one value become
 *   `eq` / `neq`;
 * - list `uploadIds` and intent `topics` are sorted and de-duplicated; `match: 'all'` over exactly
 *   one item is `match: 'any'`;
 * - operators that take no value (is_empty, is_not_empty, is_true, is_false) drop a stale value
 *   the editor may have left behind, and a `null` value is the same as none.
 *
 * Deliberately NOT done, though some would be equivalences under the two-valued semantics: De
 * Morgan, `neq` ↔ NOT `eq`, `not_in` ↔ NOT `in`, `is_not_empty` ↔ NOT `is_empty`, merging ranges,
 * absorption. A missed equivalence costs a cache miss; a wrong one would serve one audience's
 * count for another. Empty groups are kept as they are (an empty AND is everyone, an empty OR no
 * one) — validation refuses them anyway.
 *
 * Sorting compares strings by UTF-16 code units (never `localeCompare`), so the form is the same in
 * every runtime and locale.
 */

export type CanonicalNode =
  | { kind: 'group'; op: 'and' | 'or'; not?: true; children: CanonicalNode[] }
  | { kind: 'rule'; not?: true; field: string; op?: Operator; value?: Exclude<RuleValue, null> }
  | { kind: 'list'; not?: true; uploadIds: string[]; match: 'any' | 'all' }
  | { kind: 'audience'; not?: true; audienceId: string }
  | {
      kind: 'intent';
      not?: true;
      topics: string[];
      match: 'any' | 'all';
      minTopics?: number;
      minScore: number;
      withinWeeks: number;
    };

const CASE_INSENSITIVE_OPS: ReadonlySet<Operator> = new Set([
  'eq',
  'neq',
  'in',
  'not_in',
  'contains',
  'starts_with',
  'ends_with',
]);
const VALUELESS_OPS: ReadonlySet<Operator> = new Set([
  'is_empty',
  'is_not_empty',
  'is_true',
  'is_false',
]);

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortedUnique = (items: readonly string[]) => [...new Set(items)].sort(byCodeUnits);
const foldText = (s: string) => asciiFold(s.trim());

function withNot<T extends CanonicalNode>(node: T, not: boolean): T {
  const { not: _drop, ...rest } = node;
  return (not ? { ...rest, not: true } : rest) as T;
}

function canonicalValue(op: Operator | undefined, value: RuleValue | undefined) {
  if (value === undefined || value === null) return undefined;
  if (op && VALUELESS_OPS.has(op)) return undefined;
  const fold = op !== undefined && CASE_INSENSITIVE_OPS.has(op);
  if (typeof value === 'string') return fold ? foldText(value) : value;
  if (typeof value === 'number') return Object.is(value, -0) ? 0 : value;
  if (!Array.isArray(value)) return value;
  if (op === 'in' || op === 'not_in') {
    if (value.every((v): v is string => typeof v === 'string'))
      return sortedUnique(fold ? value.map(foldText) : value);
    return [...new Set((value as number[]).map((n) => (Object.is(n, -0) ? 0 : n)))].sort(
      (a, b) => a - b,
    );
  }
  // Positional lists (between's [low, high]) keep their order.
  return value.map((v) => (typeof v === 'string' && fold ? foldText(v) : v)) as string[] | number[];
}

function canonicalNode(node: AudienceNode): CanonicalNode {
  const not = node.not === true;
  switch (node.kind) {
    case 'rule': {
      let op = node.op;
      let value = canonicalValue(op, node.value);
      if ((op === 'in' || op === 'not_in') && Array.isArray(value) && value.length === 1) {
        value = value[0];
        op = op === 'in' ? 'eq' : 'neq';
      }
      return withNot(
        {
          kind: 'rule',
          field: node.field,
          ...(op === undefined ? {} : { op }),
          ...(value === undefined ? {} : { value }),
        },
        not,
      );
    }
    case 'list': {
      const uploadIds = sortedUnique(node.uploadIds);
      const match = uploadIds.length === 1 ? 'any' : node.match;
      return withNot({ kind: 'list', uploadIds, match }, not);
    }
    case 'intent': {
      const topics = sortedUnique(node.topics);
      // "At least 1" is any and "at least all of them" is all; other thresholds stay as they are.
      let match = topics.length === 1 ? 'any' : node.match;
      let minTopics = node.minTopics;
      if (minTopics !== undefined && minTopics <= 1) [match, minTopics] = ['any', undefined];
      else if (minTopics !== undefined && minTopics === topics.length)
        [match, minTopics] = ['all', undefined];
      return withNot(
        {
          kind: 'intent',
          topics,
          match,
          ...(minTopics === undefined ? {} : { minTopics }),
          minScore: node.minScore,
          withinWeeks: node.withinWeeks,
        },
        not,
      );
    }
    case 'audience':
      return withNot({ kind: 'audience', audienceId: node.audienceId }, not);
    case 'group':
      return canonicalGroup(node);
  }
}

function canonicalGroup(group: GroupNode): CanonicalNode {
  const flat: CanonicalNode[] = [];
  for (const child of group.children) {
    const c = canonicalNode(child);
    if (c.kind === 'group' && c.op === group.op && !c.not) flat.push(...c.children);
    else flat.push(c);
  }
  const byJson = new Map<string, CanonicalNode>();
  for (const c of flat) byJson.set(stableJson(c), c);
  const children = [...byJson.keys()].sort(byCodeUnits).map((key) => byJson.get(key)!);
  if (children.length === 1) {
    const only = children[0]!;
    return withNot(only, (only.not === true) !== (group.not === true));
  }
  return withNot({ kind: 'group', op: group.op, children }, group.not === true);
}

/** The canonical form of the definition's root (no longer necessarily a group). */
export function canonicalize(definition: Definition): CanonicalNode {
  return canonicalNode(definition.root);
}

/** JSON with object keys sorted at every level; arrays keep their order. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => byCodeUnits(a, b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

export function canonicalJson(definition: Definition): string {
  return stableJson(canonicalize(definition));
}

/** Lowercase hex SHA-256 of the canonical JSON (UTF-8). */
export function definitionHash(definition: Definition, sha256: Sha256): string {
  const digest = sha256(new TextEncoder().encode(canonicalJson(definition)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * A definition built from a canonical form, with fresh node ids: a root that is not a group is
 * wrapped in an AND group of one. `canonicalize(fromCanonical(c))` is `c` again.
 */
export function fromCanonical(canonical: CanonicalNode, newId: () => string): Definition {
  const build = (c: CanonicalNode): AudienceNode => {
    const id = newId();
    if (c.kind === 'group') return { ...c, id, children: c.children.map(build) };
    if (c.kind === 'list') return { ...c, id, uploadIds: [...c.uploadIds] };
    if (c.kind === 'intent') return { ...c, id, topics: [...c.topics] };
    if (c.kind === 'rule' && Array.isArray(c.value))
      return { ...c, id, value: [...c.value] as string[] | number[] };
    return { ...c, id };
  };
  const root = build(canonical);
  return {
    version: DEFINITION_VERSION,
    root:
      root.kind === 'group' ? root : { id: newId(), kind: 'group', op: 'and', children: [root] },
  };
}
