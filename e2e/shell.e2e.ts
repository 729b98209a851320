import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HealthReportSchema } from '../core/contracts/health';
import { launchBrowser } from './browser';
import { DEMO_OWNER, signIn } from './support';

const appUrl = inject('appUrl');
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

const AREAS = [
  { label: 'Uploads', path: '/uploads' },
  { label: 'Audiences', path: '/audiences' },
  { label: 'Integrations', path: '/integrations' },
  { label: 'Activity', path: '/activity' },
  { label: 'Settings', path: '/settings' },
] as const;

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  context = browser.context;
  // Every app page needs a signed-in member; the demo owner works in the seeded organisation.
  const page = await context.newPage();
  await signIn(page, appUrl, DEMO_OWNER);
  await page.close();
});
afterAll(async () => browser?.close());

/** A page that records every console error and uncaught exception it sees. */
async function openPage(path: string, viewport = { width: 1280, height: 800 }) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  const response = await page.goto(new URL(path, appUrl).href, { waitUntil: 'networkidle' });
  return { page, problems, response };
}

/** The part of axe-core's result this suite reads. */
type AxeResults = {
  violations: { id: string; impact?: string | null; nodes: { target: unknown }[] }[];
};

async function seriousA11yViolations(page: Page) {
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run(context: Document): Promise<AxeResults> } }).axe.run(
      document,
    ),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

describe('the app shell', () => {
  it('renders the home page with the demo organisation, without console errors', async () => {
    const { page, problems, response } = await openPage('/');
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toMatch(/P360 Audiences/);
    await expect(page.locator('h1').count()).resolves.toBe(1);
    await expect(page.getByText('Northwind Demo').first().isVisible()).resolves.toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('navigates to every area from the sidebar, marking the current one', async () => {
    const { page, problems } = await openPage('/');
    const nav = page.getByRole('navigation', { name: /primary/i });
    for (const area of AREAS) {
      await nav.getByRole('link', { name: area.label, exact: true }).click();
      await page.waitForURL(new URL(area.path, appUrl).href);
      await page.getByRole('heading', { level: 1, name: new RegExp(area.label) }).waitFor();
      await expect(
        nav.getByRole('link', { name: area.label, exact: true }).getAttribute('aria-current'),
      ).resolves.toBe('page');
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a friendly 404 page with a way home', async () => {
    const { page, response } = await openPage('/no/such/page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(
      /not found/i,
    );
    await expect(
      page
        .getByRole('link', { name: /home|overview/i })
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await page.close();
  });

  it('switches to the dark theme from the top bar and keeps it across a reload', async () => {
    const { page, problems } = await openPage('/');
    const isDark = async () =>
      ((await page.locator('html').getAttribute('class')) ?? '').split(/\s+/).includes('dark');
    await context.clearCookies({ name: 'theme' });
    await page.reload({ waitUntil: 'networkidle' });
    await page.getByRole('button', { name: /^Theme:/ }).click();
    await page.getByRole('menuitemradio', { name: 'Dark' }).click();
    await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
    await page.reload({ waitUntil: 'networkidle' });
    expect(await isDark()).toBe(true);
    await page.getByRole('button', { name: /^Theme:/ }).click();
    await page.getByRole('menuitemradio', { name: 'Light' }).click();
    await page.waitForFunction(() => !document.documentElement.classList.contains('dark'));
    expect(problems).toEqual([]);
    await context.clearCookies({ name: 'theme' });
    await page.close();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no serious or critical accessibility violations in the ${theme} theme`, async () => {
      await context.addCookies([{ name: 'theme', value: theme, url: appUrl }]);
      for (const path of ['/', ...AREAS.map((a) => a.path), '/no/such/page']) {
        const { page } = await openPage(path);
        const htmlClass = (await page.locator('html').getAttribute('class')) ?? '';
        expect(htmlClass.split(/\s+/).includes('dark')).toBe(theme === 'dark');
        expect(await seriousA11yViolations(page), `${path} (${theme})`).toEqual([]);
        await page.close();
      }
      await context.clearCookies({ name: 'theme' });
    });
  }

  it('stays usable on a 768 px tablet: navigation reachable, no horizontal scroll', async () => {
    const { page, problems } = await openPage('/', { width: 768, height: 1024 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const menuButton = page.getByRole('button', { name: /menu|navigation/i }).first();
    if (await menuButton.isVisible()) await menuButton.click();
    await page
      .getByRole('navigation', { name: /primary/i })
      .getByRole('link', { name: 'Audiences', exact: true })
      .click();
    await page.waitForURL(new URL('/audiences', appUrl).href);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the running stack', () => {
  it('reports every dependency green at /api/health', async () => {
    const response = await fetch(new URL('/api/health', appUrl));
    const report = HealthReportSchema.parse(await response.json());
    expect(response.status).toBe(200);
    expect(report.status).toBe('ok');
  });
});
