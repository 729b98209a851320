// The simulator-only /__sim control endpoints and the programmatic handle.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBomboraSimulator } from './server';
import { BASIC, startTestSim, WEEK, type TestSim } from './test-support';

let t: TestSim;

beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.stop());
beforeEach(() => {
  t.sim.reset();
  t.forgetToken();
});

const control = (method: string, path: string, body?: unknown) =>
  t.call(method, path, { auth: null, body });

describe('/__sim/config', () => {
  it('returns the current config', async () => {
    const res = await control('GET', '/__sim/config');
    expect(res.body).toMatchObject({
      week: WEEK,
      presence: 0.5,
      legacy: { rateLimitPerMinute: 60 },
    });
  });

  it('merges a patch deeply and replaces arrays', async () => {
    const res = await control('POST', '/__sim/config', {
      legacy: { reportDelayMs: 0 },
      universe: { brands: ['acme'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      legacy: { rateLimitPerMinute: 60, reportDelayMs: 0 },
      universe: { brands: ['acme'], perBrand: 200 },
    });
    expect(t.sim.config().universe.brands).toEqual(['acme']);
  });

  it('refuses an invalid patch with 400', async () => {
    const res = await control('POST', '/__sim/config', { presence: 2, nope: true });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: expect.any(String) });
  });
});

describe('/__sim/reset', () => {
  it('restores the start config and forgets tokens', async () => {
    const token = await t.token();
    t.sim.configure({ presence: 0.9 });
    expect((await control('POST', '/__sim/reset')).status).toBe(200);
    expect(t.sim.config().presence).toBe(0.5);
    const res = await t.call('POST', '/intent/v1/data', {
      auth: `Bearer ${token}`,
      body: { topics: ['Payroll'] },
    });
    expect(res.status).toBe(401);
  });
});

describe('/__sim/stats', () => {
  it('counts calls by method and path, and rows served', async () => {
    await t.call('GET', '/v2/cmp/GetAllTopics', { auth: BASIC });
    await t.call('GET', '/v2/cmp/GetAllTopics', { auth: BASIC });
    const { pageToken } = (
      await t.call('POST', '/intent/v1/data', { body: { topics: ['Payroll'] } })
    ).body as { pageToken: string };
    await t.call('GET', `/intent/v1/data?pageToken=${pageToken}&limit=25`);
    const res = await control('GET', '/__sim/stats');
    expect(res.body).toEqual({
      calls: {
        'GET /v2/cmp/GetAllTopics': 2,
        'POST /oauth/token': 1,
        'POST /intent/v1/data': 1,
        'GET /intent/v1/data': 1,
      },
      rowsServed: 25,
    });
    expect(t.sim.stats()).toEqual(res.body);
  });

  it('starts from zero after a reset', async () => {
    await t.call('GET', '/v2/cmp/GetAllTopics', { auth: BASIC });
    t.sim.reset();
    expect(t.sim.stats()).toEqual({ calls: {}, rowsServed: 0 });
  });
});

describe('/__sim/expected', () => {
  it('sizes the current week for the given topic names', async () => {
    const res = await control('GET', '/__sim/expected?topics=Payroll,Legal');
    expect(res.body).toEqual({ week: WEEK, rows: expect.any(Number), domains: expect.any(Number) });
    const { rows, domains } = res.body as { rows: number; domains: number };
    expect(rows).toBeGreaterThan(domains);
  });

  it('answers 400 for an unknown topic name', async () => {
    expect((await control('GET', '/__sim/expected?topics=Nope')).status).toBe(400);
  });

  it('derives the week from now() when none is configured', async () => {
    t.sim.configure({ week: null });
    const res = await control('GET', '/__sim/expected?topics=Payroll');
    expect(res.body).toMatchObject({ week: '2026-11-23' });
  });
});

describe('determinism across instances', () => {
  it('serves the same data from two simulators with the same config', async () => {
    const other = await startBomboraSimulator({ config: t.sim.config() });
    try {
      const pull = async (url: string): Promise<string> => {
        const { access_token } = (await (
          await fetch(`${url}/oauth/token`, {
            method: 'POST',
            body: JSON.stringify({
              client_id: 'p360-local',
              client_secret: 'p360-local-bombora-secret',
            }),
          })
        ).json()) as { access_token: string };
        const headers = { authorization: `Bearer ${access_token}` };
        const { pageToken } = (await (
          await fetch(`${url}/intent/v1/data`, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              topics: ['Payroll', 'Legal'],
              attributes: ['domain', 'topic', 'score', 'company'],
            }),
          })
        ).json()) as { pageToken: string };
        const page = (await (
          await fetch(`${url}/intent/v1/data?pageToken=${pageToken}&limit=500`, { headers })
        ).json()) as { data: unknown[] };
        return JSON.stringify(page.data);
      };
      expect(await pull(other.url)).toBe(await pull(t.url));
    } finally {
      await other.close();
    }
  });
});

describe('routing', () => {
  it('answers 404 for unknown paths and 405 for a wrong method', async () => {
    expect((await control('GET', '/nope')).status).toBe(404);
    expect((await control('GET', '/oauth/token')).status).toBe(405);
  });

  it('answers unknown legacy paths in the ASP.NET envelope', async () => {
    const missing = await t.call('GET', '/v2/Surge/Nope', { auth: BASIC });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      Message: expect.stringContaining('No HTTP resource was found'),
    });
    expect((await t.call('GET', '/v4/Surge/Create', { auth: BASIC })).status).toBe(405);
  });

  it('routes legacy paths case-insensitively', async () => {
    const res = await t.call('GET', '/V2/topic/gettheme?id=1500622', { auth: BASIC });
    expect(res.body).toMatchObject({ Topic: { Id: 1500622, Name: 'Business' } });
  });
});
