import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';
import { seriousA11yViolations, signIn, signOut, watchProblems } from './support';

const appUrl = inject('appUrl');
const url = (path: string) => new URL(path, appUrl).href;
const pathOf = (page: Page) => new URL(page.url()).pathname;

// Fresh people and a fresh organisation per run, so the journey never depends on earlier runs.
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const founder = {
  name: 'Ada Founder',
  email: `ada.${run}@example.test`,
  password: 'correct horse battery staple',
};
const invitee = {
  name: 'Ben Editor',
  email: `ben.${run}@example.test`,
  password: 'a long enough passphrase',
};
const orgName = `Acme ${run}`;

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;
let page: Page;
let problems: string[];
let invitationLink: string;

beforeAll(async () => {
  browser = await launchBrowser();
  context = browser.context;
  page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  problems = watchProblems(page);
});
afterAll(async () => browser?.close());

/** The journey runs in order, one person after another in the same browser, like a real hand-off. */
describe('accounts: from sign-up to a second member, in the browser', () => {
  it('sends a signed-out visitor to sign in, and from there to sign up', async () => {
    await page.goto(url('/settings/members'), { waitUntil: 'networkidle' });
    expect(pathOf(page)).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('redirectTo')).toBe('/settings/members');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-up');
    await page.getByText('Use at least 12 characters').waitFor();
    expect(problems).toEqual([]);
  });

  it('signs up a new person, who lands on onboarding', async () => {
    await page.goto(url('/sign-up'), { waitUntil: 'networkidle' });
    await page.getByLabel('Your name').fill(founder.name);
    await page.getByLabel('Work email').fill(founder.email);
    await page.getByLabel('Password', { exact: true }).fill(founder.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL((u) => u.pathname === '/onboarding');
    await page.getByRole('heading', { level: 1, name: 'Create your organisation' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('creates an organisation and works inside it', async () => {
    await page.getByLabel('Organisation name').fill(orgName);
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await expect(page.getByRole('button', { name: new RegExp(orgName) }).isVisible()).resolves.toBe(
      true,
    );
    expect(problems).toEqual([]);
  });

  it('invites a second person as editor', async () => {
    await page.goto(url('/settings/members'), { waitUntil: 'networkidle' });
    await page.getByLabel('Email', { exact: true }).fill(invitee.email);
    await page.getByLabel('Role', { exact: true }).selectOption('editor');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Invitation sent to ${invitee.email}` })
      .waitFor();
    const pending = page.getByRole('region', { name: 'Pending invitations' });
    await expect(
      pending.getByRole('row').filter({ hasText: invitee.email }).textContent(),
    ).resolves.toMatch(/Editor/);
    expect(problems).toEqual([]);
  });

  it('delivers the invitation link to the dev mailbox', async () => {
    await page.goto(url('/dev/mail'), { waitUntil: 'networkidle' });
    const message = page.getByRole('row').filter({ hasText: invitee.email }).first();
    await expect(message.textContent()).resolves.toMatch(/Invitation/);
    const href = await message.getByRole('link').getAttribute('href');
    expect(href).toMatch(/\/accept-invitation\/[^/]+$/);
    invitationLink = href!;
    expect(problems).toEqual([]);
  });

  it('lets the invitee sign up from the link and accept, joining as editor', async () => {
    await signOut(page);
    await page.goto(new URL(invitationLink, appUrl).href, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1, name: `Join ${orgName} as editor` }).waitFor();
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-up');
    await page.getByLabel('Your name').fill(invitee.name);
    await page.getByLabel('Work email').fill(invitee.email);
    await page.getByLabel('Password', { exact: true }).fill(invitee.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL((u) => u.pathname === new URL(invitationLink, appUrl).pathname);
    await page.getByText(`You are signed in as ${invitee.email}`).waitFor();
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('button', { name: new RegExp(orgName) }).waitFor();
    expect(problems).toEqual([]);
  });

  it("lists both people on the organisation's members page", async () => {
    await page.goto(url('/settings/members'), { waitUntil: 'networkidle' });
    const members = page.getByRole('region', { name: 'Members' });
    await expect(
      members.getByRole('row').filter({ hasText: founder.email }).textContent(),
    ).resolves.toMatch(/Owner/);
    await expect(
      members.getByRole('row').filter({ hasText: invitee.email }).textContent(),
    ).resolves.toMatch(/Editor/);
    // An editor may look but not manage: no invite form, no role changes, no removal.
    await expect(page.getByRole('button', { name: 'Send invitation' }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: /^Remove/ }).count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });

  it('shows a wrong password as an error on the password field, and moves focus there', async () => {
    await signOut(page);
    await page.goto(url('/sign-in'), { waitUntil: 'networkidle' });
    await page.getByLabel('Email').fill(founder.email);
    const password = page.getByLabel('Password', { exact: true });
    await password.fill('not the right password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Email or password is incorrect').waitFor();

    await expect(password.getAttribute('aria-invalid')).resolves.toBe('true');
    const describedBy = (await password.getAttribute('aria-describedby')) ?? '';
    const descriptions = await Promise.all(
      describedBy
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => page.locator(`[id="${id}"]`).textContent()),
    );
    expect(descriptions.join(' ')).toContain('Email or password is incorrect');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('password');
    expect(pathOf(page)).toBe('/sign-in');
    // The refused sign-in answers 401, which Chromium logs as a failed resource; nothing else.
    expect(problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
    problems.length = 0;
  });

  it('shows the founder the journey in the activity log', async () => {
    await signIn(page, appUrl, founder);
    await page.goto(url('/activity'), { waitUntil: 'networkidle' });
    const log = page.getByRole('region', { name: 'Activity log' });
    for (const action of ['organization.created', 'invitation.created', 'member.joined']) {
      await expect(
        log.getByRole('row').filter({ hasText: action }).count(),
        `an audit entry for ${action}`,
      ).resolves.toBeGreaterThan(0);
    }
    await expect(
      log.getByRole('row').filter({ hasText: 'member.joined' }).first().textContent(),
    ).resolves.toContain(invitee.name);
    const csv = page.getByRole('link', { name: 'Export CSV' });
    expect(await csv.getAttribute('href')).toBe('/api/audit/export?format=csv');
    expect(problems).toEqual([]);
  });

  it('creates an API token, shows its secret once, and revokes it after a confirmation', async () => {
    await page.goto(url('/settings/tokens'), { waitUntil: 'networkidle' });
    await page.getByLabel('Name', { exact: true }).fill('Nightly CRM sync');
    await page.getByLabel('Role', { exact: true }).selectOption('editor');
    await page.getByLabel('Expires after (days)').fill('30');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText("you won't see it again").waitFor();
    const secret = await page.getByLabel('Secret of Nightly CRM sync').inputValue();
    expect(secret).toMatch(/^p360_/);
    const tokens = page.getByRole('region', { name: 'API tokens' });
    const row = tokens.getByRole('row').filter({ hasText: 'Nightly CRM sync' });
    await expect(row.textContent()).resolves.toMatch(/Active/);
    expect(await row.textContent()).not.toContain(secret);

    await page.reload({ waitUntil: 'networkidle' });
    await expect(page.getByText(secret).count()).resolves.toBe(0);

    await row.getByRole('link', { name: 'Revoke Nightly CRM sync' }).click();
    await page.getByRole('button', { name: 'Revoke token' }).click();
    await row.filter({ hasText: /Revoked/ }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(problems).toEqual([]);
  });

  it('switches between organisations from the top bar', async () => {
    const second = `${orgName} Labs`;
    await page.getByRole('button', { name: new RegExp(orgName) }).click();
    await page.getByRole('menuitem', { name: 'Create organisation' }).click();
    await page.waitForURL((u) => u.pathname === '/onboarding');
    await page.getByLabel('Organisation name').fill(second);
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('button', { name: new RegExp(second) }).waitFor();

    await page.goto(url('/settings/members'), { waitUntil: 'networkidle' });
    await expect(
      page.getByRole('region', { name: 'Members' }).textContent(),
    ).resolves.not.toContain(invitee.email);
    await page.getByRole('button', { name: new RegExp(second) }).click();
    await page
      .getByRole('menuitemradio')
      .filter({ hasText: orgName })
      .filter({ hasNotText: 'Labs' })
      .click();
    // Every loader revalidates: the same page now shows the first organisation's members.
    await page
      .getByRole('region', { name: 'Members' })
      .getByRole('row')
      .filter({ hasText: invitee.email })
      .waitFor();
    await page.reload({ waitUntil: 'networkidle' });
    await expect(
      page.getByRole('button', { name: new RegExp(`Organisation:\\s*${orgName}\\s*$`) }).count(),
    ).resolves.toBe(1);
    expect(problems).toEqual([]);
  });

  it('has no serious accessibility violations on the accounts pages', async () => {
    for (const path of [
      '/settings/members',
      '/settings/tokens',
      '/activity',
      '/dev/mail',
      '/settings',
    ]) {
      await page.goto(url(path), { waitUntil: 'networkidle' });
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await signOut(page);
    for (const path of [
      '/sign-in',
      '/sign-up',
      '/forgot-password',
      '/reset-password',
      invitationLink,
    ]) {
      await page.goto(new URL(path, appUrl).href, { waitUntil: 'networkidle' });
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    expect(problems).toEqual([]);
  });

  it('resets a forgotten password with the emailed link', async () => {
    await page.goto(url('/forgot-password'), { waitUntil: 'networkidle' });
    await page.getByLabel('Email').fill(invitee.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('If an account exists, we sent a link.').waitFor();
    await page.getByRole('link', { name: 'dev mailbox' }).click();
    await page.waitForURL((u) => u.pathname === '/dev/mail');
    const message = page
      .getByRole('row')
      .filter({ hasText: invitee.email })
      .filter({ hasText: 'Password reset' });
    const link = await message.first().getByRole('link').getAttribute('href');

    await page.goto(new URL(link!, appUrl).href, { waitUntil: 'networkidle' });
    expect(pathOf(page)).toBe('/reset-password');
    await page.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
    await page.getByLabel('Confirm new password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await page.getByText('Your password was changed').waitFor();
    await signIn(page, appUrl, { email: invitee.email, password: 'a brand new passphrase' });
    await page.getByRole('button', { name: new RegExp(orgName) }).waitFor();
    expect(problems).toEqual([]);
  });
});
