import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'dotenv';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEV_VARS_PATH = `${ROOT}.dev.vars`;
const EXAMPLE_PATH = `${ROOT}.dev.vars.example`;

export function readDevVars(path = DEV_VARS_PATH): Record<string, string> {
  return existsSync(path) ? parse(readFileSync(path, 'utf8')) : {};
}

/** Secrets `npm start` generates when .dev.vars lacks them (or still has the placeholder). */
const GENERATED_SECRETS = ['SESSION_SECRET', 'SECRETS_KEY', 'PII_KEY'] as const;

/**
 * First run on a fresh clone: create .dev.vars from the example, with freshly generated secrets
 * (the session secret, the keys that seal integration credentials and contacts' emails and
 * phone numbers), so secrets never have to live
 * in code and `npm start` needs no manual step. A .dev.vars from an older checkout gains the
 * secrets added since.
 */
export function ensureDevVars(path = DEV_VARS_PATH): { created: boolean; added: string[] } {
  const created = !existsSync(path);
  let text = created ? readFileSync(EXAMPLE_PATH, 'utf8') : readFileSync(path, 'utf8');
  const current = parse(text);
  const added: string[] = [];
  for (const key of GENERATED_SECRETS) {
    const value = current[key];
    if (value && !value.startsWith('replace-me')) continue;
    const secret = randomBytes(32).toString('base64');
    const line = new RegExp(`^${key}=.*$`, 'm');
    text = line.test(text)
      ? text.replace(line, `${key}=${secret}`)
      : `${text.trimEnd()}\n${key}=${secret}\n`;
    added.push(key);
  }
  if (created || added.length) writeFileSync(path, text, { mode: 0o600 });
  return { created, added: created ? [] : added };
}
