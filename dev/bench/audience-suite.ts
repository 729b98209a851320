// The fixed suite of `npm run bench:audience`: 20 definitions from trivial to 10 levels of nesting,
// with exclusions, list, intent and audience conditions, over the data of audience-data.ts.
import {
  DEFINITION_VERSION,
  type AudienceNode,
  type Definition,
  type GroupNode,
  type RuleNode,
} from '../../core/audience/definition';
import { listId, topicId } from './audience-data';

let next = 0;
const id = () => `n${++next}`;

const group = (op: 'and' | 'or', ...children: AudienceNode[]): GroupNode => ({
  id: id(),
  kind: 'group',
  op,
  children,
});
const and = (...children: AudienceNode[]) => group('and', ...children);
const or = (...children: AudienceNode[]) => group('or', ...children);
const not = <T extends AudienceNode>(node: T): T => ({ ...node, not: true });
const rule = (field: string, op: RuleNode['op'], value?: RuleNode['value']): RuleNode => ({
  id: id(),
  kind: 'rule',
  field,
  op,
  ...(value === undefined ? {} : { value }),
});
const list = (match: 'any' | 'all', ...lists: number[]): AudienceNode => ({
  id: id(),
  kind: 'list',
  match,
  uploadIds: lists.map(listId),
});
const intent = (match: 'any' | 'all', topics: number[], minScore = 60, withinWeeks = 1) =>
  ({
    id: id(),
    kind: 'intent',
    match,
    topics: topics.map(topicId),
    minScore,
    withinWeeks,
  }) as const;
const audience = (audienceId: string): AudienceNode => ({ id: id(), kind: 'audience', audienceId });
const definition = (root: GroupNode): Definition => ({ version: DEFINITION_VERSION, root });

/** Audiences the suite refers to (as saved audiences of the organisation). */
export const REFERENCED: ReadonlyMap<string, Definition> = new Map([
  ['bench-customers', definition(and(list('any', 0, 1, 2)))],
  [
    'bench-decision-makers',
    definition(and(rule('seniority', 'in', ['VP', 'C-Level', 'Director', 'Owner']))),
  ],
  [
    'bench-software-midmarket',
    definition(and(rule('industry', 'eq', 'Software'), rule('employees', 'between', [201, 5000]))),
  ],
]);

/** Ten levels of alternating AND / OR groups, each level adding a condition and an exclusion. */
function nested(levels: number): GroupNode {
  const conditions: Array<() => AudienceNode> = [
    () => rule('country', 'in', ['US', 'CA', 'GB', 'DE']),
    () => not(rule('title', 'contains', 'intern')),
    () => rule('employees', 'gte', 51),
    () => or(rule('industry', 'eq', 'Software'), rule('industry', 'eq', 'Financial Services')),
    () => not(list('any', 7)),
    () => rule('quality', 'gte', 50),
    () => rule('has_email', 'is_true'),
    () => intent('any', [3, 4, 5, 6], 50, 4),
    () => not(rule('company_domain', 'ends_with', '.gov')),
    () => rule('added_at', 'within_last', 365),
  ];
  let node: GroupNode = and(conditions[0]!(), rule('seniority', 'is_not_empty'));
  for (let level = 1; level < levels; level++) {
    const condition = conditions[level % conditions.length]!;
    node =
      level % 2
        ? or(and(node, condition()), and(rule('seniority', 'eq', 'C-Level'), condition()))
        : and(node, condition(), not(list('any', 10 + level)));
  }
  return node;
}

export const SUITE: ReadonlyArray<{ name: string; definition: Definition }> = [
  { name: '01 one field', definition: definition(and(rule('industry', 'eq', 'Software'))) },
  { name: '02 one list', definition: definition(and(list('any', 3))) },
  { name: '03 country in', definition: definition(and(rule('country', 'in', ['US', 'CA']))) },
  {
    name: '04 two fields AND',
    definition: definition(and(rule('industry', 'eq', 'Software'), rule('employees', 'gte', 200))),
  },
  {
    name: '05 title contains',
    definition: definition(and(rule('title', 'contains', 'marketing'))),
  },
  {
    name: '06 OR of seniorities',
    definition: definition(
      or(
        rule('seniority', 'eq', 'VP'),
        rule('seniority', 'eq', 'C-Level'),
        rule('title', 'starts_with', 'Head'),
      ),
    ),
  },
  {
    name: '07 exclude a list',
    definition: definition(and(rule('country', 'eq', 'US'), not(list('any', 0)))),
  },
  {
    name: '08 lists all',
    definition: definition(and(list('all', 0, 1))),
  },
  {
    name: '09 intent any',
    definition: definition(and(intent('any', [0, 1, 2]))),
  },
  {
    name: '10 intent all, 4 weeks',
    definition: definition(and(intent('all', [0, 1], 50, 4))),
  },
  {
    name: '11 custom attribute',
    definition: definition(
      and(rule('custom.Lead source', 'eq', 'Webinar'), rule('has_phone', 'is_true')),
    ),
  },
  {
    name: '12 recent, not empty',
    definition: definition(
      and(
        rule('added_at', 'within_last', 90),
        rule('revenue', 'is_not_empty'),
        rule('quality', 'between', [70, 100]),
      ),
    ),
  },
  {
    name: '13 NOT over a group',
    definition: definition(
      and(
        rule('industry', 'in', ['Software', 'Healthcare']),
        not(or(rule('country', 'eq', 'US'), rule('employees', 'lt', 50))),
      ),
    ),
  },
  {
    name: '14 audience include',
    definition: definition(and(audience('bench-decision-makers'), rule('country', 'eq', 'GB'))),
  },
  {
    name: '15 audience exclude',
    definition: definition(
      and(audience('bench-software-midmarket'), not(audience('bench-customers'))),
    ),
  },
  {
    name: '16 intent, excluding customers',
    definition: definition(
      and(
        intent('any', [0, 5, 10, 15], 60, 2),
        not(audience('bench-customers')),
        audience('bench-decision-makers'),
      ),
    ),
  },
  {
    name: '17 three-level mix',
    definition: definition(
      and(
        or(
          rule('industry', 'eq', 'Software'),
          and(rule('industry', 'eq', 'Financial Services'), rule('employees', 'gte', 1001)),
        ),
        or(list('any', 2, 3, 4), intent('any', [7, 8])),
        not(rule('seniority', 'in', ['Entry', 'Senior'])),
      ),
    ),
  },
  {
    name: '18 five levels',
    definition: definition(nested(5)),
  },
  {
    name: '19 eight levels',
    definition: definition(nested(8)),
  },
  {
    name: '20 ten levels, exclusions, references',
    definition: definition(
      and(nested(10), not(audience('bench-customers')), audience('bench-decision-makers')),
    ),
  },
];

/** The three audiences of the overlap measurement. */
export const OVERLAP3 = [SUITE[0]!.definition, SUITE[8]!.definition, SUITE[6]!.definition];
