import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';
import { DEMO_OWNER, seriousA11yViolations, signIn, watchProblems } from './support';

const appUrl = inject('appUrl');
const url = (path: string) => new URL(path, appUrl).href;
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
/** The seeded demo organisation's editor (dev/seed.ts): a second person in the owner's organisation. */
const DEMO_EDITOR = { email: 'editor@demo.p360.local', password: 'demo-editor-password' };

type Browser = Awaited<ReturnType<typeof launchBrowser>>;
interface Person {
  browser: Browser;
  page: Page;
  problems: string[];
}
let ada: Person; // the demo owner, Olivia Owner
let bea: Person; // the demo editor, Eden Editor
let audiencePath = '';

async function person(credentials: { email: string; password: string }): Promise<Person> {
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const problems = watchProblems(page);
  await signIn(page, appUrl, credentials);
  return { browser, page, problems };
}

const tree = (page: Page) => page.getByRole('tree', { name: 'Audience definition' });
/** The outline item that says these words (the innermost one: groups contain their children). */
const item = (page: Page, words: string) =>
  tree(page)
    .getByRole('treeitem')
    .filter({ has: page.getByText(words, { exact: true }) })
    .last();
const gone = async (page: Page, words: string) =>
  expect
    .poll(() => tree(page).getByText(words, { exact: true }).count(), { timeout: 15_000 })
    .toBe(0);

/** Opens the audience in the outline view and waits until the room has answered. */
async function open(page: Page) {
  await page.goto(url(audiencePath), { waitUntil: 'networkidle' });
  await page.locator('[data-connection="live"]').waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Outline', exact: true }).click();
  await tree(page).waitFor();
}

beforeAll(async () => {
  [ada, bea] = await Promise.all([person(DEMO_OWNER), person(DEMO_EDITOR)]);
  // The audience starts with one rule, R2, which Bea will change.
  const created = await ada.page.request.post(url('/api/audiences'), {
    headers: { origin: new URL(appUrl).origin },
    data: {
      name: `Co-edited ${run}`,
      definition: {
        version: 1,
        root: {
          id: 'root',
          kind: 'group',
          op: 'or',
          children: [{ id: 'r2', kind: 'rule', field: 'industry', op: 'eq', value: 'Retail' }],
        },
      },
    },
  });
  expect(created.status()).toBe(201);
  audiencePath = `/audiences/${((await created.json()) as { id: string }).id}`;
});
afterAll(async () => {
  await Promise.all([ada?.browser.close(), bea?.browser.close()]);
});

describe('the audience builder: two people editing one audience live', () => {
  it('opens the same audience for both, live, with the other person present', async () => {
    await Promise.all([open(ada.page), open(bea.page)]);
    await item(ada.page, 'Industry is Retail').waitFor();
    await ada.page.getByRole('list', { name: 'Also editing' }).getByText('Eden Editor').waitFor();
    await bea.page.getByRole('list', { name: 'Also editing' }).getByText('Olivia Owner').waitFor();
  });

  it('shows a rule Ada adds to Bea, with its size', async () => {
    const page = ada.page;
    await page.getByRole('button', { name: 'Add a rule condition' }).click();
    await item(page, 'A condition with no field chosen yet').waitFor();
    await page.getByLabel('Choose a field').selectOption({ label: 'Job title' });
    await page.getByLabel('Test', { exact: true }).selectOption({ label: 'contains' });
    await page.getByLabel('Value', { exact: true }).fill('Engineer');
    await page.getByLabel('Value', { exact: true }).press('Enter');
    await item(page, 'Job title contains Engineer').waitFor();

    const seen = item(bea.page, 'Job title contains Engineer');
    await seen.waitFor({ timeout: 15_000 });
    await expect
      .poll(() => seen.innerText(), { timeout: 20_000 })
      .toMatch(/\d[\d,]*\s+(person|people)/);
  });

  it('shows Bea’s change of another rule’s value to Ada', async () => {
    const page = bea.page;
    await item(page, 'Industry is Retail').click();
    await page.getByLabel('Value', { exact: true }).fill('Software');
    await page.getByLabel('Value', { exact: true }).press('Enter');
    await item(page, 'Industry is Software').waitFor();
    await item(ada.page, 'Industry is Software').waitFor({ timeout: 15_000 });
  });

  it('undoes only Ada’s own changes: her rule goes, Bea’s value stays', async () => {
    const page = ada.page;
    // The undo button says what it will undo: Ada's last change, not Bea's later one.
    await page.getByRole('button', { name: 'Undo: changed the value' }).waitFor();
    await item(page, 'Job title contains Engineer').click();
    await page.keyboard.press('Control+z');
    await item(page, 'Job title contains …').waitFor();
    await page.getByRole('button', { name: 'Undo: changed the operator' }).click();
    await item(page, 'Job title …').waitFor();
    await page.getByRole('button', { name: 'Undo: changed the field' }).click();
    await item(page, 'A condition with no field chosen yet').waitFor();
    await page.getByRole('button', { name: /^Undo: added a rule/ }).click();

    for (const who of [ada.page, bea.page]) {
      await gone(who, 'A condition with no field chosen yet');
      await item(who, 'Industry is Software').waitFor();
    }
    await expect(
      page.getByRole('button', { name: 'Undo', exact: true }).isDisabled(),
    ).resolves.toBe(true);
  });

  it('keeps the history across a reload, with who did what', async () => {
    const page = ada.page;
    await open(page);
    await item(page, 'Industry is Software').waitFor();
    await page.getByRole('tab', { name: 'History' }).click();
    const timeline = page.getByRole('list', { name: 'History of changes' });
    await timeline.waitFor();
    const text = await timeline.innerText();
    expect(text).toMatch(/Olivia Owner\s+added a rule condition/);
    expect(text).toMatch(/Eden Editor\s+changed the value/);
    expect(text.match(/Undo/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
  });

  it('edits by keyboard in the outline, and the teammate sees it', async () => {
    const page = ada.page;
    await page.getByRole('tab', { name: 'Edit', exact: true }).click();
    const software = item(page, 'Industry is Software');
    await software.focus();
    await page.keyboard.press('n');
    await expect.poll(() => item(bea.page, 'Industry is Software').innerText()).toMatch(/^not\b/i);
    // G wraps the rule in a new group: it moves one level deeper.
    await page.keyboard.press('g');
    await expect
      .poll(() => item(page, 'Industry is Software').getAttribute('aria-level'))
      .toBe('3');
    await page.keyboard.press('Control+z');
    await expect
      .poll(() => item(page, 'Industry is Software').getAttribute('aria-level'))
      .toBe('2');
    await page.keyboard.press('Control+z');
    await expect
      .poll(() => item(bea.page, 'Industry is Software').innerText())
      .not.toMatch(/^not\b/i);
    // Focus stays in the tree, on the same item.
    await expect(page.evaluate(() => document.activeElement?.getAttribute('role'))).resolves.toBe(
      'treeitem',
    );
  });

  it('has no serious or critical accessibility violations in either view', async () => {
    const page = ada.page;
    expect(await seriousA11yViolations(page), 'outline').toEqual([]);
    await page.getByRole('button', { name: 'Canvas', exact: true }).click();
    await page.locator('.react-flow__node').first().waitFor();
    expect(await seriousA11yViolations(page), 'canvas').toEqual([]);
  });

  it('adds a condition dropped from the palette onto a group on the canvas', async () => {
    const page = ada.page;
    // The canvas is on screen (the previous step switched to it); the first node is the root group.
    await page
      .getByRole('button', { name: 'Add a list condition' })
      .dragTo(page.locator('.react-flow__node').first());
    await item(bea.page, 'In a list (none chosen yet)').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Outline', exact: true }).click();
    await item(page, 'In a list (none chosen yet)').waitFor();
  });

  it('logged no console errors for either person', () => {
    expect(ada.problems).toEqual([]);
    expect(bea.problems).toEqual([]);
  });
});
