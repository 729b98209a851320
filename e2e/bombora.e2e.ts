import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SizeResult } from '../core/contracts/audiences';
import type { IntentTopicList } from '../core/contracts/intent';
import { writeContactsCsv } from '../dev/bench/contacts-csv';
import { processUpload, uploadFile, waitForUpload } from '../dev/upload-client';
import { launchBrowser } from './browser';
import { seriousA11yViolations, signIn, watchProblems } from './support';

/*
 * Configure Bombora → sync now → build "surging on topic X" → see a size: an owner of a fresh
 * organisation with a contact list, against the Bombora simulator the stack runs.
 */

const appUrl = inject('appUrl');
const url = (path: string) => new URL(path, appUrl).href;
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const owner = { email: `intent-${run}@example.test`, password: 'intent journey password' };
const TOPIC = 'Data Warehousing';

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let problems: string[];
let dir: string;

async function post(path: string, body: unknown, cookie?: string) {
  return fetch(url(path), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: new URL(appUrl).origin,
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  // A new organisation with one contact list whose company domains Bombora knows.
  const signUp = await post('/api/auth/sign-up/email', { name: 'Ivy Intent', ...owner });
  expect(signUp.status).toBe(200);
  const cookie = signUp.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  expect((await post('/api/orgs', { name: `Intent ${run}` }, cookie)).status).toBe(201);
  const session = { url: appUrl, cookie };
  dir = mkdtempSync(join(tmpdir(), 'p360-intent-e2e-'));
  const file = join(dir, 'accounts.csv');
  await writeContactsCsv(file, 120_000, 3);
  const upload = await uploadFile(session, file, 'Target accounts.csv');
  await processUpload(session, upload.id, { defaultCountry: 'US' });
  expect((await waitForUpload(session, upload.id)).status).toMatch(/^completed/); // the generator includes a few bad rows on purpose

  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  problems = watchProblems(page);
  await signIn(page, appUrl, owner);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Bombora intent, from connection to an audience size', () => {
  it('connects Bombora with credentials that are never shown back', async () => {
    await page.goto(url('/integrations'), { waitUntil: 'networkidle' });
    await page
      .getByRole('link', { name: /Bombora/ })
      .first()
      .click();
    await page.waitForURL(/\/integrations\/bombora/);
    await page.getByLabel('Client ID').fill('p360-local');
    await page.getByLabel('Client secret').fill('p360-local-bombora-secret');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('button', { name: 'Save connection' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByLabel('Client secret').inputValue()).toBe('');
    expect(await page.content()).not.toContain('p360-local-bombora-secret');
  });

  it('chooses a topic to sync', async () => {
    const topics = page.getByRole('group', { name: 'Topics to sync' });
    await topics
      .getByRole('searchbox')
      .or(topics.getByPlaceholder('Search topics, categories, themes'))
      .first()
      .fill(TOPIC);
    await topics.getByRole('checkbox', { name: TOPIC }).check();
    await page.getByRole('button', { name: 'Save topics' }).click();
    await page.getByText('Unsaved changes').waitFor({ state: 'detached', timeout: 20_000 });
  });

  it('syncs now and shows the run in the history', async () => {
    await page.getByRole('button', { name: 'Sync now' }).click();
    // The page polls while the run is going; the run itself is read from the API.
    await expect
      .poll(
        async () => {
          const response = await page.request.get(url('/api/integrations/bombora/runs?limit=1'));
          return ((await response.json()) as { runs: { status: string }[] }).runs[0]?.status;
        },
        { timeout: 90_000, interval: 1000 },
      )
      .toBe('succeeded');
    const history = page.getByRole('region', { name: 'Sync history' }).last();
    await expect.poll(() => history.innerText(), { timeout: 15_000 }).toMatch(/Succeeded/);
    await page
      .getByRole('region', { name: 'Surging companies' })
      .last()
      .waitFor({ timeout: 15_000 });
    expect(await seriousA11yViolations(page)).toEqual([]);
  }, 150_000);

  it('builds “surging on the topic” and sees its size', async () => {
    const created = await page.request.post(url('/api/audiences'), {
      headers: { origin: new URL(appUrl).origin },
      data: {
        name: `Surging ${run}`,
        definition: { version: 1, root: { id: 'root', kind: 'group', op: 'and', children: [] } },
      },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await page.goto(url(`/audiences/${id}`), { waitUntil: 'networkidle' });
    await page.locator('[data-connection="live"]').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Add an intent condition' }).click();
    const picker = page.getByRole('group', { name: 'Topics' }).first();
    await picker.getByPlaceholder('Search topics, categories, themes').fill(TOPIC);
    await picker.getByRole('checkbox', { name: new RegExp(TOPIC) }).check();

    // The size the builder shows is the engine's count of the same definition.
    const topics = (await (
      await page.request.get(url('/api/intent/topics'))
    ).json()) as IntentTopicList;
    const topicId = topics.topics.find((t) => t.name === TOPIC)!.id;
    const estimate = await page.request.post(url('/api/audiences/estimate'), {
      headers: { origin: new URL(appUrl).origin },
      data: {
        definition: {
          version: 1,
          root: {
            id: 'root',
            kind: 'group',
            op: 'and',
            children: [
              {
                id: 'x',
                kind: 'intent',
                topics: [topicId],
                match: 'any',
                minScore: 60,
                withinWeeks: 4,
              },
            ],
          },
        },
      },
    });
    const expected = ((await estimate.json()) as SizeResult).total!;
    expect(expected).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('#audience-size').innerText(), { timeout: 20_000 })
      .toContain(expected.toLocaleString('en-US'));
    expect(problems).toEqual([]);
  });
});
