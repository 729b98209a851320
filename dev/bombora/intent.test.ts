// The current API (api.bombora.com shape): OAuth tokens, bearer checks, the Intent API's
// POST/GET /intent/v1/data pull, attributes, filters and the Reference API's topics.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig, mergeConfig } from './config';
import { canonicalDomain, datasetRows } from './dataset';
import { SMALL, startTestSim, WEEK, type TestSim } from './test-support';
import { topicByName } from './taxonomy';

let t: TestSim;
const TOPICS = ['Data Warehousing', 'Cloud Computing', 'Payroll'];
const topicIds = TOPICS.map((n) => topicByName(n)?.id as number);

beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.stop());
beforeEach(() => {
  t.sim.reset();
  t.forgetToken();
});

type Page = { data: Record<string, unknown>[]; nextPageToken: string | null };

async function startPull(body: unknown): Promise<string> {
  const res = await t.call('POST', '/intent/v1/data', { body });
  expect(res.status, res.text).toBe(200);
  return (res.body as { pageToken: string }).pageToken;
}

async function page(token: string, limit?: number): Promise<Page> {
  const qs = `pageToken=${encodeURIComponent(token)}${limit ? `&limit=${limit}` : ''}`;
  const res = await t.call('GET', `/intent/v1/data?${qs}`);
  expect(res.status, res.text).toBe(200);
  return res.body as Page;
}

async function pullAll(body: unknown, limit = 10_000): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let token: string | null = await startPull(body);
  while (token) {
    const p = await page(token, limit);
    rows.push(...p.data);
    token = p.nextPageToken;
  }
  return rows;
}

describe('POST /oauth/token', () => {
  it('issues a JWT-shaped bearer token with the configured lifetime', async () => {
    const res = await t.call('POST', '/oauth/token', {
      auth: null,
      body: { client_id: 'p360-local', client_secret: 'p360-local-bombora-secret' },
    });
    expect(res.status).toBe(200);
    const body = res.body as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 86400,
    });
    const [head, payload, sig] = (body.access_token as string).split('.');
    expect(JSON.parse(Buffer.from(head as string, 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(86400);
    expect(sig).toMatch(/^[\w-]{43}$/);
  });

  it('answers 401 for a wrong secret', async () => {
    const res = await t.call('POST', '/oauth/token', {
      auth: null,
      body: { client_id: 'p360-local', client_secret: 'nope' },
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Invalid client credentials' });
  });

  it('answers 401 when the credentials are missing', async () => {
    const res = await t.call('POST', '/oauth/token', { auth: null, body: {} });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Invalid client credentials' });
  });

  it('answers 400 with a message for malformed JSON', async () => {
    const res = await t.call('POST', '/oauth/token', { auth: null, body: '{nope' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: expect.any(String) });
  });
});

describe('bearer authentication', () => {
  it('answers 401 without a bearer token', async () => {
    const res = await t.call('POST', '/intent/v1/data', { auth: null, body: { topics: TOPICS } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: expect.any(String) });
  });

  it('answers 401 for a tampered token', async () => {
    const token = await t.token();
    const res = await t.call('POST', '/intent/v1/data', {
      auth: `Bearer ${token.slice(0, -2)}xx`,
      body: { topics: TOPICS },
    });
    expect(res.status).toBe(401);
  });

  it('answers 401 once the token has expired', async () => {
    await t.token();
    t.clock.advance(86_400_000 + 1000);
    const res = await t.call('POST', '/intent/v1/data', { body: { topics: TOPICS } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Access token expired' });
  });

  it('answers 403 when the client lacks the intent product', async () => {
    t.sim.configure({
      clients: [
        {
          clientId: 'p360-local',
          clientSecret: 'p360-local-bombora-secret',
          products: ['reference'],
        },
      ],
    });
    const res = await t.call('POST', '/intent/v1/data', { body: { topics: TOPICS } });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: expect.any(String) });
  });

  it('answers 403 when the client lacks the reference product', async () => {
    t.sim.configure({
      clients: [
        { clientId: 'p360-local', clientSecret: 'p360-local-bombora-secret', products: ['intent'] },
      ],
    });
    expect((await t.call('GET', '/reference/v1/topics')).status).toBe(403);
  });
});

describe('POST /intent/v1/data validation', () => {
  it.each([
    ['neither topics nor signalDefinitionId', {}],
    [
      'both topics and signalDefinitionId',
      { topics: TOPICS, signalDefinitionId: '3f1c2d4e-0000-4000-8000-000000000001' },
    ],
    ['an empty topic list', { topics: [] }],
    ['an unknown topic name', { topics: ['Underwater Basket Weaving'] }],
    ['an unknown attribute', { topics: TOPICS, attributes: ['domain', 'shoeSize'] }],
    ['topics combined with topic', { topics: TOPICS, attributes: ['topic', 'topics'] }],
    [
      'researchMetro with researchCountry',
      { topics: TOPICS, attributes: ['researchMetro', 'researchCountry'] },
    ],
    [
      'researchMetro with researchState',
      { topics: TOPICS, attributes: ['researchMetro', 'researchState'] },
    ],
    [
      'a filter with an unknown operator',
      { topics: TOPICS, filter: { a: 'score', between: [1, 2] } },
    ],
    ['a filter with an unknown attribute', { topics: TOPICS, filter: { a: 'shoeSize', eq: 1 } }],
    ['an empty "and"', { topics: TOPICS, filter: { and: [] } }],
    [
      'an unknown account list',
      { topics: TOPICS, filter: { a: 'domain', in: ['accountList:nope'] } },
    ],
    [
      'an unregistered signalDefinitionId',
      { signalDefinitionId: '3f1c2d4e-0000-4000-8000-000000000001' },
    ],
  ])('answers 422 for %s', async (_, body) => {
    const res = await t.call('POST', '/intent/v1/data', { body });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ message: expect.any(String) });
  });

  it('accepts a registered signalDefinitionId and pulls its topics', async () => {
    const id = '3f1c2d4e-0000-4000-8000-000000000001';
    t.sim.configure({ signalDefinitions: [{ id, topicNames: ['Payroll'] }] });
    const rows = await pullAll({ signalDefinitionId: id, attributes: ['domain', 'topic'] });
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.topic))).toEqual(new Set(['Payroll']));
  });

  it('answers 400 for malformed JSON', async () => {
    expect((await t.call('POST', '/intent/v1/data', { body: '{' })).status).toBe(400);
  });
});

describe('GET /intent/v1/data paging', () => {
  it('returns the full dataset across pages: /__sim/expected and datasetRows agree', async () => {
    const rows = await pullAll({ topics: TOPICS, attributes: ['domain', 'topic', 'score'] }, 500);
    const expected = (await t.call('GET', `/__sim/expected?topics=${TOPICS.join(',')}`)).body;
    expect(expected).toMatchObject({ week: WEEK, rows: rows.length });
    const pure = datasetRows(mergeConfig(defaultConfig(), SMALL), topicIds, WEEK).rows;
    expect(rows).toEqual(
      pure.map((r) => ({ domain: r.domain, topic: r.topicName, score: r.score })),
    );
  });

  it('never repeats a (domain, topic) pair', async () => {
    const rows = await pullAll({ topics: TOPICS, attributes: ['domain', 'topic'] }, 137);
    const keys = rows.map((r) => `${canonicalDomain(r.domain as string)}|${r.topic as string}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('returns one row per domain when topic is not requested', async () => {
    const rows = await pullAll({ topics: TOPICS }, 1000);
    const expected = (await t.call('GET', `/__sim/expected?topics=${TOPICS.join(',')}`)).body as {
      domains: number;
    };
    expect(rows.length).toBe(expected.domains);
  });

  it('returns the same page for the same pageToken', async () => {
    const token = await startPull({ topics: TOPICS, attributes: ['domain', 'topic', 'score'] });
    const first = await page(token, 50);
    const second = await page(first.nextPageToken as string, 50);
    expect(await page(token, 50)).toEqual(first);
    expect(await page(first.nextPageToken as string, 50)).toEqual(second);
  });

  it('defaults to 100 rows per page', async () => {
    const p = await page(await startPull({ topics: TOPICS }));
    expect(p.data).toHaveLength(100);
    expect(p.nextPageToken).toEqual(expect.any(String));
  });

  it.each(['0', '10001', 'abc', '1.5', ''])('answers 422 for limit=%s', async (limit) => {
    const token = await startPull({ topics: TOPICS });
    const res = await t.call('GET', `/intent/v1/data?pageToken=${token}&limit=${limit}`);
    expect(res.status).toBe(422);
  });

  it('accepts the maximum limit of 10,000', async () => {
    const p = await page(
      await startPull({ topics: TOPICS, attributes: ['domain', 'topic'] }),
      10_000,
    );
    expect(p.data.length).toBeGreaterThan(100);
  });

  it('cuts a page short to stay within pageBytesLimit', async () => {
    t.sim.configure({ pageBytesLimit: 4000 });
    const token = await startPull({ topics: TOPICS, attributes: ['domain', 'topic', 'company'] });
    const res = await t.call('GET', `/intent/v1/data?pageToken=${token}&limit=10000`);
    expect(Buffer.byteLength(res.text)).toBeLessThanOrEqual(4000);
    const body = res.body as Page;
    expect(body.data.length).toBeGreaterThan(1);
    expect(body.nextPageToken).not.toBeNull();
  });

  it('answers 404 for an unknown pageToken', async () => {
    const res = await t.call('GET', '/intent/v1/data?pageToken=nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: 'pageToken not found or expired' });
  });

  it('answers 404 for a pageToken older than an hour', async () => {
    const token = await startPull({ topics: TOPICS });
    t.clock.advance(60 * 60 * 1000 + 1);
    expect((await t.call('GET', `/intent/v1/data?pageToken=${token}`)).status).toBe(404);
  });
});

describe('attributes', () => {
  it('returns domain, score and scoreLabel by default', async () => {
    const { data } = await page(await startPull({ topics: TOPICS }), 20);
    for (const row of data) {
      expect(Object.keys(row)).toEqual(['domain', 'score', 'scoreLabel']);
      const s = row.score as number;
      const label = s >= 80 ? 'Strong' : s >= 70 ? 'Moderate' : s >= 60 ? 'Weak' : 'Low';
      expect(row.scoreLabel).toBe(label);
    }
  });

  it('nests the whole company for "company"', async () => {
    const { data } = await page(
      await startPull({ topics: TOPICS, attributes: ['domain', 'company'] }),
      5,
    );
    expect(data[0]).toEqual({
      domain: expect.any(String),
      company: {
        name: expect.any(String),
        industry: expect.any(String),
        size: expect.any(String),
        revenue: expect.any(String),
        hq: {
          country: expect.stringMatching(/^[A-Z]{2}$/),
          state: 'BC',
          city: 'Vancouver',
          zip: expect.any(String),
          address: expect.any(String),
          address2: null,
        },
      },
    });
  });

  it('returns only the requested company fields for dotted attributes', async () => {
    const { data } = await page(
      await startPull({
        topics: TOPICS,
        attributes: ['domain', 'company.name', 'company.hq.country'],
      }),
      5,
    );
    expect(data[0]).toEqual({
      domain: 'acme0000.com',
      company: { name: 'Acme 0000', hq: { country: expect.any(String) } },
    });
  });

  it('lists the topics of a domain for "topics" with topicsCount', async () => {
    const { data } = await page(
      await startPull({
        topics: TOPICS,
        attributes: ['domain', 'topicsCount', 'topics.name', 'topics.score'],
      }),
      20,
    );
    for (const row of data) {
      const topics = row.topics as { name: string; score: number }[];
      expect(topics.length).toBe(row.topicsCount);
      for (const tp of topics) expect(Object.keys(tp)).toEqual(['name', 'score']);
    }
  });
});

describe('filters', () => {
  it('keeps only rows matching a score predicate', async () => {
    const rows = await pullAll({
      topics: TOPICS,
      attributes: ['domain', 'topic', 'score'],
      filter: { a: 'score', gte: 70 },
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => (r.score as number) >= 70)).toBe(true);
  });

  it('accepts the "filters" spelling too', async () => {
    const rows = await pullAll({
      topics: TOPICS,
      attributes: ['domain', 'score'],
      filters: { a: 'score', lt: 40 },
    });
    expect(rows.every((r) => (r.score as number) < 40)).toBe(true);
  });

  it('matches domain wildcards', async () => {
    const rows = await pullAll({
      topics: TOPICS,
      attributes: ['domain'],
      filter: { a: 'domain', in: ['*.io', 'globex00*'] },
    });
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows)
      expect(canonicalDomain(r.domain as string)).toMatch(/(\.io|^globex00.*)$/);
  });

  it('resolves account-list references', async () => {
    const id = '6a9e6a53-5c3f-4a55-9a3c-aaaaaaaaaaaa';
    t.sim.configure({
      accountLists: [{ id, domains: ['acme0001.com', 'ACME0002.com', 'www.acme0003.com'] }],
    });
    const rows = await pullAll({
      topics: TOPICS,
      attributes: ['domain'],
      filter: { a: 'domain', eq: `accountList:${id}` },
    });
    const domains = new Set(rows.map((r) => canonicalDomain(r.domain as string)));
    expect(
      [...domains].every((d) => ['acme0001.com', 'acme0002.com', 'acme0003.com'].includes(d)),
    ).toBe(true);
    expect(domains.size).toBeGreaterThan(0);
  });

  it('combines predicates with and/or and negations', async () => {
    const filter = {
      and: [
        {
          or: [
            { a: 'topic', eq: 'Payroll' },
            { a: 'score', gt: 90 },
          ],
        },
        { a: 'company.hq.country', nin: ['US'] },
      ],
    };
    const rows = await pullAll({
      topics: TOPICS,
      attributes: ['topic', 'score', 'company.hq.country'],
      filter,
    });
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.topic === 'Payroll' || (r.score as number) > 90).toBe(true);
      expect((r.company as { hq: { country: string } }).hq.country).not.toBe('US');
    }
  });
});

describe('GET /reference/v1/topics', () => {
  type Topics = {
    topics: { id: number; name: string; theme: string; category: string; description: string }[];
  };
  const topics = async (qs: string): Promise<Topics['topics']> => {
    const res = await t.call('GET', `/reference/v1/topics${qs}`);
    expect(res.status).toBe(200);
    return (res.body as Topics).topics;
  };

  it('lists the whole taxonomy without filters', async () => {
    expect((await topics('')).length).toBeGreaterThan(250);
  });

  it('returns the documented fixture topics by id', async () => {
    expect(await topics('?id=1333532,1333536')).toEqual([
      {
        id: 1333532,
        name: 'Local Government',
        theme: 'Government',
        category: 'Other',
        description: expect.any(String),
      },
      {
        id: 1333536,
        name: 'Legal',
        theme: 'Legal',
        category: 'Legal Services',
        description: expect.any(String),
      },
    ]);
  });

  it('filters by name substring, case-insensitively, OR across values', async () => {
    const names = (await topics('?name=warehous,PAYROLL')).map((x) => x.name);
    expect(names).toEqual(
      expect.arrayContaining(['Data Warehousing', 'Warehouse Management', 'Payroll']),
    );
  });

  it('filters by theme and category', async () => {
    const found = await topics('?theme=business&category=accounting');
    expect(found.length).toBeGreaterThan(3);
    expect(found.every((x) => x.theme === 'Business' && x.category === 'Accounting')).toBe(true);
  });

  it('filters by description', async () => {
    expect((await topics('?description=payroll')).map((x) => x.name)).toContain('Payroll');
  });

  it('returns similar topics for s: same category first, then same theme, up to maxTopics', async () => {
    const dw = topicByName('Data Warehousing');
    const found = await topics(`?s=${dw?.id}&maxTopics=10`);
    expect(found).toHaveLength(10);
    expect(found.map((x) => x.id)).not.toContain(dw?.id);
    expect(found.slice(0, 7).every((x) => x.category === 'Data Management')).toBe(true);
    expect(found.slice(7).every((x) => x.theme === 'Technology')).toBe(true);
  });

  it('caps similar topics at 50 by default', async () => {
    expect(await topics(`?s=${topicByName('Cybersecurity')?.id}`)).toHaveLength(45);
    expect(
      await topics(`?s=${topicByName('Payroll')?.id},${topicByName('Cybersecurity')?.id}`),
    ).toHaveLength(50);
  });
});
