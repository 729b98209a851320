import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';
import { seriousA11yViolations, signIn, waitForDone, watchProblems } from './support';

const appUrl = inject('appUrl');
const url = (path: string) => new URL(path, appUrl).href;

const EDITOR = { email: 'editor@demo.p360.local', password: 'demo-editor-password' };
const VIEWER = { email: 'viewer@demo.p360.local', password: 'demo-viewer-password' };
const ADMIN = { email: 'admin@demo.p360.local', password: 'demo-admin-password' };

// Fresh addresses and file names per run, so counts never depend on an earlier run.
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const domain = `${run}.example.com`;

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;
let dir: string;

beforeAll(async () => {
  browser = await launchBrowser();
  context = browser.context;
  dir = mkdtempSync(join(tmpdir(), 'p360-uploads-e2e-'));
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Cookies = Awaited<ReturnType<BrowserContext['cookies']>>;
const sessions = new Map<string, Cookies>();

/** A page signed in as this person: through the sign-in page once, then with the same cookies. */
async function openAs(person: { email: string; password: string }, width = 1280) {
  await context.clearCookies();
  const saved = sessions.get(person.email);
  if (saved) await context.addCookies(saved);
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const problems = watchProblems(page);
  if (!saved) {
    await signIn(page, appUrl, person);
    sessions.set(person.email, await context.cookies());
  }
  return { page, problems };
}

/**
 * A contact list with known faults, line by line (line 1 is the header):
 * 20 valid people, 2 invalid emails, 2 rows repeating people above, 1 row with too few columns.
 */
function faultyContacts() {
  const lines = ['Email,First Name,Last Name,Company,Job Title'];
  for (let i = 0; i < 20; i++)
    lines.push(`person${i}@${domain},First${i},Last${i},Company ${i},Engineer`);
  lines.push('not-an-email,Bad,One,Acme,Engineer'); // line 22
  lines.push('also@bad,Bad,Two,Acme,Engineer'); // line 23
  lines.push(`person3@${domain},Again,Three,Acme,Engineer`); // line 24: duplicate
  lines.push(`PERSON7@${domain},Again,Seven,Acme,Engineer`); // line 25: duplicate (case)
  lines.push(`short@${domain},Only,Three`); // line 26: 3 of 5 columns
  const text = `${lines.join('\n')}\n`;
  // Byte offset of each line's start (ASCII: one byte per character).
  const offsets = lines.map((_, i) => lines.slice(0, i).reduce((n, l) => n + l.length + 1, 0));
  return {
    text,
    lines,
    offsets,
    expected: { rows: 25, accepted: 22, rejected: 3, duplicates: 2, created: 20, matched: 0 },
    rejects: [
      { line: 22, column: 'Email', reason: 'email_invalid' },
      { line: 23, column: 'Email', reason: 'email_invalid' },
      { line: 26, column: '', reason: 'column_count' },
    ],
  };
}

/** The number shown under a headline label on the results page. */
async function stat(page: Page, label: string): Promise<string> {
  const term = page.locator('dt', { hasText: new RegExp(`^${label}$`) });
  return (await term.locator('xpath=following-sibling::dd[1]').textContent())?.trim() ?? '';
}

let importedId = '';
const faultyName = `contacts-${run}.csv`;

describe('uploads: a list from the drop zone to its results, in the browser', () => {
  it('imports a CSV with bad rows: preview, auto-mapping, progress, exact counts and rejects', async () => {
    const file = faultyContacts();
    const path = join(dir, faultyName);
    writeFileSync(path, file.text);
    const { page, problems } = await openAs(EDITOR);
    await page.goto(url('/uploads'), { waitUntil: 'networkidle' });
    await page.getByText(/up to 5 GB each/).waitFor();

    await page.getByLabel('Choose CSV files').setInputFiles(path);
    const card = page.getByRole('group', { name: faultyName });
    // The preview and the suggested mapping arrive as soon as the first part is read.
    const preview = card.getByRole('region', { name: `First rows of ${faultyName}` });
    await preview.getByRole('cell', { name: `person0@${domain}` }).waitFor();
    const emailColumn = card.getByLabel('Import column Email as');
    await expect(emailColumn.inputValue()).resolves.toBe('email');
    const mappingRow = card
      .getByRole('region', { name: `Column mapping for ${faultyName}` })
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'Company', exact: true }) });
    await expect(mappingRow.textContent()).resolves.toMatch(/(Exact|Saved|High)/);
    await expect(card.getByLabel('Import column Company as').inputValue()).resolves.toBe(
      'company_name',
    );
    await card.getByText('We need at least one of email, phone or company domain').waitFor();

    await card.getByRole('button', { name: 'Import' }).click();
    const status = await waitForDone(card, 60_000);
    await expect(status.textContent()).resolves.toBe(
      'Done: 22 of 25 rows accepted, 3 rejected, 2 duplicates.',
    );

    await card.getByRole('link', { name: `See results of ${faultyName}` }).click();
    await page.waitForURL((u) => /^\/uploads\/[^/]+$/.test(u.pathname));
    importedId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: faultyName }).waitFor();
    expect({
      rows: await stat(page, 'Rows read'),
      accepted: await stat(page, 'Accepted'),
      rejected: await stat(page, 'Rejected'),
      duplicates: await stat(page, 'Duplicates in file'),
      created: await stat(page, 'New contacts'),
      matched: await stat(page, 'Already known'),
    }).toEqual(Object.fromEntries(Object.entries(file.expected).map(([k, v]) => [k, String(v)])));
    const columns = page.getByRole('region', { name: 'Quality per column' });
    await expect(columns.getByRole('row').count()).resolves.toBe(1 + 5);
    await page.getByRole('heading', { name: /Email address is not valid — 2 rows/ }).waitFor();
    await page.getByRole('heading', { name: /Wrong number of columns — 1 row/ }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download rejected rows (CSV)' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const rows = Papa.parse<Record<string, string>>(csv.trim(), { header: true }).data;
    expect(rows.map((r) => ({ line: Number(r.line), column: r.column, reason: r.reason }))).toEqual(
      file.rejects,
    );
    for (const row of rows) {
      const line = Number(row.line);
      expect(row.raw_line).toBe(file.lines[line - 1]);
      expect(Number(row.byte_offset)).toBe(file.offsets[line - 1]);
    }
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('resumes an interrupted upload: the file is recognised and only missing parts are sent', async () => {
    const { page, problems } = await openAs(EDITOR);
    const limits = (await (await page.request.get(url('/api/uploads/limits'))).json()) as {
      partSize: number;
    };
    // A little over two parts, so part 3 is the one that does not get through.
    const target = Math.floor(limits.partSize * 2.4);
    const lines = ['Work Email,Full Name,Notes'];
    const padding = 'x'.repeat(180);
    let size = lines[0]!.length + 1;
    while (size < target) {
      const line = `r${lines.length}@resume.${domain},Person ${lines.length},${padding}`;
      lines.push(line);
      size += line.length + 1;
    }
    const name = `resume-${run}.csv`;
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const rowCount = lines.length - 1;

    // First visit: the network to part 3 fails; parts 1 and 2 arrive; the tab is closed.
    const partTwo = page.waitForResponse((r) => /\/parts\/2$/.test(r.url()) && r.ok(), {
      timeout: 60_000,
    });
    await page.route(/\/api\/uploads\/[^/]+\/parts\/3$/, (route) => route.abort('failed'));
    await page.goto(url('/uploads'), { waitUntil: 'networkidle' });
    await page.getByLabel('Choose CSV files').setInputFiles(path);
    await partTwo;
    await page.close();

    // Second visit: the same file again.
    const again = await context.newPage();
    const againProblems = watchProblems(again);
    const sent: number[] = [];
    again.on('request', (request) => {
      const match = /\/api\/uploads\/[^/]+\/parts\/(\d+)$/.exec(request.url());
      if (match && request.method() === 'PUT') sent.push(Number(match[1]));
    });
    await again.goto(url('/uploads'), { waitUntil: 'networkidle' });
    await again.getByLabel('Choose CSV files').setInputFiles(path);
    const card = again.getByRole('group', { name });
    await card
      .getByText('We recognised this file: 2 of 3 parts had already arrived')
      .waitFor({ timeout: 30_000 });
    await card.getByLabel('Import column Work Email as').waitFor();
    await expect(card.getByLabel('Import column Work Email as').inputValue()).resolves.toBe(
      'email',
    );
    await card.getByRole('button', { name: 'Import' }).click();
    const status = await waitForDone(card, 150_000);
    expect(sent).toEqual([3]);
    // Every byte arrived once and in order: every row is read, valid and new.
    await expect(status.textContent()).resolves.toBe(
      `Done: ${rowCount.toLocaleString('en-US')} of ${rowCount.toLocaleString('en-US')} rows accepted, 0 rejected, 0 duplicates.`,
    );
    // Part 3's aborted request is the one expected console error of the first visit.
    expect(problems.filter((p) => !/Failed to load resource|ERR_FAILED/.test(p))).toEqual([]);
    expect(againProblems).toEqual([]);
    await again.close();
  }, 240_000);

  it('a viewer sees the history and results but no upload controls', async () => {
    const { page, problems } = await openAs(VIEWER);
    await page.goto(url('/uploads'), { waitUntil: 'networkidle' });
    const history = page.getByRole('region', { name: 'Upload history' });
    await history.getByRole('link', { name: faultyName }).waitFor();
    await expect(page.getByLabel('Choose CSV files').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Re-process' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /^Delete/ }).count()).resolves.toBe(0);
    await page.getByText('Your role can see uploads but not add them').waitFor();

    await history.getByRole('link', { name: faultyName }).click();
    await page.getByRole('heading', { level: 1, name: faultyName }).waitFor();
    await page.getByRole('link', { name: 'Download rejected rows (CSV)' }).waitFor();
    await expect(page.getByRole('link', { name: 'Re-process' }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'Delete' }).count()).resolves.toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no serious or critical accessibility violations on the uploads pages (${theme})`, async () => {
      const { page, problems } = await openAs(EDITOR);
      await context.addCookies([{ name: 'theme', value: theme, url: appUrl }]);
      // The mapping step of a fresh file, the history, and a results page.
      const path = join(dir, `a11y-${theme}-${run}.csv`);
      writeFileSync(path, `Email,Name\na11y@${domain},Ada\n`);
      await page.goto(url('/uploads'), { waitUntil: 'networkidle' });
      await page.getByLabel('Choose CSV files').setInputFiles(path);
      await page.getByRole('button', { name: 'Import' }).waitFor();
      expect(await seriousA11yViolations(page), `/uploads (${theme})`).toEqual([]);
      for (const path of [`/uploads/${importedId}`, `/uploads/${importedId}?step=map`]) {
        await page.goto(url(path), { waitUntil: 'networkidle' });
        expect(await seriousA11yViolations(page), `${path} (${theme})`).toEqual([]);
      }
      expect(problems).toEqual([]);
      await context.clearCookies({ name: 'theme' });
      await page.close();
    });
  }

  it('fits a 768 px tablet without sideways scrolling', async () => {
    const { page, problems } = await openAs(EDITOR, 768);
    for (const path of ['/uploads', `/uploads/${importedId}`]) {
      await page.goto(url(path), { waitUntil: 'networkidle' });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it('lets an admin delete an upload together with the records it brought', async () => {
    const { page, problems } = await openAs(ADMIN);
    await page.goto(url(`/uploads/${importedId}`), { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'Delete' }).click();
    const confirm = page.getByRole('group', { name: `Delete ${faultyName}?` });
    await confirm.waitFor();
    await expect(page.evaluate(() => document.activeElement?.getAttribute('role'))).resolves.toBe(
      'group',
    );
    await confirm.getByLabel(/Also remove the records from this upload/).check();
    await confirm.getByRole('button', { name: 'Delete upload' }).click();
    await page.waitForURL((u) => u.pathname === '/uploads');
    await page.getByText('The upload and the contacts only it brought in were deleted.').waitFor();
    await expect(
      page
        .getByRole('region', { name: 'Upload history' })
        .getByRole('link', { name: faultyName })
        .count(),
    ).resolves.toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
