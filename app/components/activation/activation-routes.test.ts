import type { AppLoadContext } from '@remix-run/cloudflare';
import { describe, expect, it } from 'vitest';
import { destinationBody, exportBody } from '~/lib/activation-forms';
import { action as ttdAction } from '~/routes/integrations.ttd._index';
import { action as newExportAction } from '~/routes/integrations.ttd.exports.new';
import { action as privacyAction } from '~/routes/settings.privacy';
import { action as uid2Action, loader as uid2Loader } from '~/routes/integrations.uid2';

/*
 * The UID2, Trade Desk and privacy pages against a stand-in API: which call each form makes, and
 * how the API's refusals reach the person who pressed the button.
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

function form(fields: Array<[string, string]>) {
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  return body;
}
const post = (path: string, fields: Array<[string, string]>) =>
  new Request(`http://app.test${path}`, { method: 'POST', body: form(fields) });

/** What a Remix `data()` answer carries. */
function answerOf(result: unknown): Record<string, unknown> & { status: number } {
  const { data, init } = result as { data: Record<string, unknown>; init: ResponseInit | null };
  return { ...data, status: init?.status ?? 200 };
}

const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const SETTINGS = {
  configured: true,
  enabled: true,
  credentialsHint: 'p360…-key',
  mapAfterUpload: true,
  updatedAt: 1,
};

describe('UID2 page', () => {
  it('loads with one API call, so a poll is one call', async () => {
    const { context, calls } = fakeApi(() => apiError(500, 'internal'));
    const page = await uid2Loader({
      request: new Request('http://app.test/integrations/uid2'),
      context,
      params: {},
    });
    expect(calls).toHaveLength(1);
    expect(page.overview).toBeNull();
  });

  it('sends new credentials with the switches', async () => {
    const { context, calls } = fakeApi(() => json(200, SETTINGS));
    const request = post('/integrations/uid2', [
      ['intent', 'connection'],
      ['configured', 'no'],
      ['apiKey', 'key-1'],
      ['clientSecret', SECRET],
      ['enabled', 'on'],
    ]);
    const result = answerOf(await uid2Action({ request, context, params: {} }));
    expect(result).toMatchObject({ ok: true });
    expect(calls[0]).toEqual({
      path: '/api/integrations/uid2',
      method: 'PUT',
      body: {
        credentials: { apiKey: 'key-1', clientSecret: SECRET },
        enabled: true,
        mapAfterUpload: false,
      },
    });
  });

  it('keeps the stored credentials when both fields are blank', async () => {
    const { context, calls } = fakeApi(() => json(200, SETTINGS));
    const request = post('/integrations/uid2', [
      ['intent', 'connection'],
      ['configured', 'yes'],
      ['apiKey', ''],
      ['clientSecret', ''],
      ['mapAfterUpload', 'on'],
    ]);
    await uid2Action({ request, context, params: {} });
    expect(calls[0]!.body).toEqual({ enabled: false, mapAfterUpload: true });
  });

  it('asks for credentials before connecting, without calling the API', async () => {
    const { context, calls } = fakeApi(() => json(200, SETTINGS));
    const request = post('/integrations/uid2', [
      ['intent', 'connection'],
      ['configured', 'no'],
      ['apiKey', 'key-1'],
    ]);
    const result = answerOf(await uid2Action({ request, context, params: {} }));
    expect(calls).toEqual([]);
    expect(result.fieldErrors).toEqual({ clientSecret: ['Enter the client secret to connect'] });
  });

  it('shows UID2’s refusal beside the credentials, and never echoes the secret', async () => {
    const { context } = fakeApi(() => apiError(422, 'uid2_refused', 'unauthorized'));
    const request = post('/integrations/uid2', [
      ['intent', 'connection'],
      ['configured', 'no'],
      ['apiKey', 'key-1'],
      ['clientSecret', SECRET],
    ]);
    const result = answerOf(await uid2Action({ request, context, params: {} }));
    expect(result.status).toBe(422);
    expect(result.fieldErrors).toEqual({
      apiKey: ['UID2 refused these credentials: unauthorized'],
    });
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it.each([
    ['already_running', /already running/],
    ['not_configured', /not connected/],
  ])('explains a %s refusal to map', async (code, message) => {
    const { context, calls } = fakeApi(() => apiError(409, code));
    const request = post('/integrations/uid2', [['intent', 'map']]);
    const result = answerOf(await uid2Action({ request, context, params: {} }));
    expect(calls[0]).toMatchObject({ path: '/api/integrations/uid2/runs', method: 'POST' });
    expect(result.formError).toMatch(message);
  });
});

describe('Trade Desk forms', () => {
  const destination = (extra: Array<[string, string]> = []) =>
    form([
      ['name', 'Acme US'],
      ['advertiserId', 'p360local'],
      ['region', 'usw'],
      ['authMode', 'token'],
      ['failureAlertPercent', '5'],
      ...extra,
    ]);

  it('needs a secret to add a destination, not to edit one', () => {
    expect(destinationBody(destination(), true)).toMatchObject({
      ok: false,
      fieldErrors: { secret: [expect.any(String)] },
    });
    expect(destinationBody(destination(), false)).toEqual({
      ok: true,
      body: {
        name: 'Acme US',
        advertiserId: 'p360local',
        region: 'usw',
        authMode: 'token',
        failureAlertPercent: 5,
      },
    });
  });

  it('removes the stored webhook only when asked', () => {
    const parsed = destinationBody(destination([['removeWebhook', 'on']]), false);
    expect(parsed.ok && parsed.body.alertWebhookUrl).toBeNull();
  });

  it('reads the audiences in the order they were listed', () => {
    const parsed = exportBody(
      form([
        ['name', 'Weekly'],
        ['destinationId', 'd1'],
        ['audienceId', 'a2'],
        ['segmentName', 'P360 - Second'],
        ['audienceId', 'a1'],
        ['segmentName', 'P360 - First'],
        ['ttlDays', '30'],
        ['schedule', '0 6 * * 1'],
        ['enabled', 'on'],
      ]),
    );
    expect(parsed.ok && parsed.body.audiences).toEqual([
      { audienceId: 'a2', segmentName: 'P360 - Second' },
      { audienceId: 'a1', segmentName: 'P360 - First' },
    ]);
  });

  it('names the row of a bad segment name and a bad schedule', () => {
    const parsed = exportBody(
      form([
        ['name', 'Weekly'],
        ['destinationId', 'd1'],
        ['audienceId', 'a1'],
        ['segmentName', 'ok'],
        ['audienceId', 'a2'],
        ['segmentName', 'bad, name'],
        ['ttlDays', '30'],
        ['schedule', '* * * * *'],
      ]),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.fieldErrors).sort()).toEqual(['audiences.1.segmentName', 'schedule']);
  });

  it('explains a segment name another export already writes', async () => {
    const { context } = fakeApi(() => apiError(409, 'segment_in_use', 'Segment in use.'));
    const request = post('/integrations/ttd/exports/new', [
      ['intent', 'save'],
      ['name', 'Weekly'],
      ['destinationId', 'd1'],
      ['audienceId', 'a1'],
      ['segmentName', 'P360 - Buyers'],
      ['ttlDays', '30'],
      ['schedule', '0 6 * * 1'],
    ]);
    const result = answerOf(await newExportAction({ request, context, params: {} }));
    expect(result.status).toBe(409);
    expect(result.formError).toMatch(/different segment name/);
  });

  it('says why a destination in use cannot be deleted', async () => {
    const { context, calls } = fakeApi(() =>
      apiError(409, 'destination_in_use', 'Two exports use this destination.'),
    );
    const request = post('/integrations/ttd', [
      ['intent', 'destination-delete'],
      ['destinationId', 'd1'],
    ]);
    const result = answerOf(await ttdAction({ request, context, params: {} }));
    expect(calls[0]).toMatchObject({ path: '/api/ttd/destinations/d1', method: 'DELETE' });
    expect(result.formError).toMatch(/Two exports use this destination/);
  });

  it('refuses an unknown time zone without calling the API', async () => {
    const { context, calls } = fakeApi(() => json(200, { timeZone: 'x' }));
    const request = post('/integrations/ttd', [
      ['intent', 'time-zone'],
      ['timeZone', 'Mars/Olympus'],
    ]);
    const result = answerOf(await ttdAction({ request, context, params: {} }));
    expect(calls).toEqual([]);
    expect(result.fieldErrors).toMatchObject({ timeZone: [expect.any(String)] });
  });
});

describe('Privacy requests', () => {
  const fields = (intent: string): Array<[string, string]> => [
    ['intent', intent],
    ['action', 'delete'],
    ['kind', 'email'],
    ['identifier', 'Someone@Example.com'],
  ];

  it('asks for confirmation before calling the API', async () => {
    const { context, calls } = fakeApi(() => json(201, {}));
    const request = post('/settings/privacy', fields('review'));
    const result = answerOf(await privacyAction({ request, context, params: {} }));
    expect(calls).toEqual([]);
    expect(result).toMatchObject({
      step: 'review',
      input: { action: 'delete', email: 'Someone@Example.com' },
    });
  });

  it('sends the confirmed request', async () => {
    const { context, calls } = fakeApi(() =>
      json(201, {
        id: 'dsr1',
        action: 'delete',
        identifierKind: 'email',
        contactsRemoved: 1,
        uid2sFound: 1,
        membershipsRemoved: 2,
        ttdRequests: 1,
        ttdFailures: 0,
        createdAt: 1,
      }),
    );
    const request = post('/settings/privacy', fields('submit'));
    const result = answerOf(await privacyAction({ request, context, params: {} }));
    expect(calls[0]).toEqual({
      path: '/api/privacy/requests',
      method: 'POST',
      body: { action: 'delete', email: 'Someone@Example.com' },
    });
    expect(result).toMatchObject({ step: 'done', result: { membershipsRemoved: 2 } });
  });
});
