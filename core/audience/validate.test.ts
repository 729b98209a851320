import { describe, expect, it } from 'vitest';
import {
  and,
  audience,
  CATALOG,
  definition,
  intent,
  list,
  NESTED_12,
  not,
  only,
  OPERATOR_CASES,
  rule,
} from '../../dev/test-support/audience-engine-fixtures';
import {
  MAX_AUDIENCE_DEPTH,
  MAX_GROUP_DEPTH,
  MAX_NODES,
  type AudienceNode,
  type Definition,
  type GroupNode,
} from './definition';
import { validateDefinition, type IssueCode, type ValidationContext } from './validate';

function context(overrides: Partial<ValidationContext> = {}): ValidationContext {
  return {
    catalog: CATALOG,
    listIds: new Set(['u1', 'u2']),
    topicIds: new Set(['t1', 't2']),
    audiences: new Map(),
    ...overrides,
  };
}

const issuesOf = (def: Definition, ctx = context()) => validateDefinition(def, ctx);

/** Groups at levels 1 … `levels` below the root (level 0), around one condition. */
function nestedGroups(levels: number): { def: Definition; groups: GroupNode[] } {
  const groups: GroupNode[] = [];
  let node: AudienceNode = rule('quality', 'gte', 1);
  for (let i = 0; i < levels; i++) {
    const group = and(node);
    groups.unshift(group);
    node = group;
  }
  return { def: definition(and(node)), groups };
}

describe('a definition without issues', () => {
  it('has none for every operator of the operator table', () => {
    for (const { field, op, value } of OPERATOR_CASES)
      expect(issuesOf(only(rule(field, op, value)))).toEqual([]);
  });

  it('has none for groups 12 levels deep, lists, topics and an audience', () => {
    const ctx = context({ audiences: new Map([['b', only(list('any', 'u1'))]]) });
    const def = definition(
      and(NESTED_12.definition.root, list('all', 'u1', 'u2'), intent('any', ['t1'], 50, 4)),
    );
    expect(issuesOf(def, ctx)).toEqual([]);
    expect(issuesOf(only(not(audience('b'))), ctx)).toEqual([]);
  });

  it('does not check topics when no taxonomy is loaded', () => {
    expect(issuesOf(only(intent('any', ['t9'], 50, 1)), context({ topicIds: null }))).toEqual([]);
  });
});

describe('each issue', () => {
  const selfCtx = context({ audienceId: 'a' });
  const table: Array<{
    code: IssueCode;
    node: () => AudienceNode;
    ctx?: ValidationContext;
    mentions: string;
  }> = [
    { code: 'missing_field', node: () => rule('', 'eq', 'x'), mentions: 'field' },
    { code: 'unknown_field', node: () => rule('shoe_size', 'eq', '9'), mentions: 'shoe_size' },
    { code: 'missing_operator', node: () => rule('title', undefined, 'x'), mentions: 'Job title' },
    { code: 'operator_not_for_type', node: () => rule('title', 'lt', 3), mentions: 'Job title' },
    { code: 'missing_value', node: () => rule('title', 'eq', '  '), mentions: 'Job title is' },
    { code: 'wrong_value_type', node: () => rule('quality', 'gt', '50'), mentions: '"50"' },
    { code: 'invalid_value', node: () => rule('country', 'eq', 'XX'), mentions: '"XX"' },
    { code: 'empty_group', node: () => and(), mentions: 'no conditions' },
    { code: 'no_lists', node: () => list('any'), mentions: 'list' },
    { code: 'unknown_list', node: () => list('any', 'u1', 'u9'), mentions: 'u9' },
    { code: 'missing_audience', node: () => audience(''), mentions: 'audience' },
    { code: 'unknown_audience', node: () => audience('gone'), mentions: 'gone' },
    { code: 'self_reference', node: () => audience('a'), ctx: selfCtx, mentions: 'itself' },
    {
      code: 'audience_cycle',
      node: () => audience('b'),
      ctx: context({ audienceId: 'a', audiences: new Map([['b', only(audience('a'))]]) }),
      mentions: '“b”, which refers to “a”',
    },
    { code: 'no_topics', node: () => intent('any', [], 50, 1), mentions: 'topic' },
    { code: 'unknown_topic', node: () => intent('all', ['t1', 't9'], 50, 1), mentions: 't9' },
    {
      code: 'too_few_topics',
      node: () => ({ ...intent('any', ['t1'], 50, 1), minTopics: 2 }),
      mentions: 'at least 2',
    },
  ];

  it.each(table)('$code is reported on the node, naming it', ({ code, node, ctx, mentions }) => {
    const target = node();
    const issues = issuesOf(only(target), ctx ?? context());
    expect(issues).toEqual([{ nodeId: target.id, code, message: expect.any(String) }]);
    expect(issues[0]!.message).toContain(mentions);
  });

  it('audience_too_deep is reported past MAX_AUDIENCE_DEPTH audiences', () => {
    // a1 → a2 → … : the chain from the edited definition is `length` audiences long.
    const chain = (length: number) =>
      new Map(
        Array.from({ length }, (_, i) => [
          `a${i + 1}`,
          i + 1 < length ? only(audience(`a${i + 2}`)) : only(list('any', 'u1')),
        ]),
      );
    const ref = audience('a1');
    expect(issuesOf(only(ref), context({ audiences: chain(MAX_AUDIENCE_DEPTH) }))).toEqual([]);
    expect(issuesOf(only(ref), context({ audiences: chain(MAX_AUDIENCE_DEPTH + 1) }))).toEqual([
      { nodeId: ref.id, code: 'audience_too_deep', message: expect.stringContaining('“a6”') },
    ]);
  });

  it('too_deep is reported on the first group past MAX_GROUP_DEPTH', () => {
    expect(issuesOf(nestedGroups(MAX_GROUP_DEPTH).def)).toEqual([]);
    const { def, groups } = nestedGroups(MAX_GROUP_DEPTH + 1);
    expect(issuesOf(def)).toEqual([
      { nodeId: groups[MAX_GROUP_DEPTH]!.id, code: 'too_deep', message: expect.any(String) },
    ]);
  });

  it('too_many_nodes is reported on the root past MAX_NODES', () => {
    const rules = (n: number) => Array.from({ length: n }, () => rule('quality', 'gte', 1));
    expect(issuesOf(definition(and(...rules(MAX_NODES - 1))))).toEqual([]);
    const root = and(...rules(MAX_NODES));
    expect(issuesOf(definition(root))).toEqual([
      { nodeId: root.id, code: 'too_many_nodes', message: expect.stringContaining('501') },
    ]);
  });

  it('duplicate_id is reported once per repeated id', () => {
    const a = rule('quality', 'gte', 1);
    expect(issuesOf(definition(and(a, { ...a }, { ...a })))).toEqual([
      { nodeId: a.id, code: 'duplicate_id', message: expect.stringContaining(a.id) },
    ]);
  });
});

describe('values by operator', () => {
  const cases: Array<[string, AudienceNode, IssueCode]> = [
    ['in with no values', rule('title', 'in', []), 'missing_value'],
    ['in with a blank value', rule('title', 'in', ['vp', ' ']), 'invalid_value'],
    ['in with numbers', rule('title', 'in', [1, 2]), 'wrong_value_type'],
    ['eq with a number on a text field', rule('title', 'eq', 5), 'wrong_value_type'],
    ['eq with text on a number field', rule('quality', 'eq', 'five'), 'wrong_value_type'],
    ['between high before low', rule('quality', 'between', [60, 40]), 'invalid_value'],
    ['between with one number', rule('quality', 'between', [40]), 'wrong_value_type'],
    ['before a day that does not exist', rule('added_at', 'before', '2025-02-30'), 'invalid_value'],
    ['after a date in another format', rule('added_at', 'after', '01/02/2025'), 'invalid_value'],
    ['within the last 0 days', rule('added_at', 'within_last', 0), 'invalid_value'],
    ['within the last 1.5 days', rule('added_at', 'within_last', 1.5), 'invalid_value'],
    ['within the last 36501 days', rule('added_at', 'within_last', 36_501), 'invalid_value'],
    ['is empty with a value', rule('title', 'is_empty', 'x'), 'wrong_value_type'],
    ['is true with a value', rule('has_email', 'is_true', true), 'wrong_value_type'],
    [
      'an enum value that is not an option',
      rule('country', 'in', ['US', 'Narnia']),
      'invalid_value',
    ],
    ['contains with no value', rule('title', 'contains'), 'missing_value'],
  ];

  it.each(cases)('refuses %s', (_, node, code) => {
    expect(issuesOf(only(node)).map((i) => i.code)).toEqual([code]);
  });

  it('accepts enum values in any ASCII case', () => {
    expect(issuesOf(only(rule('country', 'in', ['us', ' gb '])))).toEqual([]);
  });
});

describe('audience references', () => {
  it('finds an indirect cycle (b → c → b) and reports it on the condition', () => {
    const ref = audience('b');
    const ctx = context({
      audiences: new Map([
        ['b', only(audience('c'))],
        ['c', only(audience('b'))],
      ]),
    });
    expect(issuesOf(only(ref), ctx)).toEqual([
      { nodeId: ref.id, code: 'audience_cycle', message: expect.stringContaining('“c”') },
    ]);
  });

  it('finds a cycle through the audience being edited, ignoring its saved definition', () => {
    const ctx = context({
      audienceId: 'a',
      audiences: new Map([
        ['a', only(list('any', 'u1'))],
        ['b', only(audience('c'))],
        ['c', only(audience('a'))],
      ]),
    });
    expect(issuesOf(only(audience('b')), ctx).map((i) => i.code)).toEqual(['audience_cycle']);
  });

  it('reports an audience missing further down the chain', () => {
    const ctx = context({ audiences: new Map([['b', only(audience('gone'))]]) });
    const issues = issuesOf(only(audience('b')), ctx);
    expect(issues.map((i) => i.code)).toEqual(['unknown_audience']);
    expect(issues[0]!.message).toContain('gone');
  });

  it('reports a condition inside a referred audience that lost its meaning', () => {
    const ref = audience('b');
    const ctx = context({ audiences: new Map([['b', only(list('any', 'u9'))]]) });
    expect(issuesOf(only(ref), ctx)).toEqual([
      { nodeId: ref.id, code: 'unknown_list', message: expect.stringMatching(/“b”.*u9/) },
    ]);
  });

  it('allows two conditions on the same audience (a diamond is not a cycle)', () => {
    const ctx = context({
      audiences: new Map([
        ['b', only(audience('d'))],
        ['c', only(audience('d'))],
        ['d', only(list('any', 'u1'))],
      ]),
    });
    expect(issuesOf(definition(and(audience('b'), not(audience('c')))), ctx)).toEqual([]);
  });
});
