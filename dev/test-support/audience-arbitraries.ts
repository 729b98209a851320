// fast-check arbitraries for audience definitions, shared by the property tests of
// core/audience (canonical form, text form, diff). They live here because core/ may not import
// fast-check outside test files, and a helper is not a test file.
import fc from 'fast-check';
import { canonicalJson } from '../../core/audience/canonical';
import {
  DEFINITION_VERSION,
  type AudienceNode,
  type Definition,
  type GroupNode,
  type RuleNode,
} from '../../core/audience/definition';
import { fieldCatalog, OPERATORS_BY_TYPE, type FieldDef } from '../../core/audience/field-catalog';
import type { NameResolver } from '../../core/audience/text-form';

export const CATALOG = fieldCatalog(['Lead source', 'Région', 'quote "q" \\ key']);

/** Lists, audiences and topics of a fictional organisation, with an ambiguous and an odd name. */
export const LISTS = new Map([
  ['up_1', 'Customers 2025'],
  ['up_2', 'Webinar "Q3" leads'],
  ['up_3', 'Trade show'],
  ['up_4', 'Trade show'],
  ['up-5', 'Back\\slash'],
]);
export const AUDIENCES = new Map([
  ['aud_1', 'Decision makers'],
  ['aud_2', 'Existing customers'],
]);
export const TOPICS = new Map([
  ['t_1', 'Cloud Security'],
  ['t_2', 'Data Warehousing'],
  ['t_3', 'CRM'],
  ['t_4', 'Crm'],
]);

function resolver(byId: ReadonlyMap<string, string>) {
  return {
    name: (id: string) => byId.get(id),
    ids: (name: string) =>
      [...byId]
        .filter(([, n]) => n.trim().toLowerCase() === name.trim().toLowerCase())
        .map(([id]) => id),
  };
}

export function nameResolverOf(
  lists: ReadonlyMap<string, string> = LISTS,
  audiences: ReadonlyMap<string, string> = AUDIENCES,
  topics: ReadonlyMap<string, string> = TOPICS,
): NameResolver {
  const l = resolver(lists);
  const a = resolver(audiences);
  const t = resolver(topics);
  return {
    listName: l.name,
    listIdsByName: l.ids,
    audienceName: a.name,
    audienceIdsByName: a.ids,
    topicName: t.name,
    topicIdsByName: t.ids,
  };
}

export const NAMES = nameResolverOf();

const text = fc.oneof(
  fc.constantFrom('Software', 'software ', 'VP', 'C-Level', 'Head of', 'a "quoted" \\ word', ''),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const number = fc.oneof(
  fc.integer({ min: -1000, max: 100_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }),
);
const date = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2035-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));
const notFlag = fc.constantFrom<boolean | undefined>(undefined, undefined, false, true);

type Unidentified<T> = T extends AudienceNode ? Omit<T, 'id'> : never;
type Draft =
  | Unidentified<RuleNode>
  | Unidentified<Exclude<AudienceNode, GroupNode | RuleNode>>
  | (Omit<GroupNode, 'id' | 'children'> & { children: Draft[] });

function ruleFor(field: FieldDef): fc.Arbitrary<Draft> {
  const countryCodes = (field.options ?? []).map((o) => o.value);
  const word = field.type === 'enum' ? fc.constantFrom(...countryCodes) : text;
  return fc.tuple(fc.constantFrom(...OPERATORS_BY_TYPE[field.type]), notFlag).chain(([op, not]) => {
    const value: fc.Arbitrary<RuleNode['value']> = (() => {
      switch (op) {
        case 'in':
        case 'not_in':
          return fc.array(word, { minLength: 1, maxLength: 4 });
        case 'eq':
        case 'neq':
          return field.type === 'number' ? number : word;
        case 'contains':
        case 'starts_with':
        case 'ends_with':
          return text;
        case 'lt':
        case 'lte':
        case 'gt':
        case 'gte':
          return number;
        case 'between':
          return fc.tuple(number, number).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]);
        case 'before':
        case 'after':
          return date;
        case 'within_last':
          return fc.integer({ min: 1, max: 3650 });
        default:
          return fc.constant(undefined);
      }
    })();
    return value.map((v): Draft => ({
      kind: 'rule',
      field: field.id,
      op,
      ...(v === undefined ? {} : { value: v }),
      ...(not === undefined ? {} : { not }),
    }));
  });
}

const withNot = <T extends object>(node: T, not: boolean | undefined) =>
  not === undefined ? node : { ...node, not };

const condition: fc.Arbitrary<Draft> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...CATALOG.fields).chain(ruleFor) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.subarray([...LISTS.keys()], { minLength: 1 }),
        fc.constantFrom('any', 'all'),
        notFlag,
      )
      .map(([uploadIds, match, not]): Draft =>
        withNot({ kind: 'list', uploadIds, match } as const, not),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...AUDIENCES.keys()), notFlag)
      .map(([audienceId, not]): Draft => withNot({ kind: 'audience', audienceId } as const, not)),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        topics: fc.subarray([...TOPICS.keys()], { minLength: 1 }),
        match: fc.constantFrom('any' as const, 'all' as const),
        minTopics: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        minScore: fc.integer({ min: 0, max: 100 }),
        withinWeeks: fc.integer({ min: 1, max: 12 }),
        not: notFlag,
      })
      .map(({ not, ...rest }): Draft => withNot({ kind: 'intent', ...rest } as const, not)),
  },
);

const { tree } = fc.letrec<{ tree: Draft; group: Draft }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, condition, tie('group')),
  group: fc
    .record({
      op: fc.constantFrom('and' as const, 'or' as const),
      not: notFlag,
      label: fc.option(fc.constantFrom('Titles', 'Firmographics'), { nil: undefined }),
      children: fc.array(tie('tree'), { minLength: 1, maxLength: 4 }),
    })
    .map(({ op, not, label, children }): Draft => ({
      kind: 'group',
      op,
      children,
      ...(not === undefined ? {} : { not }),
      ...(label === undefined ? {} : { label }),
    })),
}));

/** Gives each node of a drafted tree a fresh id: `n1`, `n2`, … in walk order. */
export function identify(draft: Draft, newId: () => string): AudienceNode {
  const id = newId();
  if (draft.kind === 'group')
    return { ...draft, id, children: draft.children.map((c) => identify(c, newId)) };
  return { ...draft, id } as AudienceNode;
}

export function counter(prefix = 'n') {
  let n = 0;
  return () => `${prefix}${++n}`;
}

/** A definition every field, operator and value of which the catalog accepts. */
export const validDefinition: fc.Arbitrary<Definition> = fc
  .array(tree, { minLength: 1, maxLength: 4 })
  .chain((children) =>
    fc
      .record({ op: fc.constantFrom('and' as const, 'or' as const), not: notFlag })
      .map(({ op, not }): Definition => {
        const newId = counter();
        const root = identify(
          { kind: 'group', op, children, ...(not === undefined ? {} : { not }) },
          newId,
        );
        return { version: DEFINITION_VERSION, root: root as GroupNode };
      }),
  );

/**
 * `d` with the n-th condition (modulo their count) negated — or null when that condition also
 * appears elsewhere in `d` (by canonical meaning, either negation): flipping one of several copies
 * can keep the meaning (AND(a, a, NOT a) is AND(a, NOT a, NOT a)), so it tests nothing.
 */
export function flipUniqueCondition(
  d: Definition,
  n: number,
): { target: AudienceNode; flipped: Definition } | null {
  const conditions: AudienceNode[] = [];
  const collect = (node: AudienceNode) =>
    node.kind === 'group' ? node.children.forEach(collect) : conditions.push(node);
  collect(d.root);
  const target = conditions[n % conditions.length]!;
  const meaning = (c: AudienceNode) =>
    canonicalJson({
      version: d.version,
      root: { id: 'r', kind: 'group', op: 'and', children: [{ ...c, not: false }] },
    });
  if (conditions.filter((c) => meaning(c) === meaning(target)).length !== 1) return null;
  const flip = (node: AudienceNode): AudienceNode =>
    node === target
      ? { ...node, not: !node.not }
      : node.kind === 'group'
        ? { ...node, children: node.children.map(flip) }
        : node;
  return { target, flipped: { ...d, root: flip(d.root) as GroupNode } };
}
