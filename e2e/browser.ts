import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const SYSTEM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * A fresh, isolated Chromium. A system Chromium is preferred when present (CHROMIUM_PATH or
 * /usr/bin/chromium); otherwise the headless build that @sparticuz/chromium ships inside its npm
 * package, so a fresh machine needs no apt step and no browser download.
 */
export async function launchBrowser(): Promise<{
  context: BrowserContext;
  close: () => Promise<void>;
}> {
  const profile = mkdtempSync(join(tmpdir(), 'p360-chromium-'));
  const system =
    process.env.CHROMIUM_PATH ??
    (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  let executablePath: string;
  let args: string[];
  if (system) {
    executablePath = system;
    args = SYSTEM_ARGS;
  } else {
    const { default: sparticuz } = await import('@sparticuz/chromium');
    executablePath = await sparticuz.executablePath();
    args = [
      ...sparticuz.args,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ];
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args,
    headless: true,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
