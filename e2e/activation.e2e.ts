import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { suggestSegmentName } from '../core/activation/segment-name';
import { processUpload, uploadFile, waitForUpload } from '../dev/upload-client';
import { launchBrowser } from './browser';
import { seriousA11yViolations, signIn, watchProblems } from './support';

/*
 * Contacts → UID2 → The Trade Desk, through the pages: a fresh organisation uploads a small
 * contact list, connects UID2 and maps it, builds an audience, adds a Trade Desk destination,
 * exports the audience and checks that the TTD simulator's segment holds exactly the audience's
 * UID2s — no more (the other contacts), no fewer.
 */

const appUrl = inject('appUrl');
const uid2Url = inject('uid2Url');
const ttdUrl = inject('ttdUrl');
const url = (path: string) => new URL(path, appUrl).href;
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const owner = { email: `activation-${run}@example.test`, password: 'activation journey password' };
// The stack's simulators accept the credentials of .dev.vars.example.
const UID2 = {
  apiKey: 'p360-local-uid2-key',
  clientSecret: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
};
const TTD = { advertiserId: 'p360local', token: 'p360-local-ttd-token' };
const AUDIENCE = `Software buyers ${run}`;

// Half the contacts work in Software: the audience. Emails only, so each member has one UID2.
const HEADER =
  'Email,First Name,Last Name,Job Title,Seniority,Company,Website,Phone,Country,City,Industry,CRM ID';
const contacts = Array.from({ length: 12 }, (_, i) => ({
  email: `buyer${i}.${run}@example.com`,
  industry: i % 2 === 0 ? 'Software' : 'Retail',
}));
const audienceEmails = contacts.filter((c) => c.industry === 'Software').map((c) => c.email);

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let problems: string[];
let dir: string;
let exportPath = '';
let audienceId = '';

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

/** The newest run's status from a runs endpoint, polled until it is not running. */
async function waitForRun(path: string, timeout: number) {
  await expect
    .poll(
      async () => {
        const response = await page.request.get(url(path));
        const { runs } = (await response.json()) as { runs: { status: string }[] };
        return runs[0]?.status;
      },
      { timeout, interval: 1000 },
    )
    .toBe('succeeded');
}

beforeAll(async () => {
  const signUp = await post('/api/auth/sign-up/email', { name: 'Ada Activation', ...owner });
  expect(signUp.status).toBe(200);
  const cookie = signUp.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  expect((await post('/api/orgs', { name: `Activation ${run}` }, cookie)).status).toBe(201);
  const session = { url: appUrl, cookie };
  dir = mkdtempSync(join(tmpdir(), 'p360-activation-e2e-'));
  const file = join(dir, 'contacts.csv');
  const lines = contacts.map(
    (c, i) =>
      `${c.email},Buyer,Number${i},Head of IT,Director,Acme ${i},acme${i}.com,,US,Austin,${c.industry},crm-${i}`,
  );
  writeFileSync(file, `${[HEADER, ...lines].join('\n')}\n`);
  const upload = await uploadFile(session, file, 'Buyers.csv');
  await processUpload(session, upload.id, { defaultCountry: 'US' });
  expect((await waitForUpload(session, upload.id)).status).toBe('completed');

  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  problems = watchProblems(page);
  await signIn(page, appUrl, owner);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Activation, from contacts to a Trade Desk segment', () => {
  it('connects UID2 with credentials that are never shown back', async () => {
    await page.goto(url('/integrations'), { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: /Open UID2/ }).click();
    await page.waitForURL(/\/integrations\/uid2/);
    await page.getByLabel('API key').fill(UID2.apiKey);
    await page.getByLabel('Client secret').fill(UID2.clientSecret);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('button', { name: 'Save connection' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByLabel('Client secret').inputValue()).toBe('');
    expect(await page.content()).not.toContain(UID2.clientSecret);
  });

  it('maps the contacts now and shows the run and the match rate', async () => {
    await page.getByRole('button', { name: 'Map now' }).click();
    await waitForRun('/api/integrations/uid2/runs?limit=1', 60_000);
    const history = page.getByRole('region', { name: 'Mapping history' }).last();
    await expect.poll(() => history.innerText(), { timeout: 15_000 }).toMatch(/Succeeded/);
    const byKind = page.getByRole('region', { name: 'Match rate by identifier type' }).last();
    await expect.poll(() => byKind.innerText()).toMatch(/Email\s+12\s+12/);
    expect(await seriousA11yViolations(page)).toEqual([]);
  }, 90_000);

  it('adds The Trade Desk as a destination', async () => {
    await page.goto(url('/integrations/ttd'), { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'Add destination' }).first().click();
    await page.getByLabel('Name').fill('Local advertiser');
    await page.getByLabel('Advertiser id').fill(TTD.advertiserId);
    await page.getByLabel('Region').selectOption('usw');
    await page.getByLabel('Authentication').selectOption('token');
    await page.getByLabel('Token or secret key').fill(TTD.token);
    await page.getByRole('button', { name: 'Add destination' }).click();
    await page.getByText('Destination saved.').waitFor({ timeout: 20_000 });
    const destinations = page.getByRole('region', { name: 'Destinations' }).last();
    await expect.poll(() => destinations.innerText()).toMatch(/p360local/);
    expect(await page.content()).not.toContain(TTD.token);
  });

  it('exports an audience to it and runs the export now', async () => {
    const created = await page.request.post(url('/api/audiences'), {
      headers: { origin: new URL(appUrl).origin },
      data: {
        name: AUDIENCE,
        definition: {
          version: 1,
          root: {
            id: 'root',
            kind: 'group',
            op: 'and',
            children: [{ id: 'r1', kind: 'rule', field: 'industry', op: 'eq', value: 'Software' }],
          },
        },
      },
    });
    expect(created.status()).toBe(201);
    audienceId = ((await created.json()) as { id: string }).id;

    await page.goto(url('/integrations/ttd'), { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'New export' }).first().click();
    await page.waitForURL(/\/integrations\/ttd\/exports\/new/);
    await page.getByLabel('Name', { exact: true }).fill(`Software buyers to TTD ${run}`);
    await page.getByLabel('Add an audience').selectOption({ label: AUDIENCE });
    await page.getByRole('button', { name: 'Add audience' }).click();
    // The segment name is suggested from the audience's name and checked as it is typed.
    const segment = page.getByLabel(`Segment name for ${AUDIENCE}`);
    await expect.poll(() => segment.inputValue()).toBe(suggestSegmentName(AUDIENCE));
    await segment.fill('bad, name');
    await page.getByText('Quotes, commas and ^ are not allowed').waitFor();
    await segment.fill(suggestSegmentName(AUDIENCE));
    await page.getByRole('button', { name: 'Weekly on Monday at 06:00' }).click();
    await page.getByText(/In words: .*Monday/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Create export' }).click();
    await page.getByText('Export saved.').waitFor({ timeout: 20_000 });
    exportPath = new URL(page.url()).pathname;

    await page.getByRole('button', { name: 'Export now' }).click();
    const exportId = exportPath.split('/').at(-1)!;
    await waitForRun(`/api/ttd/exports/${exportId}/runs?limit=1`, 90_000);
    const history = page.getByRole('region', { name: 'Run history' }).last();
    await expect.poll(() => history.innerText(), { timeout: 15_000 }).toMatch(/Succeeded/);
    expect(await seriousA11yViolations(page)).toEqual([]);
  }, 150_000);

  it('leaves exactly the audience’s UID2s in the Trade Desk segment', async () => {
    const expected = await fetch(new URL('/__sim/expected', uid2Url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: audienceEmails }),
    });
    expect(expected.status).toBe(200);
    const { email } = (await expected.json()) as { email: { u?: string }[] };
    const uid2s = email.map((item) => item.u);
    expect(uid2s.every(Boolean)).toBe(true);

    const query = new URLSearchParams({
      advertiserId: TTD.advertiserId,
      name: suggestSegmentName(AUDIENCE),
    });
    const segment = await fetch(new URL(`/__sim/segments/members?${query}`, ttdUrl));
    expect(segment.status).toBe(200);
    const { members } = (await segment.json()) as { members: { id: string }[] };
    expect(members.map((m) => m.id).sort()).toEqual([...uid2s].sort());
  });

  it('shows the run’s detail and the audience’s reach', async () => {
    await page.goto(url(exportPath), { waitUntil: 'networkidle' });
    await page
      .getByRole('region', { name: 'Run history' })
      .last()
      .getByRole('link', { name: /run details/ })
      .first()
      .click();
    await page.waitForURL(/\/integrations\/ttd\/runs\//);
    await page.getByRole('heading', { name: 'Counts' }).waitFor();
    expect(await page.getByText('Added', { exact: true }).count()).toBeGreaterThan(0);

    await page.goto(url(`/audiences/${audienceId}`), { waitUntil: 'networkidle' });
    const reach = page.locator('#ttd-reach');
    await expect
      .poll(() => reach.innerText(), { timeout: 15_000 })
      .toMatch(new RegExp(`Estimated reach\\s+${audienceEmails.length}\\b`));
    await expect.poll(() => reach.innerText()).toMatch(/Succeeded/);

    await page.goto(url('/audiences'), { waitUntil: 'networkidle' });
    await page
      .getByRole('link', { name: /^TTD\s*Succeeded/ })
      .first()
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
