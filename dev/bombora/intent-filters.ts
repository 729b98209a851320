// Intent API filter predicates: {"a": attr, "<op>": value}, {"and": [...]}, {"or": [...]}, with
// domain wildcards ("*.edu") and account-list references ("accountList:<uuid>").
import { canonicalDomain } from './dataset';

export const INTENT_ATTRIBUTES = [
  'domain',
  'topic',
  'researchCountry',
  'researchState',
  'researchMetro',
  'score',
  'scoreLabel',
  'topicsCount',
  'topics',
  'topics.id',
  'topics.name',
  'topics.score',
  'topics.personas',
  'areasOfInterest',
  'personas',
  'company',
  'company.name',
  'company.industry',
  'company.size',
  'company.revenue',
  'company.hq',
  'company.hq.address',
  'company.hq.address2',
  'company.hq.country',
  'company.hq.state',
  'company.hq.city',
  'company.hq.zip',
] as const;

const ATTRIBUTE_SET = new Set<string>(INTENT_ATTRIBUTES);
const OPERATORS = ['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte'] as const;
type Operator = (typeof OPERATORS)[number];

/** Reads an attribute (dotted path) of a row. */
export type AttributeGetter = (attribute: string) => unknown;
export type CompiledFilter = (get: AttributeGetter) => boolean;

export type FilterResult = { ok: true; filter: CompiledFilter } | { ok: false; message: string };

type Scalar = string | number | boolean;
type Matcher = (value: unknown) => boolean;

class FilterError extends Error {}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScalar(v: unknown): v is Scalar {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function globRegex(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}

/** One expected value as a matcher: exact (case-insensitive), wildcard, or account list. */
function valueMatcher(
  attribute: string,
  expected: Scalar,
  lists: Map<string, Set<string>>,
): Matcher {
  if (typeof expected === 'string' && expected.startsWith('accountList:')) {
    const id = expected.slice('accountList:'.length);
    const list = lists.get(id);
    if (!list) throw new FilterError(`Unknown account list: ${id}`);
    return (v) => typeof v === 'string' && list.has(canonicalDomain(v));
  }
  if (typeof expected === 'string' && expected.includes('*')) {
    const re = globRegex(expected);
    return (v) => typeof v === 'string' && re.test(attribute === 'domain' ? canonicalDomain(v) : v);
  }
  if (typeof expected === 'string') {
    const want = attribute === 'domain' ? canonicalDomain(expected) : expected.toLowerCase();
    return (v) =>
      typeof v === 'string' &&
      (attribute === 'domain' ? canonicalDomain(v) : v.toLowerCase()) === want;
  }
  return (v) => v === expected;
}

function compare(op: Operator, v: unknown, expected: unknown): boolean {
  if (typeof v === 'number' && typeof expected === 'number') {
    if (op === 'gt') return v > expected;
    if (op === 'gte') return v >= expected;
    if (op === 'lt') return v < expected;
    return v <= expected;
  }
  if (typeof v === 'string' && typeof expected === 'string') {
    const c = v.localeCompare(expected);
    if (op === 'gt') return c > 0;
    if (op === 'gte') return c >= 0;
    if (op === 'lt') return c < 0;
    return c <= 0;
  }
  return false;
}

function compileNode(node: unknown, lists: Map<string, Set<string>>): CompiledFilter {
  if (!isObject(node)) throw new FilterError('A filter must be an object');
  const keys = Object.keys(node);
  if ('and' in node || 'or' in node) {
    if (keys.length !== 1) throw new FilterError('"and"/"or" must be the only key of a filter');
    const kind = keys[0] as 'and' | 'or';
    const children = node[kind];
    if (!Array.isArray(children) || children.length === 0) {
      throw new FilterError(`"${kind}" expects a non-empty array of filters`);
    }
    const compiled = children.map((c) => compileNode(c, lists));
    return kind === 'and'
      ? (get) => compiled.every((f) => f(get))
      : (get) => compiled.some((f) => f(get));
  }
  const attribute = node.a;
  if (typeof attribute !== 'string') throw new FilterError('A predicate needs an attribute "a"');
  if (!ATTRIBUTE_SET.has(attribute))
    throw new FilterError(`Unknown filter attribute: ${attribute}`);
  const ops = keys.filter((k) => k !== 'a');
  if (ops.length !== 1 || !OPERATORS.includes(ops[0] as Operator)) {
    throw new FilterError(`A predicate needs exactly one of ${OPERATORS.join(', ')}`);
  }
  const op = ops[0] as Operator;
  const expected = node[op];
  if (op === 'in' || op === 'nin') {
    if (!Array.isArray(expected) || expected.length === 0 || !expected.every(isScalar)) {
      throw new FilterError(`"${op}" expects a non-empty array of values`);
    }
    // Plain strings go in a set (a filter of thousands of domains is one lookup per row);
    // wildcards, account lists and non-strings keep their own matchers.
    const fold = (v: string) => (attribute === 'domain' ? canonicalDomain(v) : v.toLowerCase());
    const plain = new Set<string>();
    const matchers: Matcher[] = [];
    for (const e of expected) {
      if (typeof e === 'string' && !e.includes('*') && !e.startsWith('accountList:'))
        plain.add(fold(e));
      else matchers.push(valueMatcher(attribute, e, lists));
    }
    const any: Matcher = (v) =>
      (typeof v === 'string' && plain.has(fold(v))) || matchers.some((m) => m(v));
    return op === 'in' ? (get) => any(get(attribute)) : (get) => !any(get(attribute));
  }
  if (op === 'eq' || op === 'neq') {
    if (!isScalar(expected)) throw new FilterError(`"${op}" expects a string, number or boolean`);
    const m = valueMatcher(attribute, expected, lists);
    return op === 'eq' ? (get) => m(get(attribute)) : (get) => !m(get(attribute));
  }
  if (typeof expected !== 'number' && typeof expected !== 'string') {
    throw new FilterError(`"${op}" expects a number or string`);
  }
  return (get) => compare(op, get(attribute), expected);
}

export function compileFilter(
  raw: unknown,
  accountLists: { id: string; domains: string[] }[],
): FilterResult {
  const lists = new Map(
    accountLists.map((l) => [l.id, new Set(l.domains.map((d) => canonicalDomain(d)))]),
  );
  try {
    return { ok: true, filter: compileNode(raw, lists) };
  } catch (e) {
    if (e instanceof FilterError) return { ok: false, message: `Invalid filter: ${e.message}` };
    throw e;
  }
}
