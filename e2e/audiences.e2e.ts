import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';
import { seriousA11yViolations, signIn, waitForDone, watchProblems } from './support';

const appUrl = inject('appUrl');
const url = (path: string) => new URL(path, appUrl).href;

// A fresh person, organisation and lists per run, so every count is known exactly.
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const founder = {
  name: 'Ada Audience',
  email: `ada.${run}@example.test`,
  password: 'correct horse battery staple',
};
const leadsName = `leads-${run}.csv`;
const customersName = `customers-${run}.csv`;
const audienceName = `Software prospects ${run}`;

/**
 * Leads: 5 people in Software, 3 in Retail. Customers: 2 of the Software people again. So
 * `industry = "Software" AND NOT list:customers` is 5 − 2 = 3 people.
 */
const HEADER = 'Email,First Name,Last Name,Company,Industry';
const person = (i: number, industry: string) =>
  `p${i}@${run}.example.com,First${i},Last${i},Company ${i},${industry}`;
const LEADS = [
  HEADER,
  ...[0, 1, 2, 3, 4].map((i) => person(i, 'Software')),
  ...[5, 6, 7].map((i) => person(i, 'Retail')),
];
const CUSTOMERS = [HEADER, person(0, 'Software'), person(1, 'Software')];

const FIRST_TEXT = `industry = "Software" AND NOT list:"${customersName}"`;
const SECOND_TEXT = 'industry = "Software"';

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;
let page: Page;
let problems: string[];
let dir: string;
let audiencePath = '';

beforeAll(async () => {
  browser = await launchBrowser();
  context = browser.context;
  page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  problems = watchProblems(page);
  dir = mkdtempSync(join(tmpdir(), 'p360-audiences-e2e-'));
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Imports a contact list through the uploads page, as a person would, and waits until it is in. */
async function importList(name: string, lines: string[]) {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  await page.goto(url('/uploads'), { waitUntil: 'networkidle' });
  await page.getByLabel('Choose CSV files').setInputFiles(path);
  const card = page.getByRole('group', { name });
  await card.getByLabel('Import column Industry as').waitFor();
  await expect(card.getByLabel('Import column Industry as').inputValue()).resolves.toBe('industry');
  await card.getByRole('button', { name: 'Import' }).click();
  await waitForDone(card, 60_000);
}

/** The draft's total as the page states it (the live region). */
const sizeLine = () => page.locator('#audience-size');

/** The builder's text tab, where the draft is edited as text. */
async function textBox() {
  await page.getByRole('tab', { name: 'Text', exact: true }).click();
  return page.getByLabel('Definition as text');
}

/** Applies a text form and waits until the page shows the new draft's total. */
async function applyText(text: string, total: number) {
  const box = await textBox();
  await box.fill(text);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await sizeLine()
    .filter({
      hasText: new RegExp(`Audience size\\s*${total.toLocaleString('en-US')}\\s*(person|people)`),
    })
    .waitFor();
  await expect(box.inputValue()).resolves.toBe(text);
}

/** The outline item of a condition, by its sentence (the builder's outline view). */
async function outlineItem(words: string) {
  await page.getByRole('button', { name: 'Outline', exact: true }).click();
  return page
    .getByRole('tree', { name: 'Audience definition' })
    .getByRole('treeitem')
    .filter({ has: page.getByText(words, { exact: true }) })
    .last();
}

describe('audiences: from uploaded lists to a saved and restored audience, in the browser', () => {
  it('signs up a new person with a new organisation', async () => {
    await page.goto(url('/sign-up'), { waitUntil: 'networkidle' });
    await page.getByLabel('Your name').fill(founder.name);
    await page.getByLabel('Work email').fill(founder.email);
    await page.getByLabel('Password', { exact: true }).fill(founder.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL((u) => u.pathname === '/onboarding');
    await page.getByLabel('Organisation name').fill(`Audiences ${run}`);
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    expect(problems).toEqual([]);
  });

  it('points a new organisation to uploading a list and to templates', async () => {
    await page.goto(url('/audiences'), { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: 'No audiences yet' }).waitFor();
    await page.getByRole('link', { name: 'Upload a list' }).waitFor();
    await page.getByRole('link', { name: 'Start from a template' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('imports two contact lists', async () => {
    await importList(leadsName, LEADS);
    await importList(customersName, CUSTOMERS);
    expect(problems).toEqual([]);
  }, 150_000);

  it('creates an audience from the list page', async () => {
    await page.goto(url('/audiences'), { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'New audience' }).click();
    const dialog = page.getByRole('dialog', { name: 'New audience' });
    await dialog.waitFor();
    await dialog.getByLabel('Name', { exact: true }).fill(audienceName);
    await expect(dialog.getByLabel(/Blank audience/).isChecked()).resolves.toBe(true);
    await dialog.getByRole('button', { name: 'Create audience' }).click();
    await page.waitForURL((u) => /^\/audiences\/[^/]+$/.test(u.pathname));
    audiencePath = new URL(page.url()).pathname;
    await page.getByRole('heading', { level: 1, name: audienceName }).waitFor();
    // A blank audience is an empty group: not counted until it has a condition.
    await sizeLine()
      .filter({ hasText: /Not counted/ })
      .waitFor();
    expect(problems).toEqual([]);
  });

  it('edits the text form and shows the total and each condition’s size', async () => {
    await applyText(FIRST_TEXT, 3);
    const industry = await outlineItem('Industry is Software');
    await expect(industry.innerText()).resolves.toMatch(/5\s+people/);
    const exclusion = await outlineItem(`In list ${customersName}`);
    await expect(exclusion.innerText()).resolves.toMatch(/NOT/i);
    await expect(exclusion.innerText()).resolves.toMatch(/2\s+removed by this exclusion/);
    expect(problems).toEqual([]);
  });

  it('saves version 1, changes the text, compares and restores version 1', async () => {
    await page.getByLabel('Note for this version (optional)').fill('Software, not customers');
    await page.getByRole('button', { name: 'Save version' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 1.' }).waitFor();
    const versions = page.getByRole('region', { name: 'Saved versions' });
    await versions.getByRole('row').filter({ hasText: 'Software, not customers' }).waitFor();

    await applyText(SECOND_TEXT, 5);
    // The comparison reads the stored draft, which the room autosaves once edits pause.
    await page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor();

    await page.getByLabel('Compare version', { exact: true }).selectOption('1');
    await page.getByLabel('with', { exact: true }).selectOption('draft');
    await page.getByRole('button', { name: 'Compare versions' }).click();
    const diff = page.getByRole('region', { name: 'From version 1 to the draft' });
    await diff.waitFor();
    await expect(diff.innerText()).resolves.toMatch(/Size 3 → 5/);
    await expect(diff.innerText()).resolves.toContain(`list:"${customersName}"`);
    // The text form keeps node ids where nodes stayed: one condition removed, nothing re-added.
    await expect(diff.getByText('Added', { exact: true }).count()).resolves.toBe(0);
    await expect(diff.getByText('Removed', { exact: true }).count()).resolves.toBe(1);

    await versions.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByRole('status').filter({ hasText: 'Version 1 restored as version 2' }).waitFor();
    await sizeLine()
      .filter({ hasText: /Audience size\s*3\s*people/ })
      .waitFor();
    await expect((await textBox()).inputValue()).resolves.toBe(FIRST_TEXT);
    await versions.getByRole('row').filter({ hasText: 'Restored from version 1' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('lists the audience with its size and saved version', async () => {
    await page.goto(url('/audiences'), { waitUntil: 'networkidle' });
    const row = page
      .getByRole('region', { name: 'Audiences', exact: true })
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: audienceName }) });
    await expect(row.innerText()).resolves.toMatch(/\b3\b[\s\S]*Version 2/);
    await page.getByLabel('Search audiences by name').fill('no such audience');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('heading', { name: 'No audiences match this view' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('shows a positioned parse error and saves nothing', async () => {
    await page.goto(url(audiencePath), { waitUntil: 'networkidle' });
    const box = await textBox();
    const before = await box.inputValue();
    expect(before).toBe(FIRST_TEXT);
    const broken = 'industry = "Software" AND NOT lst:"Customers"';
    await box.fill(broken);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: /Line 1, column \d+/ });
    await alert.waitFor();
    // The refused apply answers 422, which Chromium logs as a failed resource: that line only.
    const refusals = problems.filter((p) => /Failed to load resource.*422/.test(p));
    expect(refusals).toHaveLength(1);
    problems.splice(0, problems.length, ...problems.filter((p) => !refusals.includes(p)));
    await expect(alert.innerText()).resolves.toMatch(/Nothing was changed/);
    await expect(box.getAttribute('aria-invalid')).resolves.toBe('true');
    // What was typed stays in the box, focused, with the caret at the problem.
    await expect(box.inputValue()).resolves.toBe(broken);
    const caret = await box.evaluate((el: HTMLTextAreaElement) => ({
      focused: document.activeElement === el,
      at: el.selectionStart,
    }));
    expect(caret.focused).toBe(true);
    expect(caret.at).toBeGreaterThan(0);
    // Nothing was saved: the page, loaded again, shows the draft as it was.
    await page.reload({ waitUntil: 'networkidle' });
    await textBox();
    await expect(box.inputValue()).resolves.toBe(before);
    await expect(box.getAttribute('aria-invalid')).resolves.toBeNull();
    await sizeLine()
      .filter({ hasText: /Audience size\s*3\s*people/ })
      .waitFor();
    expect(problems).toEqual([]);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no serious or critical accessibility violations on the audience pages (${theme})`, async () => {
      await context.addCookies([{ name: 'theme', value: theme, url: appUrl }]);
      for (const path of ['/audiences', audiencePath]) {
        await page.goto(url(path), { waitUntil: 'networkidle' });
        expect(await seriousA11yViolations(page), `${path} (${theme})`).toEqual([]);
      }
      await page.goto(url('/audiences?new=1'), { waitUntil: 'networkidle' });
      await page.getByRole('dialog', { name: 'New audience' }).waitFor();
      expect(
        await seriousA11yViolations(page, '[role="dialog"]'),
        `new audience dialog (${theme})`,
      ).toEqual([]);
      expect(problems).toEqual([]);
      await context.clearCookies({ name: 'theme' });
    });
  }

  it('fits a 768 px tablet without sideways scrolling', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    for (const path of ['/audiences', audiencePath]) {
      await page.goto(url(path), { waitUntil: 'networkidle' });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    expect(problems).toEqual([]);
  });

  it('shows a viewer the audiences without the controls their role cannot use', async () => {
    // The seeded demo organisation: its editor makes an audience, its viewer looks at it.
    await page.setViewportSize({ width: 1280, height: 900 });
    await context.clearCookies();
    await signIn(page, appUrl, {
      email: 'editor@demo.p360.local',
      password: 'demo-editor-password',
    });
    const created = await page.request.post(url('/api/audiences'), {
      headers: { origin: new URL(appUrl).origin },
      data: {
        name: `Viewer check ${run}`,
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
    const { id } = (await created.json()) as { id: string };

    await context.clearCookies();
    await signIn(page, appUrl, {
      email: 'viewer@demo.p360.local',
      password: 'demo-viewer-password',
    });
    await page.goto(url('/audiences'), { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: `Viewer check ${run}` }).waitFor();
    await expect(page.getByRole('link', { name: 'New audience' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /^Actions for/ }).count()).resolves.toBe(0);

    await page.goto(url(`/audiences/${id}`), { waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1, name: `Viewer check ${run}` }).waitFor();
    await expect((await textBox()).getAttribute('readonly')).resolves.not.toBeNull();
    await page.getByText('Your role can view this audience but not edit it').waitFor();
    for (const name of ['Apply', 'Save version', 'Duplicate', 'Archive']) {
      await expect(page.getByRole('button', { name, exact: true }).count(), name).resolves.toBe(0);
    }
    for (const name of ['Delete', 'Export CSV', 'View SQL']) {
      await expect(page.getByRole('link', { name, exact: true }).count(), name).resolves.toBe(0);
    }
    expect(problems).toEqual([]);
  });
});
