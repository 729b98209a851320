import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
const lint = async (filePath: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter(
    (m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals',
  );
};

describe('the core/ purity lint rule', () => {
  it('rejects runtime, framework and database imports in core/', async () => {
    for (const source of [
      'hono',
      'cloudflare:workers',
      '@libsql/client',
      '@remix-run/react',
      'partyserver',
      'drizzle-orm',
    ]) {
      expect(await lint('core/contracts/example.ts', `import '${source}';\n`)).toHaveLength(1);
    }
  });

  it('rejects imports that climb out of core/ into the code that uses it', async () => {
    expect(
      await lint('core/contracts/example.ts', "import '../../worker/db/client';\n"),
    ).toHaveLength(1);
  });

  it('rejects I/O globals in core/', async () => {
    expect(
      await lint('core/contracts/example.ts', "export const f = () => fetch('/');\n"),
    ).toHaveLength(1);
  });

  it('allows zod and other core/ files', async () => {
    expect(
      await lint(
        'core/contracts/example.ts',
        "import { z } from 'zod';\nimport { jobForCron } from '../jobs/schedule';\nexport const a = [z, jobForCron];\n",
      ),
    ).toEqual([]);
  });

  it('allows the pure data libraries of ADR 0006, and nothing else from them', async () => {
    expect(
      await lint(
        'core/ingest/example.ts',
        "import { parsePhoneNumberFromString } from 'libphonenumber-js/max';\nimport { getDomain } from 'tldts';\nimport providers from 'email-providers/all.json';\nimport codes from 'i18n-iso-countries/codes.json';\nimport names from 'i18n-iso-countries/langs/en.json';\nexport const a = [parsePhoneNumberFromString, getDomain, providers, codes, names];\n",
      ),
    ).toEqual([]);
    expect(await lint('core/ingest/example.ts', "import 'email-providers';\n")).toHaveLength(1);
    expect(await lint('core/ingest/example.ts', "import 'i18n-iso-countries';\n")).toHaveLength(1);
  });

  it('does not apply outside core/', async () => {
    expect(
      await lint('worker/example.ts', "import { Hono } from 'hono';\nexport const a = Hono;\n"),
    ).toEqual([]);
  });
});

describe('the API handlers lint rule', () => {
  it('keeps worker/api/ from querying the database directly', async () => {
    expect(
      await lint(
        'worker/api/example.ts',
        "import { eq } from 'drizzle-orm';\nexport const a = eq;\n",
      ),
    ).toHaveLength(1);
    expect(
      await lint(
        'worker/api/example.ts',
        "import { users } from '../db/schema';\nexport const a = users;\n",
      ),
    ).toHaveLength(1);
  });

  it('lets services query', async () => {
    expect(
      await lint(
        'worker/services/example.ts',
        "import { eq } from 'drizzle-orm';\nexport const a = eq;\n",
      ),
    ).toEqual([]);
  });
});
