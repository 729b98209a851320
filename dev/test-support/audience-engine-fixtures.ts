// Shared inputs of the audience engine's tests (core/audience/evaluate.test.ts runs them in memory,
// compile-sql.test.ts through SQLite): six people whose cells cover every operator's edge cases —
// null and empty cells, ASCII and non-ASCII case, LIKE metacharacters, date boundaries, company
// values with and without a fallback — and a table of conditions with the people each selects.
import {
  DEFINITION_VERSION,
  type AudienceNode,
  type Definition,
  type GroupNode,
  type RuleNode,
} from '../../core/audience/definition';
import type {
  CompanyFacts,
  ContactFacts,
  EngineContext,
  EvalData,
} from '../../core/audience/evaluate';
import { fieldCatalog } from '../../core/audience/field-catalog';

export const DAY = 86_400_000;
export const NOW = Date.UTC(2025, 5, 15, 12); // 2025-06-15 12:00 UTC
export const CUSTOM_KEYS = ['plan', 'a.b', 'q"k'];
export const CATALOG = fieldCatalog(CUSTOM_KEYS);

export function contactFacts(id: number, overrides: Partial<ContactFacts> = {}): ContactFacts {
  return {
    id,
    email_hash: null,
    phone_hash: null,
    first_name: null,
    last_name: null,
    title: null,
    seniority: null,
    company_name: null,
    company_domain: null,
    industry: null,
    company_size: null,
    revenue: null,
    country: null,
    city: null,
    state: null,
    postal_code: null,
    linkedin_url: null,
    quality: 50,
    created_at: NOW,
    updated_at: NOW,
    custom: null,
    ...overrides,
  };
}

export function companyFacts(domain: string, overrides: Partial<CompanyFacts> = {}): CompanyFacts {
  return {
    domain,
    name: null,
    industry: null,
    size_band: null,
    employees: null,
    revenue_band: null,
    country: null,
    ...overrides,
  };
}

export const PEOPLE: readonly ContactFacts[] = [
  contactFacts(1, {
    title: 'VP Sales',
    company_name: 'Old Name Ltd',
    company_domain: 'acme.com',
    industry: 'Retail',
    country: 'US',
    email_hash: 'h1',
    linkedin_url: 'https://www.linkedin.com/in/ann',
    quality: 80,
    created_at: NOW - 10 * DAY,
    custom: { plan: 'Gold', 'a.b': '50% off', 'q"k': 'yes' },
  }),
  contactFacts(2, {
    title: 'vp of marketing',
    company_domain: 'beta.io',
    industry: 'software',
    country: 'us',
    email_hash: 'h2',
    linkedin_url: '',
    quality: 20,
    created_at: Date.UTC(2025, 0, 1),
    custom: { plan: 'silver' },
  }),
  contactFacts(3, {
    title: '',
    industry: '',
    quality: 0,
    created_at: Date.UTC(2025, 0, 1) - 1,
  }),
  contactFacts(4, {
    title: 'Ärztin',
    company_name: 'Gamma GmbH',
    company_domain: 'gamma.de',
    industry: 'ärzte',
    country: 'DE',
    quality: 55,
    created_at: NOW - 400 * DAY,
    custom: { plan: '' },
  }),
  contactFacts(5, {
    title: '100% sure_thing',
    company_domain: 'acme.com',
    industry: 'Soft_ware',
    country: 'GB',
    quality: 100,
    created_at: NOW - 30 * DAY,
    custom: { 'a.b': 'a_b' },
  }),
  contactFacts(6, { company_domain: 'delta.com', quality: 50, created_at: NOW }),
];

export const COMPANIES: ReadonlyMap<string, CompanyFacts> = new Map(
  [
    companyFacts('acme.com', {
      name: 'ACME Corporation',
      industry: 'Software',
      size_band: '201-500',
      employees: 201,
      revenue_band: '$10M-$50M',
      country: 'US',
    }),
    companyFacts('beta.io', { name: 'Beta', country: 'de' }),
    companyFacts('delta.com', { employees: 5000 }),
  ].map((c) => [c.domain, c]),
);

export const PEOPLE_DATA: EvalData = {
  contacts: PEOPLE,
  companies: COMPANIES,
  lists: new Map([
    ['u1', new Set([1, 2, 3])],
    ['u2', new Set([2, 3, 4])],
  ]),
  intent: [
    { domain: 'acme.com', topicId: 't1', week: '2025-06-09', score: 80 },
    { domain: 'acme.com', topicId: 't2', week: '2025-05-26', score: 90 },
    { domain: 'beta.io', topicId: 't1', week: '2025-06-09', score: 40 },
    { domain: 'beta.io', topicId: 't2', week: '2025-06-02', score: 70 },
    { domain: 'gamma.de', topicId: 't1', week: '2025-05-19', score: 99 },
  ],
};

export function engineContext(overrides: Partial<EngineContext> = {}): EngineContext {
  return {
    now: NOW,
    latestIntentWeek: '2025-06-09',
    catalog: CATALOG,
    audiences: new Map(),
    ...overrides,
  };
}

// ------------------------------------------------------------------------------------------------
// Node factories: ids are n1, n2, … unless given.

let nextId = 0;
const newId = () => `n${++nextId}`;

export function rule(field: string, op: RuleNode['op'], value?: RuleNode['value']): RuleNode {
  return { id: newId(), kind: 'rule', field, op, ...(value === undefined ? {} : { value }) };
}
export const and = (...children: AudienceNode[]): GroupNode => ({
  id: newId(),
  kind: 'group',
  op: 'and',
  children,
});
export const or = (...children: AudienceNode[]): GroupNode => ({
  id: newId(),
  kind: 'group',
  op: 'or',
  children,
});
export const not = <T extends AudienceNode>(node: T): T => ({ ...node, not: true });
export const list = (match: 'any' | 'all', ...uploadIds: string[]): AudienceNode => ({
  id: newId(),
  kind: 'list',
  match,
  uploadIds,
});
export const intent = (
  match: 'any' | 'all',
  topics: string[],
  minScore: number,
  withinWeeks: number,
): AudienceNode => ({ id: newId(), kind: 'intent', match, topics, minScore, withinWeeks });
export const audience = (audienceId: string): AudienceNode => ({
  id: newId(),
  kind: 'audience',
  audienceId,
});
export const definition = (root: GroupNode): Definition => ({ version: DEFINITION_VERSION, root });
/** A definition of one condition. */
export const only = (node: AudienceNode): Definition => definition(and(node));

/**
 * Twelve levels of groups below the root, alternating OR (odd levels) and AND (even levels):
 * country present, then OR title is empty at level 11, then quality ≥ 12 at the root.
 */
export const NESTED_12: { definition: Definition; ids: number[] } = (() => {
  let node: GroupNode = and(rule('country', 'is_not_empty'));
  for (let level = 1; level <= 12; level++)
    node =
      level % 2
        ? or(node, level === 11 ? rule('title', 'is_empty') : rule('quality', 'lt', 0))
        : and(rule('quality', 'gte', level), node);
  return { definition: definition(node), ids: [1, 2, 4, 5, 6] };
})();

// ------------------------------------------------------------------------------------------------

export interface OperatorCase {
  says: string;
  field: string;
  op: NonNullable<RuleNode['op']>;
  value?: RuleNode['value'];
  ids: number[];
}

const c = (
  field: string,
  op: OperatorCase['op'],
  value: RuleNode['value'] | undefined,
  ids: number[],
  says: string,
): OperatorCase => ({ field, op, ...(value === undefined ? {} : { value }), ids, says });

/** Each operator of each field type against PEOPLE, with the ids it selects. */
export const OPERATOR_CASES: readonly OperatorCase[] = [
  // text (a contact column)
  c(
    'title',
    'eq',
    '  vp sales ',
    [1],
    'text is: ASCII case and the spaces around the value ignored',
  ),
  c('title', 'neq', 'VP SALES', [2, 3, 4, 5, 6], 'text is not: includes empty and missing cells'),
  c('title', 'in', ['vp sales', ' VP OF MARKETING'], [1, 2], 'text is any of'),
  c('title', 'not_in', ['vp sales', 'vp of marketing'], [3, 4, 5, 6], 'text is none of'),
  c('title', 'contains', 'VP', [1, 2], 'text contains, ignoring ASCII case'),
  c('title', 'contains', '%', [5], 'text contains a literal %'),
  c('title', 'contains', 'p_s', [], 'text contains a literal _ (not "any character")'),
  c('title', 'contains', 'sure_', [5], 'text contains a value with _ that is there'),
  c('title', 'contains', 'ärzt', [], 'text contains does not fold non-ASCII case'),
  c('title', 'contains', 'Ärzt', [4], 'text contains with the same non-ASCII case'),
  c('title', 'starts_with', 'vp ', [1, 2], 'text starts with (value trimmed)'),
  c('title', 'starts_with', '100%', [5], 'text starts with a literal %'),
  c('title', 'ends_with', 'G', [2, 5], 'text ends with'),
  c('title', 'is_empty', undefined, [3, 6], 'text is empty: an empty cell or none'),
  c('title', 'is_not_empty', undefined, [1, 2, 4, 5], 'text is not empty'),
  // text from the company, falling back to the contact's own
  c('industry', 'eq', 'software', [1, 2, 5], 'company text: the company first, else the contact'),
  c('industry', 'contains', 'soft_', [], 'company text contains escapes _'),
  c('industry', 'eq', 'ÄRZTE', [], 'company text is: non-ASCII case matters'),
  c('industry', 'eq', 'ärzte', [4], 'company text is: the contact fallback without a company'),
  c('industry', 'is_empty', undefined, [3, 6], 'company text is empty in both places'),
  c('company_name', 'starts_with', 'acme', [1, 5], 'company name overrides the contact’s'),
  // number (a contact column)
  c('quality', 'eq', 55, [4], 'number is'),
  c('quality', 'neq', 55, [1, 2, 3, 5, 6], 'number is not'),
  c('quality', 'lt', 50, [2, 3], 'number <'),
  c('quality', 'lte', 50, [2, 3, 6], 'number ≤'),
  c('quality', 'gt', 80, [5], 'number >'),
  c('quality', 'gte', 80, [1, 5], 'number ≥'),
  c('quality', 'between', [20, 55], [2, 4, 6], 'number is between, both ends included'),
  c('quality', 'is_empty', undefined, [], 'number is empty (quality always has one)'),
  c('quality', 'is_not_empty', undefined, [1, 2, 3, 4, 5, 6], 'number is not empty'),
  // number from the company, no fallback
  c('employees', 'gte', 201, [1, 5, 6], 'company number ≥'),
  c('employees', 'lt', 1000, [1, 5], 'company number <: no company or no value is not less'),
  c('employees', 'neq', 201, [2, 3, 4, 6], 'company number is not: includes unknown'),
  c('employees', 'between', [200, 300], [1, 5], 'company number is between'),
  c('employees', 'is_empty', undefined, [2, 3, 4], 'company number is empty'),
  // date
  c('added_at', 'before', '2025-01-01', [3, 4], 'date is before: earlier than that day’s midnight'),
  c('added_at', 'after', '2024-12-31', [1, 2, 5, 6], 'date is after: from the next day’s midnight'),
  c('added_at', 'after', '2025-01-01', [1, 5, 6], 'date is after excludes the day itself'),
  c('added_at', 'within_last', 30, [1, 5, 6], 'date within the last N days, boundary included'),
  c('added_at', 'within_last', 9, [6], 'date within the last 9 days'),
  c('added_at', 'is_empty', undefined, [], 'date is empty'),
  c('updated_at', 'is_not_empty', undefined, [1, 2, 3, 4, 5, 6], 'date is not empty'),
  // boolean
  c('has_email', 'is_true', undefined, [1, 2], 'boolean is true: a value is present'),
  c('has_email', 'is_false', undefined, [3, 4, 5, 6], 'boolean is false'),
  c('has_linkedin', 'is_true', undefined, [1], 'boolean is true: an empty cell is not a value'),
  c('has_linkedin', 'is_false', undefined, [2, 3, 4, 5, 6], 'boolean is false for an empty cell'),
  // enum
  c('country', 'eq', 'US', [1, 2], 'enum is, ignoring case'),
  c('country', 'neq', 'us', [3, 4, 5, 6], 'enum is not, includes missing'),
  c('country', 'in', ['de', 'GB'], [4, 5], 'enum is any of'),
  c('country', 'not_in', ['US'], [3, 4, 5, 6], 'enum is none of'),
  c('country', 'is_empty', undefined, [3, 6], 'enum is empty'),
  c('country', 'is_not_empty', undefined, [1, 2, 4, 5], 'enum is not empty'),
  c('hq_country', 'eq', 'DE', [2], 'company enum is'),
  c('hq_country', 'in', ['us'], [1, 5], 'company enum is any of'),
  c('hq_country', 'is_empty', undefined, [3, 4, 6], 'company enum is empty'),
  // custom attributes (JSON)
  c('custom.plan', 'eq', 'gold', [1], 'custom is'),
  c('custom.plan', 'neq', 'GOLD', [2, 3, 4, 5, 6], 'custom is not: includes no attributes at all'),
  c('custom.plan', 'is_empty', undefined, [3, 4, 5, 6], 'custom is empty: empty, absent, no JSON'),
  c('custom.plan', 'starts_with', 'SIL', [2], 'custom starts with'),
  c('custom.a.b', 'contains', '%', [1], 'custom with a dot in its key, contains %'),
  c('custom.a.b', 'eq', 'A_B', [5], 'custom is, with _ taken literally'),
  c('custom.q"k', 'eq', 'YES', [1], 'custom with a quote in its key'),
];
