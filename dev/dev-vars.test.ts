import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDevVars, readDevVars } from './dev-vars';

const scratch = () => join(mkdtempSync(join(tmpdir(), 'p360-devvars-')), '.dev.vars');

describe('ensureDevVars', () => {
  it('creates .dev.vars from the example with a fresh random session secret', () => {
    const first = scratch();
    const second = scratch();
    expect(ensureDevVars(first)).toEqual({ created: true, added: [] });
    ensureDevVars(second);
    const a = readDevVars(first);
    const b = readDevVars(second);
    expect(a.TURSO_DATABASE_URL).toBe('http://127.0.0.1:8788');
    expect(a.SESSION_SECRET).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(a.SESSION_SECRET).not.toBe(b.SESSION_SECRET);
    expect(a.SECRETS_KEY).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(a.SECRETS_KEY).not.toBe(b.SECRETS_KEY);
    expect(a.PII_KEY).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(a.PII_KEY).not.toBe(b.PII_KEY);
    expect(a.PII_KEY).not.toBe(a.SECRETS_KEY);
    expect(a.PII_KEY_ID).toBe('p1');
  });

  it('never changes a value already set', () => {
    const path = scratch();
    const mine =
      'TURSO_DATABASE_URL=libsql://mine.turso.io\nSESSION_SECRET=s\nSECRETS_KEY=k\nPII_KEY=p\n';
    writeFileSync(path, mine);
    expect(ensureDevVars(path)).toEqual({ created: false, added: [] });
    expect(readFileSync(path, 'utf8')).toBe(mine);
  });

  it('adds a secret an older .dev.vars lacks, keeping everything else', () => {
    const path = scratch();
    writeFileSync(path, 'TURSO_DATABASE_URL=libsql://mine.turso.io\nSESSION_SECRET=s\n');
    expect(ensureDevVars(path)).toEqual({ created: false, added: ['SECRETS_KEY', 'PII_KEY'] });
    const vars = readDevVars(path);
    expect(vars.TURSO_DATABASE_URL).toBe('libsql://mine.turso.io');
    expect(vars.SESSION_SECRET).toBe('s');
    expect(vars.SECRETS_KEY).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(vars.PII_KEY).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('adds the PII key to a .dev.vars that already has the other secrets', () => {
    const path = scratch();
    const mine = 'SESSION_SECRET=s\nSECRETS_KEY=k\nSECRETS_KEY_ID=k1\n';
    writeFileSync(path, mine);
    expect(ensureDevVars(path)).toEqual({ created: false, added: ['PII_KEY'] });
    const vars = readDevVars(path);
    expect(vars.SECRETS_KEY).toBe('k');
    expect(vars.PII_KEY).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('reads nothing, rather than failing, when the file is absent', () => {
    expect(readDevVars(join(tmpdir(), 'does-not-exist', '.dev.vars'))).toEqual({});
  });
});
