// The legacy partner API (sentry.bombora.com shape): Basic auth, the per-endpoint rate limit,
// Company Surge report jobs, uploads, metadata and the v2 taxonomy endpoints.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig, mergeConfig } from './config';
import { addWeeks, canonicalDomain, datasetRows, universeFor } from './dataset';
import { RATE_LIMIT_PHRASE } from './legacy-api';
import { BASIC, SMALL, startTestSim, WEEK, type TestSim } from './test-support';

let t: TestSim;
const LOCAL_GOV = 1333532;
const LEGAL = 1333536;
const config = mergeConfig(defaultConfig(), SMALL);

beforeAll(async () => {
  t = await startTestSim({ legacy: { reportDelayMs: 1500 } });
});
afterAll(() => t.stop());
beforeEach(() => t.sim.reset());

const legacy = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  t.call(method, path, { auth: BASIC, body, headers });

async function create(body: Record<string, unknown>): Promise<number> {
  const res = await legacy('POST', '/v4/Surge/Create', body);
  expect(res.body).toMatchObject({ Success: true, Message: null });
  return (res.body as { Id: number }).Id;
}

/** Creates a report, waits (on the injected clock) until it is ready and downloads it. */
async function download(body: Record<string, unknown>): Promise<string> {
  const id = await create(body);
  t.clock.advance(1500);
  const res = await legacy('GET', `/v2/Surge/TryGetResult?id=${id}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/octet-stream');
  return res.text;
}

function parseCsv(text: string): Record<string, string>[] {
  const lines = text.trim().split('\n');
  const split = (l: string): string[] =>
    [...l.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)]
      .map((m) => m[1] as string)
      .slice(0, -1)
      .map((c) => (c.startsWith('"') ? c.slice(1, -1).replace(/""/g, '"') : c));
  const header = split(lines[0] as string);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [header[i], v])));
}

describe('basic auth', () => {
  it('answers 401 without credentials', async () => {
    const res = await t.call('GET', '/v2/Surge/GetMetaData', { auth: null });
    expect(res.status).toBe(401);
    expect(res.statusText).toBe('Unauthorized');
    expect(res.body).toEqual({
      Success: false,
      Message: 'Authorization has been denied for this request.',
    });
  });

  it('answers 401 for a wrong password', async () => {
    const wrong = `Basic ${Buffer.from('p360-local:nope').toString('base64')}`;
    expect((await t.call('GET', '/v2/Surge/GetMetaData', { auth: wrong })).status).toBe(401);
  });

  it('accepts valid credentials with the documented Referer header', async () => {
    const res = await legacy('GET', '/v2/Surge/GetMetaData', undefined, { referer: 'bombora.com' });
    expect(res.status).toBe(200);
  });
});

describe('rate limit', () => {
  beforeEach(() => t.sim.configure({ legacy: { rateLimitPerMinute: 3 } }));

  it('answers 429 with the documented reason phrase past the per-minute limit', async () => {
    t.clock.now = Date.parse('2026-11-25T12:00:00Z');
    for (let i = 0; i < 3; i++)
      expect((await legacy('GET', '/v2/Surge/GetMetaData')).status).toBe(200);
    const res = await legacy('GET', '/v2/Surge/GetMetaData');
    expect(res.status).toBe(429);
    expect(res.statusText).toBe(RATE_LIMIT_PHRASE);
    expect(res.statusText).toBe(
      'Too many API calls to this endpoint in 1 minute time period. Try again later.',
    );
    expect(res.text).toBe(RATE_LIMIT_PHRASE);
  });

  it('counts each endpoint separately', async () => {
    t.clock.now = Date.parse('2026-11-25T12:00:00Z');
    for (let i = 0; i < 3; i++) await legacy('GET', '/v2/Surge/GetMetaData');
    expect((await legacy('GET', '/v4/Surge/GetList')).status).toBe(200);
  });

  it('allows calls again in the next minute', async () => {
    t.clock.now = Date.parse('2026-11-25T12:00:00Z');
    for (let i = 0; i < 4; i++) await legacy('GET', '/v2/Surge/GetMetaData');
    t.clock.advance(60_000);
    expect((await legacy('GET', '/v2/Surge/GetMetaData')).status).toBe(200);
  });

  it('allows 60 calls per minute by default', async () => {
    t.sim.reset();
    t.clock.now = Date.parse('2026-11-25T12:00:00Z');
    for (let i = 0; i < 60; i++)
      expect((await legacy('GET', '/v2/Topic/GetTheme?id=1500622')).status).toBe(200);
    expect((await legacy('GET', '/v2/Topic/GetTheme?id=1500622')).status).toBe(429);
  });
});

describe('POST /v4/Surge/Create validation', () => {
  it.each([
    [
      'Domains with UploadedFile',
      { Domains: ['acme0001.com'], UploadedFile: 'x.csv', Topics: [LEGAL] },
    ],
    ['an empty Domains list', { Domains: [], Topics: [LEGAL] }],
    ['an unknown UploadedFile', { UploadedFile: 'missing.csv', Topics: [LEGAL] }],
    ['neither Topics nor TopicClusters', { Domains: ['acme0001.com'] }],
    [
      'Topics with TopicClusters',
      { Topics: [LEGAL], TopicClusters: [{ Name: 'A', TopicIds: [LEGAL] }] },
    ],
    ['an unknown topic id', { Topics: [999] }],
    ['a cluster without TopicIds', { TopicClusters: [{ Name: 'A', TopicIds: [] }] }],
    ['a ScoreThreshold above 100', { Topics: [LEGAL], ScoreThreshold: 101 }],
    ['a negative ScoreThreshold', { Topics: [LEGAL], ScoreThreshold: -1 }],
    ['a TopicThreshold of 0', { Topics: [LEGAL], TopicThreshold: 0 }],
    ['an unknown UploadType', { Topics: [LEGAL], UploadType: 'greylist' }],
    ['an unknown filter', { Topics: [LEGAL], Filters: [{ Id: 'ccm_shoe_size', Value: ['44'] }] }],
    ['a non-boolean Delta', { Topics: [LEGAL], Delta: 'yes' }],
    ['an unknown OutputFormat', { Topics: [LEGAL], OutputFormat: 'xml' }],
  ])('refuses %s with Success false', async (_, body) => {
    const res = await legacy('POST', '/v4/Surge/Create', body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ Id: 0, Success: false, Message: expect.any(String) });
  });

  it('creates a report for the whole universe with the defaults', async () => {
    const res = await legacy('POST', '/v4/Surge/Create', { Topics: [LOCAL_GOV, LEGAL] });
    expect(res.body).toEqual({ Id: expect.any(Number), Success: true, Message: null });
  });
});

describe('GET /v2/Surge/TryGetResult', () => {
  it('says the report is still being generated until reportDelayMs has passed', async () => {
    const id = await create({ Topics: [LEGAL] });
    const res = await legacy('GET', `/v2/Surge/TryGetResult?id=${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ Success: false, Message: 'Report is still being generated' });
  });

  it('answers 404 for an unknown report id', async () => {
    const res = await legacy('GET', '/v2/Surge/TryGetResult?id=424242');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ Success: false, Message: 'Report not found' });
  });

  it('returns CSV rows at or above the default ScoreThreshold of 60', async () => {
    const rows = parseCsv(await download({ Topics: [LOCAL_GOV, LEGAL] }));
    const expected = datasetRows(config, [LOCAL_GOV, LEGAL], WEEK).rows.filter(
      (r) => r.score >= 60,
    );
    expect(rows.map((r) => [r.Domain, Number(r.TopicId), Number(r.CompositeScore)])).toEqual(
      expected.map((r) => [r.domain, r.topicId, r.score]),
    );
  });

  it('uses the documented-looking CSV header', async () => {
    const text = await download({ Topics: [LEGAL] });
    expect(text.split('\n')[0]).toBe(
      'Domain,CompanyName,Industry,Size,Revenue,HqCountry,TopicId,TopicName,CompositeScore',
    );
  });

  it('applies a custom ScoreThreshold', async () => {
    const rows = parseCsv(await download({ Topics: [LOCAL_GOV, LEGAL], ScoreThreshold: 75 }));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => Number(r.CompositeScore) >= 75)).toBe(true);
  });

  it('keeps only domains surging on at least TopicThreshold topics', async () => {
    const rows = parseCsv(await download({ Topics: [LOCAL_GOV, LEGAL], TopicThreshold: 2 }));
    expect(rows.length).toBeGreaterThan(0);
    const perDomain = new Map<string, number>();
    for (const r of rows) {
      const d = canonicalDomain(r.Domain as string).replace(/^(uk|shop)\./, '');
      perDomain.set(d, (perDomain.get(d) ?? 0) + 1);
    }
    expect([...perDomain.values()].every((n) => n === 2)).toBe(true);
  });

  it('applies TopicThreshold per cluster and names the cluster', async () => {
    const text = await download({
      TopicClusters: [
        { Name: 'Gov', TopicIds: [LOCAL_GOV, 1333536] },
        { Name: 'Solo', TopicIds: [LEGAL] },
      ],
      TopicThreshold: 2,
    });
    const rows = parseCsv(text);
    expect(text.split('\n')[0]).toContain(',Cluster,');
    expect(new Set(rows.map((r) => r.Cluster))).toEqual(new Set(['Gov']));
  });

  it('writes one JSON object per line for OutputFormat json', async () => {
    const text = await download({ Topics: [LEGAL], OutputFormat: 'json' });
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toEqual({
      Domain: expect.any(String),
      CompanyName: expect.any(String),
      Industry: expect.any(String),
      Size: expect.any(String),
      Revenue: expect.any(String),
      HqCountry: expect.any(String),
      TopicId: LEGAL,
      TopicName: 'Legal',
      CompositeScore: expect.any(Number),
    });
  });

  it('adds a Delta column: the change since last week, or "New"', async () => {
    const text = await download({ Topics: [LEGAL], OutputFormat: 'json', Delta: true });
    const rows = text
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { Domain: string; CompositeScore: number; Delta: number | string },
      );
    const previous = new Map(
      datasetRows(config, [LEGAL], addWeeks(WEEK, -1)).rows.map((r) => [
        r.canonicalDomain,
        r.score,
      ]),
    );
    const universe = universeFor(config.universe);
    for (const r of rows) {
      const d = universe.domains.find((x) => canonicalDomain(r.Domain).endsWith(x)) as string;
      const before = previous.get(d);
      expect(r.Delta).toBe(before === undefined ? 'New' : r.CompositeScore - before);
    }
    expect(rows.some((r) => r.Delta === 'New')).toBe(true);
    expect(rows.some((r) => typeof r.Delta === 'number')).toBe(true);
  });

  it('keeps only the requested Domains', async () => {
    const rows = parseCsv(
      await download({
        Topics: [LOCAL_GOV, LEGAL],
        Domains: ['acme0001.com', 'WWW.acme0002.com', 'acme0003.com', 'acme0004.com'],
        ScoreThreshold: 0,
      }),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => canonicalDomain(r.Domain as string))).size).toBeLessThanOrEqual(
      4,
    );
  });

  it('filters on ccm_industry', async () => {
    const rows = parseCsv(
      await download({
        Topics: [LEGAL],
        Filters: [{ Id: 'ccm_industry', Value: ['Software', 'Banking'] }],
      }),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.Industry === 'Software' || r.Industry === 'Banking')).toBe(true);
  });
});

describe('report management', () => {
  it('lists reports with their status', async () => {
    const first = await create({ Topics: [LEGAL] });
    t.clock.advance(1500);
    const second = await create({ Topics: [LEGAL] });
    const res = await legacy('GET', '/v4/Surge/GetList');
    expect(res.body).toEqual({
      Reports: [
        { Id: first, Status: 'Completed', CreatedAt: expect.any(String) },
        { Id: second, Status: 'Processing', CreatedAt: expect.any(String) },
      ],
      Success: true,
      Message: null,
    });
  });

  it('deletes reports', async () => {
    const id = await create({ Topics: [LEGAL] });
    const res = await legacy('POST', '/v4/Surge/Delete', { ids: [id] });
    expect(res.body).toEqual({ Success: true, Message: null });
    expect((await legacy('GET', `/v2/Surge/TryGetResult?id=${id}`)).status).toBe(404);
  });

  async function upload(csv: string, name = 'accounts.csv'): Promise<string> {
    const res = await legacy('POST', '/v3/Surge/UploadSurgeFile', csv, {
      'content-type': 'text/csv',
      'content-disposition': `attachment; fileName="${name}"`,
    });
    expect(res.body).toEqual({ FileName: expect.any(String), Success: true, Message: null });
    return (res.body as { FileName: string }).FileName;
  }

  it('uses an uploaded file as the only domains', async () => {
    const file = await upload('Domain\nacme0001.com\nacme0002.com\nglobex0003.com\n');
    const rows = parseCsv(
      await download({ UploadedFile: file, Topics: [LOCAL_GOV, LEGAL], ScoreThreshold: 0 }),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(
        ['acme0001.com', 'acme0002.com', 'globex0003.com'].some((d) =>
          canonicalDomain(r.Domain as string).endsWith(d),
        ),
      ).toBe(true);
    }
  });

  it('excludes an uploaded blacklist', async () => {
    const file = await upload('acme0000.com\nacme0001.com\n');
    const rows = parseCsv(
      await download({
        UploadedFile: file,
        UploadType: 'blacklist',
        Topics: [LOCAL_GOV, LEGAL],
        ScoreThreshold: 0,
      }),
    );
    expect(rows.length).toBeGreaterThan(100);
    const domains = rows.map((r) => canonicalDomain(r.Domain as string));
    expect(domains.some((d) => d.endsWith('acme0000.com') || d.endsWith('acme0001.com'))).toBe(
      false,
    );
  });
});

describe('metadata and taxonomy', () => {
  it('lists the ccm_industry filter values', async () => {
    const res = await legacy('GET', '/v2/Surge/GetMetaData');
    expect(res.body).toMatchObject({
      Filters: [{ Id: 'ccm_industry', Values: expect.arrayContaining(['Software']) }],
      Success: true,
      Message: null,
    });
  });

  it('finds the Business theme by id and by name', async () => {
    const expected = { Topic: { Id: 1500622, Name: 'Business' }, Success: true, Message: null };
    expect((await legacy('GET', '/v2/Topic/GetTheme?id=1500622')).body).toEqual(expected);
    expect((await legacy('GET', '/v2/Topic/GetTheme?name=business')).body).toEqual(expected);
  });

  it('finds the Accounting category', async () => {
    expect((await legacy('GET', '/v2/Topic/GetCategory?id=1500511')).body).toEqual({
      Topic: { Id: 1500511, Name: 'Accounting' },
      Success: true,
      Message: null,
    });
  });

  it('finds a topic by URL-encoded name, case-insensitively', async () => {
    expect((await legacy('GET', '/v2/Topic/GetTopic?name=local%20GOVERNMENT')).body).toEqual({
      Topic: { Id: 1333532, Name: 'Local Government' },
      Success: true,
      Message: null,
    });
  });

  it('uses the id when both id and name are given', async () => {
    expect(
      (await legacy('GET', '/v2/Topic/GetTopic?id=1333536&name=Local%20Government')).body,
    ).toMatchObject({ Topic: { Id: 1333536, Name: 'Legal' } });
  });

  it('answers Success false when nothing matches', async () => {
    expect((await legacy('GET', '/v2/Topic/GetTheme?id=1')).body).toEqual({
      Topic: null,
      Success: false,
      Message: expect.any(String),
    });
  });

  it('lists categories of a theme and topics of a category', async () => {
    const cats = (await legacy('GET', '/v2/Topic/CategoriesByTheme?theme_id=1500622')).body as {
      Topics: { Id: number; Name: string }[];
    };
    expect(cats.Topics).toContainEqual({ Id: 1500511, Name: 'Accounting' });
    const topics = (await legacy('GET', '/v2/Topic/TopicsByCategory?cat_id=1500511')).body as {
      Topics: { Name: string }[];
    };
    expect(topics.Topics.map((x) => x.Name)).toContain('Accounts Payable');
  });

  it('lists all topics, the hierarchy and my topics', async () => {
    const all = (await legacy('GET', '/v2/cmp/GetAllTopics')).body as { Topics: unknown[] };
    expect(all.Topics.length).toBeGreaterThan(250);
    expect((await legacy('GET', '/v2/cmp/GetMyTopics')).body).toEqual(all);
    const tree = (await legacy('GET', '/v2/cmp/GetAllTopicsHierarchy')).body as {
      Themes: { Name: string; Categories: { Name: string; Topics: { Id: number }[] }[] }[];
    };
    const gov = tree.Themes.find((x) => x.Name === 'Government');
    expect(gov?.Categories.find((c) => c.Name === 'Other')?.Topics).toContainEqual({
      Id: 1333532,
      Name: 'Local Government',
    });
  });
});
