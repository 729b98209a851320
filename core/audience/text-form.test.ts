import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CATALOG,
  counter,
  NAMES,
  validDefinition,
} from '../../dev/test-support/audience-arbitraries';
import { canonicalJson } from './canonical';
import {
  DEFINITION_VERSION,
  DefinitionSchema,
  type AudienceNode,
  type Definition,
  type GroupNode,
  type RuleNode,
} from './definition';
import { parseDefinition, printDefinition } from './text-form';

let ids = 0;
const id = () => `x${++ids}`;
const rule = (field: string, op?: RuleNode['op'], value?: RuleNode['value'], not?: boolean) =>
  ({
    id: id(),
    kind: 'rule',
    field,
    ...(op === undefined ? {} : { op }),
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
const list = (uploadIds: string[], match: 'any' | 'all' = 'any', not?: boolean): AudienceNode => ({
  id: id(),
  kind: 'list',
  uploadIds,
  match,
  ...(not === undefined ? {} : { not }),
});

const print = (d: Definition) => printDefinition(d, NAMES);
const parse = (text: string) => parseDefinition(text, NAMES, CATALOG, counter('p'));
function parsed(text: string): Definition {
  const result = parse(text);
  if (!result.ok) throw new Error(`${result.error.message} at ${result.error.offset}`);
  return result.definition;
}
const reprint = (text: string) => print(parsed(text));

describe('printDefinition', () => {
  it('prints the example from the brief', () => {
    const d = def(
      group('and', [
        group('and', [rule('industry', 'eq', 'Software'), rule('employees', 'gte', 200)]),
        list(['up_1'], 'any', true),
      ]),
    );
    expect(print(d)).toBe(
      '(industry = "Software" AND employees >= 200) AND NOT list:"Customers 2025"',
    );
  });

  it('needs no parentheses for an AND inside an OR', () => {
    const d = def(
      group('or', [
        group('and', [rule('industry', 'eq', 'Software'), rule('has_email', 'is_true')]),
        rule('seniority', 'eq', 'VP'),
      ]),
    );
    expect(print(d)).toBe('industry = "Software" AND has_email is true OR seniority = "VP"');
  });

  it('puts an OR inside an AND in parentheses', () => {
    const d = def(
      group('and', [
        group('or', [rule('seniority', 'eq', 'VP'), rule('title', 'contains', 'head')]),
        rule('country', 'in', ['US', 'CA']),
      ]),
    );
    expect(print(d)).toBe(
      '(seniority = "VP" OR title contains "head") AND country in ("US", "CA")',
    );
  });

  it('prints a negated group as NOT with parentheses', () => {
    const d = def(group('or', [rule('country', 'eq', 'US'), rule('employees', 'lt', 50)], true));
    expect(print(d)).toBe('NOT (country = "US" OR employees < 50)');
  });

  it('prints a single-child group as its child, negations combined', () => {
    const d = def(
      group('and', [group('or', [rule('has_phone', 'is_true', undefined, true)], true)]),
    );
    expect(print(d)).toBe('has_phone is true');
  });

  it('prints every operator in its own words', () => {
    const d = def(
      group('and', [
        rule('title', 'not_in', ['Intern']),
        rule('title', 'starts_with', 'Head'),
        rule('company_domain', 'ends_with', '.gov'),
        rule('revenue', 'is_empty'),
        rule('revenue', 'is_not_empty'),
        rule('employees', 'between', [200, 999]),
        rule('added_at', 'before', '2025-01-31'),
        rule('added_at', 'after', '2024-12-01'),
        rule('updated_at', 'within_last', 30),
        rule('has_email', 'is_false'),
        rule('quality', 'neq', 0.5),
        rule('quality', 'lte', -3),
        rule('quality', 'gt', 1e21),
      ]),
    );
    expect(print(d)).toBe(
      [
        'title not in ("Intern")',
        'title starts with "Head"',
        'company_domain ends with ".gov"',
        'revenue is empty',
        'revenue is not empty',
        'employees between 200 and 999',
        'added_at before 2025-01-31',
        'added_at after 2024-12-01',
        'updated_at within last 30 days',
        'has_email is false',
        'quality != 0.5',
        'quality <= -3',
        'quality > 1e+21',
      ].join(' AND '),
    );
  });

  it('quotes custom attributes and escapes quotes and backslashes', () => {
    const d = def(group('and', [rule('custom.Lead source', 'eq', 'say "hi" \\o/')]));
    expect(print(d)).toBe('custom."Lead source" = "say \\"hi\\" \\\\o/"');
  });

  it('refers to a list by id when its name is shared or unknown', () => {
    const d = def(group('and', [list(['up_3']), list(['gone', 'up_2'], 'all')]));
    expect(print(d)).toBe('list:#up_3 AND list all:(#gone, "Webinar \\"Q3\\" leads")');
  });

  it('prints audience and intent conditions by name', () => {
    const d = def(
      group('or', [
        { id: id(), kind: 'audience', audienceId: 'aud_2', not: true },
        {
          id: id(),
          kind: 'intent',
          topics: ['t_1', 't_3'],
          match: 'any',
          minScore: 60,
          withinWeeks: 4,
        },
      ]),
    );
    expect(print(d)).toBe(
      'NOT audience:"Existing customers" OR intent:any("Cloud Security", #t_3) score >= 60 weeks 4',
    );
  });

  it('prints the parts of a draft not yet chosen as ?', () => {
    const d = def(
      group('and', [
        rule(''),
        rule('industry'),
        rule('industry', 'eq'),
        { id: id(), kind: 'audience', audienceId: '' },
        list([], 'any', true),
      ]),
    );
    expect(print(d)).toBe('? ? AND industry ? AND industry = ? AND audience:? AND NOT list any:()');
  });

  it('prints empty groups as () and (OR)', () => {
    expect(print(def(group('and', [])))).toBe('()');
    expect(print(def(group('and', [group('or', [], true), rule('has_email', 'is_true')])))).toBe(
      'NOT (OR) AND has_email is true',
    );
  });
});

describe('parseDefinition', () => {
  it('reads the example from the brief into groups and conditions', () => {
    const d = parsed('(industry = "Software" AND employees >= 200) AND NOT list:"Customers 2025"');
    expect(d.root).toMatchObject({
      kind: 'group',
      op: 'and',
      children: [
        {
          kind: 'group',
          op: 'and',
          children: [
            { kind: 'rule', field: 'industry', op: 'eq', value: 'Software' },
            { kind: 'rule', field: 'employees', op: 'gte', value: 200 },
          ],
        },
        { kind: 'list', uploadIds: ['up_1'], match: 'any', not: true },
      ],
    });
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    const d = parsed('NOT has_email is true AND has_phone is true OR quality > 50');
    expect(d.root).toMatchObject({
      op: 'or',
      children: [
        {
          op: 'and',
          children: [{ field: 'has_email', not: true }, { field: 'has_phone' }],
        },
        { field: 'quality' },
      ],
    });
  });

  it('reads keywords in any case', () => {
    expect(canonicalJson(parsed('title CONTAINS "vp" and NOT revenue Is Not Empty'))).toBe(
      canonicalJson(parsed('title contains "vp" AND NOT revenue is not empty')),
    );
  });

  it('cancels a double NOT', () => {
    expect(parsed('NOT NOT has_email is true').root.children[0]).not.toHaveProperty('not');
  });

  it('wraps a single condition in an AND root', () => {
    expect(parsed('has_email is true').root).toMatchObject({
      kind: 'group',
      op: 'and',
      children: [{ field: 'has_email', op: 'is_true' }],
    });
  });

  it('reads an empty text as the empty definition', () => {
    expect(parsed('  \n ').root).toMatchObject({ kind: 'group', op: 'and', children: [] });
  });

  it('resolves list, audience and topic names ignoring case, and ids after #', () => {
    const d = parsed(
      'list all:("customers 2025", #up_4) AND audience:"Decision makers" AND intent:all("cloud security", #t_4) score >= 70 weeks 2',
    );
    expect(d.root.children).toMatchObject([
      { kind: 'list', uploadIds: ['up_1', 'up_4'], match: 'all' },
      { kind: 'audience', audienceId: 'aud_1' },
      { kind: 'intent', topics: ['t_1', 't_4'], match: 'all', minScore: 70, withinWeeks: 2 },
    ]);
  });

  it('matches field ids and custom attribute keys ignoring case', () => {
    expect(parsed('Industry = "x" AND custom."lead SOURCE" = "y"').root.children).toMatchObject([
      { field: 'industry' },
      { field: 'custom.Lead source' },
    ]);
  });

  it('gives every node a fresh id from newId', () => {
    const d = parsed('industry = "x" OR employees > 5');
    expect([d.root.id, ...d.root.children.map((c) => c.id)].sort()).toEqual(['p1', 'p2', 'p3']);
  });

  it('produces definitions the schema accepts', () => {
    expect(DefinitionSchema.safeParse(parsed('employees between 1 and 2 OR list:#x')).success).toBe(
      true,
    );
  });
});

describe('parse errors', () => {
  const cases: Array<[string, string, number, number, number]> = [
    // text, message, offset, line, column
    ['industy = "Software"', 'Unknown field "industy" — did you mean "industry"?', 0, 1, 1],
    ['zzz = "a"', 'Unknown field "zzz"', 0, 1, 1],
    ['industry =', 'Expected a value after "="', 10, 1, 11],
    ['industry = AND', 'Expected a value after "="', 11, 1, 12],
    ['employees >= "200"', 'Expected a number after ">=", found the text "200"', 13, 1, 14],
    ['industry = 5', 'Expected text in double quotes after "=" (write "5")', 11, 1, 12],
    [
      'industry > "a"',
      '">" does not apply to industry (a text field); use "=", "!=", "in", "not in", "contains", "starts with", "ends with", "is empty" or "is not empty"',
      9,
      1,
      10,
    ],
    ['list:"Nope"', 'Unknown list "Nope"', 5, 1, 6],
    [
      'list:"Trade show"',
      '2 lists are named "Trade show": write list:#up_3 or list:#up_4',
      5,
      1,
      6,
    ],
    [
      'intent:any("crm") score >= 60 weeks 4',
      '2 topics are named "crm": write #t_3 or #t_4',
      11,
      1,
      12,
    ],
    ['audience:"Nobody"', 'Unknown audience "Nobody"', 9, 1, 10],
    [
      'industry = "a" AND\n  (employees > 5',
      'Expected ")" to close the "(" at line 2, column 3, found the end',
      35,
      2,
      17,
    ],
    ['industry = "a" employees > 5', 'Expected AND, OR or the end, found "employees"', 15, 1, 16],
    ['industry = "abc', 'Unterminated text: a closing " is missing', 11, 1, 12],
    ['industry = "a\\n"', 'Unknown escape "\\n" in text: only \\" and \\\\ are escapes', 13, 1, 14],
    ['added_at before 2025-02-30', '"2025-02-30" is not a calendar date', 16, 1, 17],
    ['added_at before "x" AND', 'Expected a condition, found the end', 23, 1, 24],
    ['industry ~ "a"', 'Unexpected character "~"', 9, 1, 10],
    [
      'industry like "a"',
      'Expected an operator after "industry" (=, !=, <, >, in, contains, is empty, between, before, …), found "like"',
      9,
      1,
      10,
    ],
    [
      'intent:any("Cloud Security") score >= 101 weeks 4',
      'Expected a score (a whole number from 0 to 100) after ">="',
      38,
      1,
      39,
    ],
    [
      'employees between 1 or 5',
      'Expected "and" between the two bounds (between 200 and 999), found "or"',
      20,
      1,
      21,
    ],
    [
      'custom."Lead sorce" = "x"',
      'Unknown custom attribute "Lead sorce" — did you mean custom."Lead source"?',
      7,
      1,
      8,
    ],
  ];

  it.each(cases)('%j fails with %j', (text, message, offset, line, column) => {
    expect(parse(text)).toEqual({ ok: false, error: { message, offset, line, column } });
  });
});

describe('text form, for random definitions', () => {
  it('parses back what it printed to the same canonical definition', () => {
    fc.assert(
      fc.property(validDefinition, (d) => {
        expect(canonicalJson(parsed(print(d)))).toBe(canonicalJson(d));
      }),
      { numRuns: 400 },
    );
  });

  it('prints a parsed definition exactly as before', () => {
    fc.assert(
      fc.property(validDefinition, (d) => {
        const text = print(d);
        expect(reprint(text)).toBe(text);
      }),
      { numRuns: 400 },
    );
  });
});
