import {
  DEFINITION_VERSION,
  type AudienceNode,
  type Definition,
  type GroupNode,
  type RuleNode,
} from './definition';

/*
 * Built-in starters for common B2B audiences. Each call of `definition` makes fresh node ids.
 * Seniority values follow what uploads carry most often ("C-Level", "VP", "Director", "Owner");
 * text comparisons ignore case, so "vp" matches too. Conditions a template cannot know — which
 * intent topics, which customer list — are left empty for the user to choose; validation points
 * at them until they are filled in.
 */

export interface AudienceTemplate {
  id: string;
  name: string;
  description: string;
  category: string;
  definition(newId: () => string): Definition;
}

type Build = (newId: () => string) => AudienceNode;

const rule =
  (field: string, op: NonNullable<RuleNode['op']>, value?: RuleNode['value']): Build =>
  (newId) => ({ id: newId(), kind: 'rule', field, op, ...(value === undefined ? {} : { value }) });

const group =
  (op: 'and' | 'or', ...children: Build[]): ((newId: () => string) => GroupNode) =>
  (newId) => ({ id: newId(), kind: 'group', op, children: children.map((c) => c(newId)) });

const not =
  (child: Build): Build =>
  (newId) => ({ ...child(newId), not: true });

const and = (...children: Build[]) => group('and', ...children);
const or = (...children: Build[]) => group('or', ...children);

const template = (
  meta: Omit<AudienceTemplate, 'definition'>,
  root: (newId: () => string) => GroupNode,
): AudienceTemplate => ({
  ...meta,
  definition: (newId) => ({ version: DEFINITION_VERSION, root: root(newId) }),
});

const DECISION_MAKERS = ['C-Level', 'VP', 'Director', 'Owner'];
const C_SUITE_TITLES = ['CEO', 'CFO', 'COO', 'CTO', 'CIO', 'CMO', 'CRO', 'CISO'];
const NORTH_AMERICA = ['US', 'CA', 'MX'];
const EMEA_CORE = [
  'GB',
  'IE',
  'DE',
  'FR',
  'NL',
  'BE',
  'ES',
  'IT',
  'SE',
  'DK',
  'NO',
  'FI',
  'CH',
  'AT',
];

const noListYet: Build = (newId) => ({ id: newId(), kind: 'list', uploadIds: [], match: 'any' });
const noTopicsYet: Build = (newId) => ({
  id: newId(),
  kind: 'intent',
  topics: [],
  match: 'any',
  minScore: 60,
  withinWeeks: 4,
});

export const BUILT_IN_TEMPLATES: readonly AudienceTemplate[] = [
  template(
    {
      id: 'builtin-decision-makers-mid-market-software',
      name: 'Decision makers at mid-market software companies',
      description:
        'Directors and above (or "Head of" titles) at software companies with 200 to 999 employees.',
      category: 'Firmographics',
    },
    and(
      or(rule('seniority', 'in', DECISION_MAKERS), rule('title', 'starts_with', 'Head of')),
      rule('industry', 'in', ['Software', 'Computer Software', 'SaaS']),
      rule('employees', 'between', [200, 999]),
    ),
  ),
  template(
    {
      id: 'builtin-surging-excluding-customers',
      name: 'Surging on a topic, excluding customers',
      description:
        'People at companies with an intent score of 60+ in the last 4 weeks, minus your customer list. Choose the topics and the list.',
      category: 'Intent',
    },
    and(noTopicsYet, not(noListYet)),
  ),
  template(
    {
      id: 'builtin-c-suite-north-america',
      name: 'C-suite in North America',
      description: 'Chief officers in the United States, Canada and Mexico.',
      category: 'Personas',
    },
    and(
      or(
        rule('seniority', 'eq', 'C-Level'),
        rule('title', 'in', C_SUITE_TITLES),
        rule('title', 'starts_with', 'Chief'),
      ),
      rule('country', 'in', NORTH_AMERICA),
    ),
  ),
  template(
    {
      id: 'builtin-marketing-leaders-enterprise',
      name: 'Marketing leaders at enterprise companies',
      description: 'Marketing directors, VPs and CMOs at companies with 1,000 employees or more.',
      category: 'Personas',
    },
    and(
      or(rule('title', 'contains', 'marketing'), rule('title', 'eq', 'CMO')),
      rule('seniority', 'in', DECISION_MAKERS),
      rule('employees', 'gte', 1000),
    ),
  ),
  template(
    {
      id: 'builtin-reengage-recent-contacts',
      name: 'Re-engage: contacts added in the last 30 days',
      description: 'Everyone uploaded in the last 30 days who has an email address.',
      category: 'Engagement',
    },
    and(rule('added_at', 'within_last', 30), rule('has_email', 'is_true')),
  ),
  template(
    {
      id: 'builtin-sales-ready-records',
      name: 'Sales-ready: complete, high-quality records',
      description: 'Records with quality 80+ and both an email and a phone number.',
      category: 'Data quality',
    },
    and(rule('quality', 'gte', 80), rule('has_email', 'is_true'), rule('has_phone', 'is_true')),
  ),
  template(
    {
      id: 'builtin-it-security-buyers-private-sector',
      name: 'IT and security buyers outside the public sector',
      description:
        'Directors and above in IT, infrastructure or security, excluding government and education domains.',
      category: 'Personas',
    },
    and(
      or(
        rule('title', 'contains', 'security'),
        rule('title', 'contains', 'information technology'),
        rule('title', 'contains', 'infrastructure'),
        rule('title', 'in', ['CIO', 'CISO', 'CTO']),
      ),
      rule('seniority', 'in', DECISION_MAKERS),
      not(
        or(
          rule('company_domain', 'ends_with', '.gov'),
          rule('company_domain', 'ends_with', '.edu'),
        ),
      ),
    ),
  ),
  template(
    {
      id: 'builtin-finance-leaders-emea',
      name: 'Finance leaders in Europe',
      description: 'CFOs and finance directors in the main European markets.',
      category: 'Personas',
    },
    and(
      or(rule('title', 'contains', 'finance'), rule('title', 'in', ['CFO', 'Controller'])),
      rule('seniority', 'in', DECISION_MAKERS),
      rule('country', 'in', EMEA_CORE),
    ),
  ),
];
