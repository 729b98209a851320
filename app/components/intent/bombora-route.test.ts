import type { AppLoadContext } from '@remix-run/cloudflare';
import { describe, expect, it } from 'vitest';
import { action, loader } from '~/routes/integrations.bombora';

/*
 * The page's actions against a stand-in API: which call each form makes, and how the API's
 * refusals reach the person who pressed the button.
 */

interface Call {
  path: string;
  method: string;
  body: unknown;
}

function fakeApi(answer: (call: Call) => Response) {
  const calls: Call[] = [];
  const context = {
    api: async (path: string, init?: RequestInit) => {
      const call = {
        path,
        method: init?.method ?? 'GET',
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      calls.push(call);
      return answer(call);
    },
  } as unknown as AppLoadContext;
  return { context, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const apiError = (status: number, code: string, message = code) =>
  json(status, { error: { code, message } });

function post(fields: Array<[string, string]>) {
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  return new Request('http://app.test/integrations/bombora', { method: 'POST', body });
}

/** What a Remix `data()` answer carries. */
function answerOf(result: unknown): Record<string, unknown> & { status: number } {
  const { data, init } = result as { data: Record<string, unknown>; init: ResponseInit | null };
  return { ...data, status: init?.status ?? 200 };
}

const SETTINGS = {
  configured: true,
  enabled: true,
  mode: 'intent',
  credentialsHint: '••••1234',
  topicIds: ['t1', 't2'],
  surgeThreshold: 60,
  onlyKnownDomains: false,
  enrichCompanies: false,
  dailyCallQuota: 1000,
  callsToday: 0,
  alertWebhookHint: null,
  updatedAt: 1,
};

describe('Bombora page actions', () => {
  it('starts a sync', async () => {
    const { context, calls } = fakeApi(() => json(202, { runId: 'r1' }));
    const result = answerOf(
      await action({ request: post([['intent', 'sync']]), context, params: {} }),
    );
    expect(calls).toEqual([
      { path: '/api/integrations/bombora/sync', method: 'POST', body: undefined },
    ]);
    expect(result).toMatchObject({ ok: true, intent: 'sync' });
  });

  it.each([
    [409, 'already_running', /already running/],
    [400, 'not_configured', /not connected/],
    [400, 'no_topics', /No topics/],
  ])('explains a %i %s refusal to sync', async (status, code, message) => {
    const { context } = fakeApi(() => apiError(status, code));
    const result = answerOf(
      await action({ request: post([['intent', 'sync']]), context, params: {} }),
    );
    expect(result).toMatchObject({ ok: false, status });
    expect(result.formError).toMatch(message);
  });

  it('saves the chosen topics through the settings PUT', async () => {
    const { context, calls } = fakeApi(() => json(200, SETTINGS));
    const request = post([
      ['intent', 'topics'],
      ['topicIds', 't1'],
      ['topicIds', 't2'],
    ]);
    const result = answerOf(await action({ request, context, params: {} }));
    expect(calls).toEqual([
      { path: '/api/integrations/bombora', method: 'PUT', body: { topicIds: ['t1', 't2'] } },
    ]);
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/2 topics/) });
  });

  it('shows Bombora refusing the credentials beside the credential fields', async () => {
    const { context } = fakeApi(() =>
      apiError(400, 'bombora_refused', 'Bombora refused these credentials (401)'),
    );
    const request = post([
      ['intent', 'connection'],
      ['mode', 'intent'],
      ['storedMode', ''],
      ['clientId', 'abc'],
      ['clientSecret', 'wrong'],
      ['surgeThreshold', '60'],
      ['dailyCallQuota', '1000'],
    ]);
    const result = answerOf(await action({ request, context, params: {} }));
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { clientId: ['Bombora refused these credentials (401)'] },
    });
    // The secret is never echoed back into the page.
    expect(result.values).not.toHaveProperty('clientSecret');
  });

  it('does not call the API when the cluster threshold exceeds its topics', async () => {
    const { context, calls } = fakeApi(() => json(500, {}));
    const request = post([
      ['intent', 'cluster-save'],
      ['name', 'Cloud'],
      ['topicIds', 't1'],
      ['minTopics', '3'],
    ]);
    const result = answerOf(await action({ request, context, params: {} }));
    expect(calls).toEqual([]);
    expect(result).toMatchObject({ ok: false, fieldErrors: { minTopics: [expect.any(String)] } });
  });

  it('creates a cluster and goes back to the list', async () => {
    const cluster = { id: 'c1', name: 'Cloud', topicIds: ['t1', 't2'], minTopics: 1, updatedAt: 1 };
    const { context, calls } = fakeApi(() => json(201, cluster));
    const request = post([
      ['intent', 'cluster-save'],
      ['name', 'Cloud'],
      ['topicIds', 't1'],
      ['topicIds', 't2'],
      ['minTopics', '1'],
    ]);
    const thrown = await action({ request, context, params: {} }).catch((e: unknown) => e);
    expect(calls[0]).toEqual({
      path: '/api/intent/clusters',
      method: 'POST',
      body: { name: 'Cloud', topicIds: ['t1', 't2'], minTopics: 1 },
    });
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).headers.get('location')).toBe(
      '/integrations/bombora?notice=cluster-saved#clusters',
    );
  });

  it('updates an existing cluster with PATCH and deletes with DELETE', async () => {
    const cluster = { id: 'c1', name: 'Cloud', topicIds: ['t1'], minTopics: 1, updatedAt: 1 };
    const { context, calls } = fakeApi((call) =>
      call.method === 'DELETE' ? new Response(null, { status: 204 }) : json(200, cluster),
    );
    const save = post([
      ['intent', 'cluster-save'],
      ['clusterId', 'c1'],
      ['name', 'Cloud'],
      ['topicIds', 't1'],
      ['minTopics', '1'],
    ]);
    await action({ request: save, context, params: {} }).catch(() => null);
    const remove = post([
      ['intent', 'cluster-delete'],
      ['clusterId', 'c1'],
    ]);
    await action({ request: remove, context, params: {} }).catch(() => null);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'PATCH /api/intent/clusters/c1',
      'DELETE /api/intent/clusters/c1',
    ]);
  });
});

describe('Bombora page loader', () => {
  const get = (query = '') => new Request(`http://app.test/integrations/bombora${query}`);

  it('shows each section’s own problem instead of failing the page', async () => {
    const { context } = fakeApi(() => apiError(404, 'not_found', 'Not found'));
    const page = await loader({ request: get(), context, params: {} });
    expect(page.overview).toEqual({ data: null, problem: 'Not found' });
    expect(page.runs.problem).toBe('Not found');
    expect(page.surging.problem).toBe('Not found');
  });

  it('sends a signed-out visitor to sign in', async () => {
    const { context } = fakeApi(() => apiError(401, 'unauthorized'));
    const thrown = await loader({ request: get(), context, params: {} }).catch((e: unknown) => e);
    expect((thrown as Response).headers.get('location')).toMatch(/^\/sign-in/);
  });

  it('asks for the page of runs before a time, and the details of the open run', async () => {
    const { context, calls } = fakeApi(() => apiError(404, 'not_found'));
    await loader({ request: get('?before=1700000000000&run=r1'), context, params: {} });
    expect(calls.map((c) => c.path)).toContain(
      '/api/integrations/bombora/runs?limit=20&before=1700000000000',
    );
    expect(calls.map((c) => c.path)).toContain('/api/integrations/bombora/runs/r1');
  });

  it('ignores a malformed page parameter', async () => {
    const { context, calls } = fakeApi(() => apiError(404, 'not_found'));
    const page = await loader({ request: get('?before=soon'), context, params: {} });
    expect(page.search.before).toBeNull();
    expect(calls.map((c) => c.path)).toContain('/api/integrations/bombora/runs?limit=20');
  });
});
