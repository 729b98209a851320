// Fault injection: scripted and seeded random faults, timeouts, truncated bodies, latency and a
// week published in the middle of a pull.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig, mergeConfig } from './config';
import { addWeeks, datasetRows } from './dataset';
import { RATE_LIMIT_PHRASE } from './legacy-api';
import { BASIC, SMALL, startTestSim, WEEK, type TestSim } from './test-support';
import { topicByName } from './taxonomy';

let t: TestSim;
const TOPICS = ['Data Warehousing', 'Payroll'];
const topicIds = TOPICS.map((n) => topicByName(n)?.id as number);

beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.stop());
beforeEach(() => {
  t.sim.reset();
  t.forgetToken();
});

async function pageToken(): Promise<string> {
  const res = await t.call('POST', '/intent/v1/data', {
    body: { topics: TOPICS, attributes: ['domain', 'topic', 'score'] },
  });
  return (res.body as { pageToken: string }).pageToken;
}

const getPage = (token: string, limit = 100) =>
  t.call('GET', `/intent/v1/data?pageToken=${token}&limit=${limit}`);

describe('scripted faults', () => {
  it('answers 429 on the next matching request, then is consumed', async () => {
    const token = await pageToken();
    t.sim.configure({ faults: { script: [{ path: '/intent/v1/data', fault: '429', times: 1 }] } });
    const failed = await getPage(token);
    expect(failed.status).toBe(429);
    expect(failed.body).toEqual({ message: expect.any(String) });
    expect((await getPage(token)).status).toBe(200);
    expect(t.sim.config().faults.script).toEqual([]);
  });

  it('answers a legacy 429 with the rate-limit reason phrase', async () => {
    t.sim.configure({ faults: { script: [{ path: '/v2/Surge', fault: '429', times: 1 }] } });
    const res = await t.call('GET', '/v2/Surge/GetMetaData', { auth: BASIC });
    expect(res.status).toBe(429);
    expect(res.statusText).toBe(RATE_LIMIT_PHRASE);
  });

  it('answers 500 as many times as scripted', async () => {
    const token = await pageToken();
    t.sim.configure({ faults: { script: [{ path: '/intent/v1/data', fault: '500', times: 2 }] } });
    expect((await getPage(token)).status).toBe(500);
    expect((await getPage(token)).status).toBe(500);
    expect((await getPage(token)).status).toBe(200);
  });

  it('answers 503 with a message body', async () => {
    t.sim.configure({ faults: { script: [{ path: '/oauth/token', fault: '503', times: 1 }] } });
    const res = await t.call('POST', '/oauth/token', { auth: null, body: {} });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ message: 'Service Unavailable' });
  });

  it('matches the method when one is given', async () => {
    const token = await pageToken();
    t.sim.configure({
      faults: { script: [{ method: 'POST', path: '/intent/v1/data', fault: '500', times: 1 }] },
    });
    expect((await getPage(token)).status).toBe(200);
    expect((await t.call('POST', '/intent/v1/data', { body: { topics: TOPICS } })).status).toBe(
      500,
    );
  });

  it('holds a timed-out request until the client aborts', async () => {
    const token = await pageToken();
    t.sim.configure({
      faults: {
        timeoutMs: 10_000,
        script: [{ path: '/intent/v1/data', fault: 'timeout', times: 1 }],
      },
    });
    const request = fetch(`${t.url}/intent/v1/data?pageToken=${token}`, {
      headers: { authorization: `Bearer ${await t.token()}` },
      signal: AbortSignal.timeout(100),
    });
    await expect(request).rejects.toThrow(/abort|timeout/i);
    expect((await getPage(token)).status).toBe(200);
  });

  it('closes a timed-out request without any response after timeoutMs', async () => {
    const token = await pageToken();
    t.sim.configure({
      faults: { timeoutMs: 50, script: [{ path: '/intent/v1/data', fault: 'timeout', times: 1 }] },
    });
    await expect(getPage(token)).rejects.toThrow();
  });

  it('truncates a 200 JSON body in the middle', async () => {
    const token = await pageToken();
    t.sim.configure({
      faults: { script: [{ path: '/intent/v1/data', fault: 'truncate', times: 1 }] },
    });
    const res = await fetch(`${t.url}/intent/v1/data?pageToken=${token}`, {
      headers: { authorization: `Bearer ${await t.token()}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    await expect(res.json()).rejects.toThrow();
  });

  it('truncates a streamed legacy report file', async () => {
    t.sim.configure({
      legacy: { reportDelayMs: 0 },
      faults: { script: [{ path: '/v2/Surge/TryGetResult', fault: 'truncate', times: 1 }] },
    });
    const created = await t.call('POST', '/v4/Surge/Create', {
      auth: BASIC,
      body: { Topics: [1333532] },
    });
    const res = await fetch(
      `${t.url}/v2/Surge/TryGetResult?id=${(created.body as { Id: number }).Id}`,
      {
        headers: { authorization: BASIC },
      },
    );
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('does not apply to the control endpoints', async () => {
    t.sim.configure({ faults: { rate5xx: 1 } });
    expect((await t.call('GET', '/__sim/stats', { auth: null })).status).toBe(200);
  });
});

describe('random faults', () => {
  async function statuses(seed: number): Promise<number[]> {
    t.sim.reset();
    t.sim.configure({ faults: { seed, rate429: 0.2, rate5xx: 0.3 } });
    const out: number[] = [];
    for (let i = 0; i < 30; i++) {
      out.push((await t.call('GET', '/v2/Topic/GetTheme?id=1500622', { auth: BASIC })).status);
    }
    return out;
  }

  it('are reproducible for a seed', async () => {
    const first = await statuses(7);
    expect(await statuses(7)).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 429, 500, 503]));
  });

  it('differ between seeds', async () => {
    expect(await statuses(8)).not.toEqual(await statuses(9));
  });
});

describe('latency', () => {
  it('delays every API response by latencyMs', async () => {
    t.sim.configure({ faults: { latencyMs: 120 } });
    const started = performance.now();
    await t.call('GET', '/v2/Topic/GetTheme?id=1500622', { auth: BASIC });
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });
});

describe('changeWeekAfterPages', () => {
  const config = mergeConfig(defaultConfig(), SMALL);
  const asRows = (rows: ReturnType<typeof datasetRows>['rows']) =>
    rows.map((r) => ({ domain: r.domain, topic: r.topicName, score: r.score }));

  it('serves the next week after k pages and publishes it for new pulls', async () => {
    t.sim.configure({ faults: { changeWeekAfterPages: 1 } });
    const token = await pageToken();
    const first = await getPage(token);
    const firstBody = first.body as { data: unknown[]; nextPageToken: string };
    expect(firstBody.data).toEqual(asRows(datasetRows(config, topicIds, WEEK, 0, 100).rows));
    const second = (await getPage(firstBody.nextPageToken)).body as {
      data: { domain: string; topic: string; score: number }[];
    };
    const next = asRows(datasetRows(config, topicIds, addWeeks(WEEK, 1)).rows);
    const nextKeys = new Map(next.map((r) => [`${r.domain}|${r.topic}`, r.score]));
    for (const r of second.data) expect(nextKeys.get(`${r.domain}|${r.topic}`)).toBe(r.score);
    // The first page is unchanged when retried; a new pull starts from the new week.
    expect((await getPage(token)).body).toEqual(firstBody);
    const probe = (await getPage(await pageToken())).body as { data: unknown[] };
    expect(probe.data).toEqual(next.slice(0, 100));
    const expected = (
      await t.call('GET', `/__sim/expected?topics=${TOPICS.join(',')}`, { auth: null })
    ).body;
    expect(expected).toMatchObject({ week: addWeeks(WEEK, 1) });
  });
});
