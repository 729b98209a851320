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

/**
 * First run on a fresh clone: create .dev.vars from the example, with a freshly generated session
 * secret, so secrets never have to live in code and `npm start` needs no manual step.
 */
export function ensureDevVars(path = DEV_VARS_PATH): { created: boolean } {
  if (existsSync(path)) return { created: false };
  const example = readFileSync(EXAMPLE_PATH, 'utf8');
  const secret = randomBytes(32).toString('base64');
  writeFileSync(path, example.replace(/^SESSION_SECRET=.*$/m, `SESSION_SECRET=${secret}`), {
    mode: 0o600,
  });
  return { created: true };
}
