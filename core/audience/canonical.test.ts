import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  counter,
  flipUniqueCondition,
  validDefinition,
} from '../../dev/test-support/audience-arbitraries';
import {
  canonicalize,
  canonicalJson,
  definitionHash,
  fromCanonical,
  stableJson,
} from './canonical';
import {
  DEFINITION_VERSION,
  type AudienceNode,
  type Definition,
  type GroupNode,
  type RuleNode,
} from './definition';

const sha256 = (input: Uint8Array) => new Uint8Array(createHash('sha256').update(input).digest());

let ids = 0;
const id = () => `x${++ids}`;
const rule = (field: string, op: RuleNode['op'], value?: RuleNode['value'], not?: boolean) =>
  ({
    id: id(),
    kind: 'rule',
    field,
    op,
    ...(value === undefined ? {} : { value }),
    ...(not === undefined ? {} : { not }),
  }) satisfies RuleNode;
const group = (op: 'and' | 'or', children: AudienceNode[], not?: boolean): GroupNode => ({
  id: id(),
  kind: 'group',
  op,
  children,
  ...(not === undefined ? {} : { not }),
});
const def = (root: GroupNode): Definition => ({ version: DEFINITION_VERSION, root });
const and = (...children: AudienceNode[]) => def(group('and', children));

const software = () => rule('industry', 'eq', 'Software');
const big = () => rule('employees', 'gte', 200);

describe('canonicalJson', () => {
  it('drops node ids and group labels', () => {
    const a = def({ ...group('and', [software(), big()]), label: 'Firmographics' });
    const b = and(software(), big());
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).not.toMatch(/"id"|label|Firmographics/);
  });

  it('ignores the order of a group’s children', () => {
    expect(canonicalJson(and(software(), big()))).toBe(canonicalJson(and(big(), software())));
  });

  it('splices a non-negated child group with the same op into its parent', () => {
    const nested = and(software(), group('and', [big(), rule('has_email', 'is_true')]));
    const flat = and(software(), big(), rule('has_email', 'is_true'));
    expect(canonicalJson(nested)).toBe(canonicalJson(flat));
  });

  it('keeps a negated child group with the same op as a group', () => {
    const nested = and(software(), group('and', [big(), rule('has_email', 'is_true')], true));
    const flat = and(software(), big(), rule('has_email', 'is_true'));
    expect(canonicalJson(nested)).not.toBe(canonicalJson(flat));
  });

  it('keeps a child group with the other op as a group', () => {
    const nested = and(software(), group('or', [big(), rule('has_email', 'is_true')]));
    const flat = and(software(), big(), rule('has_email', 'is_true'));
    expect(canonicalJson(nested)).not.toBe(canonicalJson(flat));
  });

  it('replaces a single-child group with its child', () => {
    expect(canonicalize(and(software()))).toEqual({
      kind: 'rule',
      field: 'industry',
      op: 'eq',
      value: 'software',
    });
  });

  it('XORs the negation of a single-child group into its child', () => {
    const doubled = def(group('or', [rule('industry', 'eq', 'Software', true)], true));
    expect(canonicalJson(doubled)).toBe(canonicalJson(and(software())));
    const once = def(group('or', [software()], true));
    expect(canonicalize(once)).toMatchObject({ kind: 'rule', not: true });
  });

  it('treats not: false as no negation', () => {
    expect(canonicalJson(and(rule('industry', 'eq', 'Software', false)))).toBe(
      canonicalJson(and(software())),
    );
  });

  it('removes duplicate children of a group', () => {
    expect(canonicalJson(and(software(), big(), software()))).toBe(
      canonicalJson(and(software(), big())),
    );
  });

  it('trims and ASCII-lower-cases text values of case-insensitive operators', () => {
    expect(canonicalJson(and(rule('title', 'contains', '  Head OF ')))).toBe(
      canonicalJson(and(rule('title', 'contains', 'head of'))),
    );
  });

  it('lower-cases only ASCII letters, leaving others as they are', () => {
    expect(canonicalize(and(rule('city', 'eq', 'ÉVRY')))).toMatchObject({ value: 'Évry' });
  });

  it('leaves date values as they are', () => {
    expect(canonicalize(and(rule('added_at', 'before', '2025-01-31')))).toMatchObject({
      value: '2025-01-31',
    });
  });

  it('sorts and de-duplicates in / not_in values after folding their case', () => {
    const a = and(rule('seniority', 'in', ['VP', 'c-level', 'vp ', 'Director']));
    expect(canonicalize(a)).toMatchObject({ op: 'in', value: ['c-level', 'director', 'vp'] });
  });

  it('turns in with one value into eq', () => {
    expect(canonicalJson(and(rule('industry', 'in', ['Software', 'software'])))).toBe(
      canonicalJson(and(software())),
    );
  });

  it('turns not_in with one value into neq', () => {
    expect(canonicalize(and(rule('industry', 'not_in', ['Software'])))).toMatchObject({
      op: 'neq',
      value: 'software',
    });
  });

  it('keeps neq apart from a negated eq (no rewrite beyond the listed ones)', () => {
    expect(canonicalJson(and(rule('industry', 'neq', 'Software')))).not.toBe(
      canonicalJson(and(rule('industry', 'eq', 'Software', true))),
    );
  });

  it('does not apply De Morgan', () => {
    const negatedOr = def(group('or', [software(), big()], true));
    const andOfNegations = and(
      rule('industry', 'eq', 'Software', true),
      rule('employees', 'gte', 200, true),
    );
    expect(canonicalJson(negatedOr)).not.toBe(canonicalJson(andOfNegations));
  });

  it('keeps the order of between bounds', () => {
    expect(canonicalize(and(rule('employees', 'between', [999, 200])))).toMatchObject({
      value: [999, 200],
    });
  });

  it('drops a stale value of an operator that takes none', () => {
    expect(canonicalJson(and(rule('has_email', 'is_true', 'yes')))).toBe(
      canonicalJson(and(rule('has_email', 'is_true'))),
    );
  });

  it('sorts and de-duplicates list ids, and reads all of one list as any', () => {
    const list = (uploadIds: string[], match: 'any' | 'all'): AudienceNode => ({
      id: id(),
      kind: 'list',
      uploadIds,
      match,
    });
    expect(canonicalJson(and(list(['b', 'a', 'b'], 'all')))).toBe(
      canonicalJson(and(list(['a', 'b'], 'all'))),
    );
    expect(canonicalJson(and(list(['a', 'a'], 'all')))).toBe(
      canonicalJson(and(list(['a'], 'any'))),
    );
  });

  it('keeps all and any apart for an empty list of lists', () => {
    const list = (match: 'any' | 'all'): AudienceNode => ({
      id: id(),
      kind: 'list',
      uploadIds: [],
      match,
    });
    expect(canonicalJson(and(list('all')))).not.toBe(canonicalJson(and(list('any'))));
  });

  it('sorts intent topics, and reads all of one topic as any', () => {
    const intent = (topics: string[], match: 'any' | 'all'): AudienceNode => ({
      id: id(),
      kind: 'intent',
      topics,
      match,
      minScore: 60,
      withinWeeks: 4,
    });
    expect(canonicalJson(and(intent(['t2', 't1'], 'all')))).toBe(
      canonicalJson(and(intent(['t1', 't2'], 'all'))),
    );
    expect(canonicalJson(and(intent(['t1'], 'all')))).toBe(
      canonicalJson(and(intent(['t1'], 'any'))),
    );
  });

  it('keeps empty groups: an empty AND differs from an empty OR', () => {
    expect(canonicalJson(def(group('and', [])))).not.toBe(canonicalJson(def(group('or', []))));
  });

  it('writes object keys in sorted order', () => {
    expect(stableJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
});

describe('definitionHash', () => {
  it('is the lowercase hex SHA-256 of the canonical JSON', () => {
    const d = and(software());
    const expected = createHash('sha256').update(canonicalJson(d), 'utf8').digest('hex');
    expect(definitionHash(d, sha256)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });
});

// Equivalence-preserving rewrites of a tree, chosen at random: what a user might do to a
// definition without changing who is in it.
type Pick = (n: number) => number;

const ASCII_LETTER = /[A-Za-z]/;
function varyText(s: string, pick: Pick): string {
  const cased = [...s].map((ch) =>
    ASCII_LETTER.test(ch) ? (pick(2) ? ch.toUpperCase() : ch.toLowerCase()) : ch,
  );
  return ' '.repeat(pick(2)) + cased.join('') + ' '.repeat(pick(3));
}

function shuffle<T>(items: readonly T[], pick: Pick): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = pick(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function varyCondition(node: Exclude<AudienceNode, GroupNode>, pick: Pick): AudienceNode {
  if (node.kind === 'list' || node.kind === 'intent') {
    const key = node.kind === 'list' ? 'uploadIds' : 'topics';
    const items = node.kind === 'list' ? node.uploadIds : node.topics;
    const varied = shuffle([...items, ...items.slice(0, pick(items.length + 1))], pick);
    const match = items.length === 1 && pick(2) ? 'all' : node.match;
    return { ...node, [key]: varied, match } as AudienceNode;
  }
  if (node.kind !== 'rule') return node;
  const { op, value } = node;
  const folds = op === 'eq' || op === 'neq' || op === 'contains' || op === 'starts_with';
  if (folds && typeof value === 'string') {
    const text = varyText(value, pick);
    if ((op === 'eq' || op === 'neq') && pick(2))
      return { ...node, op: op === 'eq' ? 'in' : 'not_in', value: [text, varyText(value, pick)] };
    return { ...node, value: text };
  }
  if ((op === 'in' || op === 'not_in') && Array.isArray(value) && typeof value[0] === 'string') {
    const texts = (value as string[]).map((v) => varyText(v, pick));
    return { ...node, value: shuffle([...texts, ...texts.slice(0, pick(2))], pick) };
  }
  return node;
}

function vary(node: AudienceNode, pick: Pick, newId: () => string): AudienceNode {
  let out: AudienceNode;
  if (node.kind === 'group') {
    let children = shuffle(
      node.children.map((c) => vary(c, pick, newId)),
      pick,
    );
    if (children.length >= 2 && pick(4) === 0) {
      // Split: move some children into a nested group with the same op.
      const take = 2 + pick(children.length - 1);
      const nested: GroupNode = {
        id: newId(),
        kind: 'group',
        op: node.op,
        children: children.slice(0, take),
      };
      children = [nested, ...children.slice(take)];
    }
    if (children.length && pick(5) === 0) {
      const copy = children[pick(children.length)]!;
      children = [...children, rekey(copy, newId)];
    }
    out = { ...node, children, ...(pick(3) === 0 ? { label: 'Renamed' } : {}) };
  } else {
    out = varyCondition(node, pick);
  }
  if (out.not === undefined && pick(4) === 0) out = { ...out, not: false };
  switch (pick(6)) {
    case 0:
      return { id: newId(), kind: 'group', op: pick(2) ? 'and' : 'or', children: [out] };
    case 1:
      return {
        id: newId(),
        kind: 'group',
        op: pick(2) ? 'and' : 'or',
        not: true,
        children: [{ ...out, not: !out.not }],
      };
    default:
      return out;
  }
}

function rekey(node: AudienceNode, newId: () => string): AudienceNode {
  if (node.kind === 'group')
    return { ...node, id: newId(), children: node.children.map((c) => rekey(c, newId)) };
  return { ...node, id: newId() };
}

function variant(d: Definition, pick: Pick): Definition {
  const newId = counter('v');
  const root = vary(d.root, pick, newId);
  return {
    version: DEFINITION_VERSION,
    root:
      root.kind === 'group' ? root : { id: newId(), kind: 'group', op: 'and', children: [root] },
  };
}

const picker = fc.gen().map(
  (g): Pick =>
    (n) =>
      n <= 1 ? 0 : g(fc.integer, { min: 0, max: n - 1 }),
);

describe('canonical form, for random definitions', () => {
  it('gives the same hash after any equivalence-preserving rewrites', () => {
    fc.assert(
      fc.property(validDefinition, picker, (d, pick) => {
        const v = variant(d, pick);
        expect(canonicalJson(v)).toBe(canonicalJson(d));
        expect(definitionHash(v, sha256)).toBe(definitionHash(d, sha256));
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent: a definition rebuilt from the canonical form canonicalises the same', () => {
    fc.assert(
      fc.property(validDefinition, (d) => {
        const rebuilt = fromCanonical(canonicalize(d), counter('c'));
        expect(canonicalJson(rebuilt)).toBe(canonicalJson(d));
        expect(canonicalize(rebuilt)).toEqual(canonicalize(d));
      }),
      { numRuns: 300 },
    );
  });

  it('changes the hash when one condition is negated', () => {
    fc.assert(
      fc.property(validDefinition, fc.nat(), (d, n) => {
        const flip = flipUniqueCondition(d, n);
        fc.pre(flip !== null);
        const { flipped } = flip!;

        expect(definitionHash(flipped, sha256)).not.toBe(definitionHash(d, sha256));
      }),
      { numRuns: 300 },
    );
  });

  it('almost never gives different random definitions the same hash', () => {
    const sample = fc.sample(validDefinition, { numRuns: 500, seed: 42 });
    const byHash = new Map<string, string>();
    for (const d of sample) {
      const json = canonicalJson(d);
      const hash = definitionHash(d, sha256);
      expect(byHash.get(hash) ?? json).toBe(json);
      byHash.set(hash, json);
    }
    expect(byHash.size).toBeGreaterThan(sample.length * 0.8);
  });

  it('builds a definition with fresh ids whose root is a group', () => {
    const rebuilt = fromCanonical(canonicalize(and(software())), counter('f'));
    expect(rebuilt.root).toMatchObject({ id: 'f2', kind: 'group', op: 'and' });
    expect(rebuilt.root.children).toEqual([
      { id: 'f1', kind: 'rule', field: 'industry', op: 'eq', value: 'software' },
    ]);
  });
});
