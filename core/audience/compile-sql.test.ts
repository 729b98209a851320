// The SQL compiler against a real libSQL database with the real schema, held to the in-memory
// evaluator: the fixed operator table, then random data and random definitions (fast-check).
import { createClient, type Client, type InStatement } from '@libsql/client/web';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../dev/db-tasks';
import { startTestServer, type TestServer } from '../../dev/libsql-server/test-support';
import {
  and,
  audience,
  CATALOG,
  contactFacts,
  CUSTOM_KEYS,
  DAY,
  definition,
  engineContext,
  list,
  NESTED_12,
  not,
  NOW,
  only,
  OPERATOR_CASES,
  or,
  PEOPLE_DATA,
  rule,
} from '../../dev/test-support/audience-engine-fixtures';
import {
  compileCount,
  compileMembers,
  compileNodeSizes,
  compileOverlap,
  compilePriorityMembers,
  jsonPathOfKey,
  type SqlQuery,
} from './compile-sql';
import {
  DEFINITION_VERSION,
  type AudienceNode,
  type Definition,
  type GroupNode,
  type RuleNode,
} from './definition';
import {
  evaluate,
  nodeSizesInMemory,
  type CompanyFacts,
  type ContactFacts,
  type EngineContext,
  type EvalData,
  type IntentFact,
  type NodeSizes,
} from './evaluate';
import { OPERATORS_BY_TYPE, type FieldDef } from './field-catalog';

const ORG = 'org-a';
/** Another organisation with look-alike rows: a query that is not scoped picks them up. */
const DECOY = 'org-b';
const DECOY_ID_OFFSET = 100_000;

let server: TestServer;
let client: Client;

beforeAll(async () => {
  server = await startTestServer();
  await migrateDatabase({ url: server.url });
  client = createClient({ url: server.url });
  await client.batch(
    [ORG, DECOY].map((id) => ({
      sql: 'INSERT INTO organizations (id, name, slug) VALUES (?, ?, ?)',
      args: [id, id, id],
    })),
    'write',
  );
}, 60_000);

afterAll(async () => {
  client?.close();
  await server?.stop();
});

const bytes = (text: string) => new TextEncoder().encode(text);

function contactInsert(orgId: string, c: ContactFacts, id = c.id): InStatement {
  return {
    sql: `INSERT INTO contacts (id, org_id, dedupe_key, email_hash, phone_hash, first_name, last_name,
      title, seniority, company_name, company_domain, industry, company_size, revenue, country, city,
      state, postal_code, linkedin_url, custom, quality, created_upload_id, written_upload_id,
      written_line, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'up', 'up', 1, ?, ?)`,
    args: [
      id,
      orgId,
      bytes(`key-${id}`),
      c.email_hash === null ? null : bytes(c.email_hash),
      c.phone_hash === null ? null : bytes(c.phone_hash),
      c.first_name,
      c.last_name,
      c.title,
      c.seniority,
      c.company_name,
      c.company_domain,
      c.industry,
      c.company_size,
      c.revenue,
      c.country,
      c.city,
      c.state,
      c.postal_code,
      c.linkedin_url,
      c.custom === null ? null : JSON.stringify(c.custom),
      c.quality,
      c.created_at,
      c.updated_at,
    ],
  };
}

function companyInsert(orgId: string, co: CompanyFacts): InStatement {
  return {
    sql: `INSERT INTO companies (org_id, domain, name, industry, size_band, employees, revenue_band,
      country, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0)`,
    args: [
      orgId,
      co.domain,
      co.name,
      co.industry,
      co.size_band,
      co.employees,
      co.revenue_band,
      co.country,
    ],
  };
}

const intentInsert = (orgId: string, r: IntentFact): InStatement => ({
  sql: 'INSERT INTO intent_signals (org_id, domain, topic_id, week, score) VALUES (?, ?, ?, ?, ?)',
  args: [orgId, r.domain, r.topicId, r.week, r.score],
});

const memberInsert = (orgId: string, uploadId: string, contactId: number): InStatement => ({
  sql: 'INSERT INTO contact_lists (org_id, upload_id, contact_id, line) VALUES (?, ?, ?, 1)',
  args: [orgId, uploadId, contactId],
});

/** Replaces the database's rows with `data` for ORG, and decoys for DECOY. */
async function load(data: EvalData, weeks: readonly string[], topics: readonly string[]) {
  const statements: InStatement[] = [
    'DELETE FROM contact_lists',
    'DELETE FROM intent_signals',
    'DELETE FROM companies',
    'DELETE FROM contacts',
  ];
  for (const c of data.contacts) {
    statements.push(contactInsert(ORG, c));
    statements.push(contactInsert(DECOY, c, c.id + DECOY_ID_OFFSET));
  }
  const domains = new Set(
    data.contacts.flatMap((c) => (c.company_domain ? [c.company_domain] : [])),
  );
  for (const co of data.companies.values()) statements.push(companyInsert(ORG, co));
  for (const domain of domains)
    statements.push(
      companyInsert(DECOY, {
        domain,
        name: 'Decoy',
        industry: 'Software',
        size_band: '1',
        employees: 1_000_000,
        revenue_band: 'Decoy',
        country: 'US',
      }),
    );
  for (const r of data.intent) statements.push(intentInsert(ORG, r));
  for (const domain of domains)
    for (const topicId of topics)
      for (const week of weeks)
        if (
          !data.intent.some((r) => r.domain === domain && r.topicId === topicId && r.week === week)
        )
          statements.push(intentInsert(DECOY, { domain, topicId, week, score: 100 }));
  for (const [uploadId, members] of data.lists)
    for (const c of data.contacts)
      statements.push(
        members.has(c.id)
          ? memberInsert(ORG, uploadId, c.id)
          : // The decoy organisation's list claims ORG's contact: only an org_id check ignores it.
            memberInsert(DECOY, uploadId, c.id),
      );
  await client.batch(statements, 'write');
}

async function rows(query: SqlQuery) {
  expect(query.sql.split('?').length - 1).toBe(query.args.length);
  const result = await client.execute({ sql: query.sql, args: query.args });
  return result.rows;
}

async function countOf(def: Definition, ctx: EngineContext) {
  const [row] = await rows(compileCount(ORG, def, ctx));
  return Number(row!.n);
}

async function membersOf(def: Definition, ctx: EngineContext, limit: number) {
  const ids: number[] = [];
  for (let afterId = 0; ;) {
    const page = await rows(compileMembers(ORG, def, ctx, { afterId, limit }));
    ids.push(...page.map((r) => Number(r.id)));
    if (page.length < limit) return ids;
    afterId = ids.at(-1)!;
  }
}

async function nodeSizesOf(def: Definition, ctx: EngineContext): Promise<NodeSizes> {
  const { query, columns } = compileNodeSizes(ORG, def, ctx);
  const [row] = await rows(query);
  const nodes: NodeSizes['nodes'] = {};
  for (const { nodeId, measure, column } of columns) {
    const entry = (nodes[nodeId] ??= { size: 0 });
    entry[measure === 'size' ? 'size' : 'removed'] = Number(row![column]);
  }
  return { total: nodes[def.root.id]!.size, nodes };
}

async function overlapOf(defs: Definition[], ctx: EngineContext) {
  const regions = new Map<number, number>();
  for (const r of await rows(compileOverlap(ORG, defs, ctx)))
    regions.set(Number(r.region), Number(r.n));
  return regions;
}

async function priorityOf(defs: Definition[], ctx: EngineContext, limit: number) {
  const out: Array<[number, number]> = [];
  for (let afterId = 0; ;) {
    const page = await rows(compilePriorityMembers(ORG, defs, ctx, { afterId, limit }));
    out.push(...page.map((r): [number, number] => [Number(r.id), Number(r.slot)]));
    if (page.length < limit) return out;
    afterId = out.at(-1)![0];
  }
}

const sorted = (ids: Iterable<number>) => [...ids].sort((a, b) => a - b);

describe('the operator table in SQL', () => {
  beforeAll(() => load(PEOPLE_DATA, ['2025-06-09'], ['t1', 't2']));

  it.each(OPERATOR_CASES)('$says ($field $op $value)', async ({ field, op, value, ids }) => {
    const def = only(rule(field, op, value));
    expect(await membersOf(def, engineContext(), 100)).toEqual(ids);
  });

  it('negating a condition selects exactly the others, missing values included', async () => {
    for (const { field, op, value, ids } of OPERATOR_CASES) {
      const def = only(not(rule(field, op, value)));
      expect(await countOf(def, engineContext())).toBe(6 - ids.length);
    }
  });

  it('evaluates groups nested 12 levels deep', async () => {
    expect(await membersOf(NESTED_12.definition, engineContext(), 100)).toEqual(NESTED_12.ids);
    expect(await nodeSizesOf(NESTED_12.definition, engineContext())).toEqual(
      nodeSizesInMemory(NESTED_12.definition, PEOPLE_DATA, engineContext()),
    );
  });

  it('counts everyone for an empty AND and no one for an empty OR', async () => {
    expect(await countOf(definition(and()), engineContext())).toBe(6);
    expect(await countOf(definition(or()), engineContext())).toBe(0);
  });

  it('excludes the members of a referred audience', async () => {
    const ctx = engineContext({ audiences: new Map([['customers', only(list('any', 'u1'))]]) });
    expect(await membersOf(only(not(audience('customers'))), ctx, 100)).toEqual([4, 5, 6]);
  });

  it('binds values as arguments, never as SQL text', async () => {
    const hostile = "x' OR 1=1 --";
    const query = compileCount(ORG, only(rule('custom.plan', 'eq', hostile)), engineContext());
    expect(query.sql).not.toContain(hostile);
    expect(query.args).toContain("x' or 1=1 --"); // trimmed and ASCII-folded
    expect(Number((await rows(query))[0]!.n)).toBe(0);
  });

  it('scopes the contacts, companies, lists and intent of every query by organisation', () => {
    const def = only(
      and(list('all', 'u1', 'u2'), rule('industry', 'eq', 'x'), {
        id: 'i',
        kind: 'intent',
        match: 'any',
        topics: ['t1'],
        minScore: 0,
        withinWeeks: 1,
      }),
    );
    const { sql, args } = compileCount(ORG, def, engineContext());
    expect(sql).toContain('c.org_id = ?');
    expect(sql).toContain('FROM companies WHERE org_id = ?');
    expect(sql.match(/cl\.org_id = \?/g)).toHaveLength(2);
    expect(sql.match(/i\.org_id = \?/g)).toHaveLength(1);
    expect(args.filter((a) => a === ORG)).toHaveLength(5);
  });
});

describe('JSON paths of custom attribute keys', () => {
  it.each(['plan', 'a.b', 'q"k', 'back\\slash', 'line\nbreak', '$', '[0]', 'Région'])(
    'reach the member named %j',
    async (key) => {
      const json = JSON.stringify({ [key]: 'hit', other: 'miss' });
      const result = await client.execute({
        sql: 'SELECT ? ->> ? AS v',
        args: [json, jsonPathOfKey(key)],
      });
      expect(result.rows[0]!.v).toBe('hit');
    },
  );
});

// ------------------------------------------------------------------------------------------------
// The agreement property: random data, random definitions, SQL = in memory.

const WEEKS = ['2025-05-19', '2025-05-26', '2025-06-02', '2025-06-09'];
const TOPICS = ['t1', 't2', 't3'];
const UPLOADS = ['u1', 'u2', 'u3'];
const DOMAINS = ['acme.com', 'beta.io', 'gamma.de'];
const CELLS = [
  'Software',
  'software',
  ' SOFTWARE',
  'Soft%ware',
  'soft_ware',
  'Ärzte',
  'ärzte',
  'VP',
  'vp sales',
  '',
  'a\\b',
  '%',
  '_x',
];
const WORDS = [
  'soft',
  'SOFT',
  'ware',
  'software',
  ' Software ',
  '%',
  '_',
  'vp',
  'VP SALES',
  'ärz',
  'Ä',
  'a\\b',
  't%w',
  'zzz',
];
const COUNTRIES = ['US', 'us', 'DE', 'gb', '', 'FR'];
const NUMBERS = [-1, 0, 10, 50, 50.5, 100, 201, 5000];
const DATES = ['2025-01-01', '2024-12-31', '2025-06-15', '2025-06-14', '2024-02-29'];
const INSTANTS = [
  NOW,
  NOW - 1,
  NOW - 30 * DAY,
  NOW - 30 * DAY - 1,
  Date.UTC(2025, 0, 1),
  Date.UTC(2025, 0, 1) - 1,
  Date.UTC(2025, 5, 15),
  Date.UTC(2025, 5, 16),
  Date.UTC(2024, 1, 29, 8),
];

const cell = (pool: readonly string[]) =>
  fc.option(fc.constantFrom(...pool), { nil: null, freq: 3 });

const contactArb = fc.record({
  email_hash: cell(['h1', 'h2']),
  phone_hash: cell(['p1']),
  first_name: cell(CELLS),
  last_name: cell(CELLS),
  title: cell(CELLS),
  seniority: cell(CELLS),
  company_name: cell(CELLS),
  company_domain: cell(DOMAINS),
  industry: cell(CELLS),
  company_size: cell(['201-500', '', '10']),
  revenue: cell(CELLS),
  country: cell(COUNTRIES),
  city: cell(CELLS),
  state: cell(CELLS),
  postal_code: cell(['02139', '']),
  linkedin_url: cell(['https://linkedin.com/in/x', '']),
  quality: fc.integer({ min: 0, max: 100 }),
  created_at: fc.constantFrom(...INSTANTS),
  updated_at: fc.constantFrom(...INSTANTS),
  custom: fc.option(
    fc
      .subarray(CUSTOM_KEYS)
      .chain((keys) =>
        fc
          .tuple(...keys.map(() => fc.constantFrom(...CELLS)))
          .map((values) => Object.fromEntries(keys.map((k, i) => [k, values[i]!]))),
      ),
    { nil: null },
  ),
});

const companyArb = (domain: string) =>
  fc.record({
    domain: fc.constant(domain),
    name: cell(CELLS),
    industry: cell(CELLS),
    size_band: cell(['201-500', '']),
    employees: fc.option(fc.constantFrom(0, 10, 201, 5000), { nil: null }),
    revenue_band: cell(CELLS),
    country: cell(COUNTRIES),
  });

const dataArb = fc
  .record({
    contacts: fc.array(contactArb, { maxLength: 24 }),
    companies: fc.subarray(DOMAINS).chain((ds) => fc.tuple(...ds.map(companyArb))),
    lists: fc.tuple(...UPLOADS.map(() => fc.array(fc.nat(30), { maxLength: 12 }))),
    intent: fc.uniqueArray(
      fc.record({
        domain: fc.constantFrom(...DOMAINS),
        topicId: fc.constantFrom(...TOPICS),
        week: fc.constantFrom(...WEEKS),
        score: fc.integer({ min: 0, max: 100 }),
      }),
      { maxLength: 20, selector: (r) => `${r.domain} ${r.topicId} ${r.week}` },
    ),
  })
  .map(({ contacts, companies, lists, intent }): EvalData => {
    // Ids with gaps, so pages cannot assume consecutive ids.
    const facts = contacts.map((c, i) => contactFacts(i * 3 + 1, c));
    const ids = facts.map((c) => c.id);
    return {
      contacts: facts,
      companies: new Map(companies.map((co) => [co.domain, co])),
      lists: new Map(
        UPLOADS.map((u, i) => [
          u,
          new Set(
            lists[i]!.map((n) => ids[n % Math.max(ids.length, 1)]!).filter(
              (id) => id !== undefined,
            ),
          ),
        ]),
      ),
      intent,
    };
  });

type Unidentified<T> = T extends AudienceNode ? Omit<T, 'id'> : never;
type Draft =
  | Unidentified<Exclude<AudienceNode, GroupNode>>
  | { kind: 'group'; op: 'and' | 'or'; not?: boolean; children: Draft[] };

const notArb = fc.constantFrom<boolean | undefined>(undefined, false, true);

function valueArb(
  field: FieldDef,
  op: NonNullable<RuleNode['op']>,
): fc.Arbitrary<RuleNode['value'] | undefined> {
  const word =
    field.type === 'enum' ? fc.constantFrom('US', 'us', 'De', 'GB') : fc.constantFrom(...WORDS);
  switch (op) {
    case 'eq':
    case 'neq':
      return field.type === 'number' ? fc.constantFrom(...NUMBERS) : word;
    case 'in':
    case 'not_in':
      return fc.array(word, { minLength: 1, maxLength: 3 });
    case 'contains':
    case 'starts_with':
    case 'ends_with':
      return word;
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return fc.constantFrom(...NUMBERS);
    case 'between':
      return fc
        .tuple(fc.constantFrom(...NUMBERS), fc.constantFrom(...NUMBERS))
        .map(([a, b]) => [Math.min(a, b), Math.max(a, b)]);
    case 'before':
    case 'after':
      return fc.constantFrom(...DATES);
    case 'within_last':
      return fc.constantFrom(1, 30, 365, 36_500);
    default:
      return fc.constant(undefined);
  }
}

const ruleArb: fc.Arbitrary<Draft> = fc
  .constantFrom(...CATALOG.fields)
  .chain((field) =>
    fc.tuple(fc.constant(field), fc.constantFrom(...OPERATORS_BY_TYPE[field.type]), notArb),
  )
  .chain(([field, op, not]) =>
    valueArb(field, op).map((value): Draft => ({
      kind: 'rule',
      field: field.id,
      op,
      ...(value === undefined ? {} : { value }),
      ...(not === undefined ? {} : { not }),
    })),
  );

function conditionArb(audienceIds: readonly string[]): fc.Arbitrary<Draft> {
  const arbs: Array<fc.WeightedArbitrary<Draft>> = [
    { weight: 6, arbitrary: ruleArb },
    {
      weight: 2,
      arbitrary: fc
        .record({
          uploadIds: fc.subarray([...UPLOADS, 'u-unknown']),
          match: fc.constantFrom('any' as const, 'all' as const),
          not: notArb,
        })
        .map(({ not, ...rest }): Draft => ({
          kind: 'list',
          ...rest,
          ...(not === undefined ? {} : { not }),
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          topics: fc.subarray(TOPICS),
          match: fc.constantFrom('any' as const, 'all' as const),
          minScore: fc.integer({ min: 0, max: 100 }),
          withinWeeks: fc.integer({ min: 1, max: 5 }),
          not: notArb,
        })
        .map(({ not, ...rest }): Draft => ({
          kind: 'intent',
          ...rest,
          ...(not === undefined ? {} : { not }),
        })),
    },
  ];
  if (audienceIds.length)
    arbs.push({
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...audienceIds), notArb)
        .map(([audienceId, not]): Draft => ({
          kind: 'audience',
          audienceId,
          ...(not === undefined ? {} : { not }),
        })),
    });
  return fc.oneof(...arbs);
}

function treeArb(depth: number, audienceIds: readonly string[]): fc.Arbitrary<Draft> {
  const group = (d: number): fc.Arbitrary<Draft> =>
    fc
      .record({
        op: fc.constantFrom('and' as const, 'or' as const),
        not: notArb,
        children: fc.array(d > 0 ? treeArb(d - 1, audienceIds) : conditionArb(audienceIds), {
          maxLength: 4,
        }),
      })
      .map(({ op, not, children }): Draft => ({
        kind: 'group',
        op,
        children,
        ...(not === undefined ? {} : { not }),
      }));
  return depth > 0
    ? fc.oneof(
        { weight: 3, arbitrary: conditionArb(audienceIds) },
        { weight: 2, arbitrary: group(depth) },
      )
    : conditionArb(audienceIds);
}

function identify(draft: Draft, newId: () => string): AudienceNode {
  const id = newId();
  if (draft.kind === 'group')
    return { ...draft, id, children: draft.children.map((c) => identify(c, newId)) };
  return { ...draft, id } as AudienceNode;
}

/** A root group of random depth ≤ 6 with fresh ids n1, n2, … (each definition restarts). */
function definitionArb(audienceIds: readonly string[]): fc.Arbitrary<Definition> {
  return fc
    .record({
      op: fc.constantFrom('and' as const, 'or' as const),
      not: notArb,
      children: fc.array(treeArb(5, audienceIds), { maxLength: 4 }),
    })
    .map(({ op, not, children }) => {
      let n = 0;
      const root = identify(
        { kind: 'group', op, children, ...(not === undefined ? {} : { not }) },
        () => `n${++n}`,
      );
      return { version: DEFINITION_VERSION, root: root as GroupNode };
    });
}

/** Two referable audiences (the second may refer to the first), then the definitions under test. */
const scenarioArb = fc
  .tuple(
    dataArb,
    fc.constantFrom<string | null>('2025-06-09', '2025-06-02', null),
    definitionArb([]),
    definitionArb(['aud0']),
  )
  .chain(([data, latestIntentWeek, aud0, aud1]) =>
    fc.record({
      data: fc.constant(data),
      latestIntentWeek: fc.constant(latestIntentWeek),
      audiences: fc.constant(
        new Map([
          ['aud0', aud0],
          ['aud1', aud1],
        ]),
      ),
      definitions: fc.array(definitionArb(['aud0', 'aud1']), { minLength: 1, maxLength: 3 }),
      limit: fc.integer({ min: 1, max: 6 }),
    }),
  );

const SEED = Number(process.env.AUDIENCE_AGREEMENT_SEED ?? 360_2025);

describe('the SQL compiler agrees with the in-memory evaluator', () => {
  it('on counts, node sizes, member pages, overlap regions and priority slots of random definitions over random data', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb,
        async ({ data, latestIntentWeek, audiences, definitions, limit }) => {
          await load(data, WEEKS, TOPICS);
          const ctx: EngineContext = { now: NOW, latestIntentWeek, catalog: CATALOG, audiences };
          const selected = definitions.map((def) => evaluate(def, data, ctx));
          for (const [i, def] of definitions.entries()) {
            expect(await countOf(def, ctx)).toBe(selected[i]!.size);
            expect(await membersOf(def, ctx, limit)).toEqual(sorted(selected[i]!));
            expect(await nodeSizesOf(def, ctx)).toEqual(nodeSizesInMemory(def, data, ctx));
          }
          const regions = new Map<number, number>();
          const slots: Array<[number, number]> = [];
          for (const c of data.contacts) {
            const region = selected.reduce(
              (bits, set, i) => bits | (set.has(c.id) ? 1 << i : 0),
              0,
            );
            if (region) regions.set(region, (regions.get(region) ?? 0) + 1);
            const slot = selected.findIndex((set) => set.has(c.id));
            if (slot >= 0) slots.push([c.id, slot]);
          }
          expect(await overlapOf(definitions, ctx)).toEqual(regions);
          expect(await priorityOf(definitions, ctx, limit)).toEqual(slots);
        },
      ),
      { numRuns: 100, seed: SEED },
    );
  }, 120_000);
});
