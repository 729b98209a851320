import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';

/** The seeded demo owner (dev/seed.ts): public credentials for the local seed only. */
export const DEMO_OWNER = { email: 'owner@demo.p360.local', password: 'demo-owner-password' };

/** Records every console error or warning and uncaught exception the page produces. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

/** Signs in through the sign-in page, as a person would, and waits to leave it. */
export async function signIn(
  page: Page,
  appUrl: string,
  { email, password }: { email: string; password: string },
) {
  await page.goto(new URL('/sign-in', appUrl).href, { waitUntil: 'networkidle' });
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}

/** Signs out from the account menu in the top bar. */
export async function signOut(page: Page) {
  await page.getByRole('button', { name: /^Account menu for/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/sign-in');
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** The part of axe-core's result read here. */
type AxeResults = {
  violations: { id: string; impact?: string | null; nodes: { target: unknown }[] }[];
};

/**
 * axe-core's serious and critical findings on the page as it is now; `within` limits the scan to
 * the elements matching a selector (a modal dialog: Radix marks the page behind it aria-hidden
 * while focus is trapped inside, which axe would report on every link of that page).
 */
export async function seriousA11yViolations(page: Page, within?: string): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(
    (selector) =>
      (
        window as unknown as {
          axe: { run(context: Document | { include: string[][] }): Promise<AxeResults> };
        }
      ).axe.run(selector ? { include: [[selector]] } : document),
    within ?? null,
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/** Waits for an upload card's "Done: …" sentence; on a timeout, says where the card was instead. */
export async function waitForDone(card: Locator, timeout: number) {
  const done = card.getByRole('status').filter({ hasText: /^Done:/ });
  try {
    await done.waitFor({ timeout });
  } catch (error) {
    throw new Error(`No "Done:" after ${timeout} ms; the card says: ${await card.innerText()}`, {
      cause: error,
    });
  }
  return done;
}
