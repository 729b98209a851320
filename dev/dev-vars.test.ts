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
  });

  it('never changes a value already set', () => {
    const path = scratch();
    const mine = 'TURSO_DATABASE_URL=libsql://mine.turso.io\nSESSION_SECRET=s\nSECRETS_KEY=k\n';
    writeFileSync(path, mine);
    expect(ensureDevVars(path)).toEqual({ created: false, added: [] });
    expect(readFileSync(path, 'utf8')).toBe(mine);
  });

  it('adds a secret an older .dev.vars lacks, keeping everything else', () => {
    const path = scratch();
    writeFileSync(path, 'TURSO_DATABASE_URL=libsql://mine.turso.io\nSESSION_SECRET=s\n');
    expect(ensureDevVars(path)).toEqual({ created: false, added: ['SECRETS_KEY'] });
    const vars = readDevVars(path);
    expect(vars.TURSO_DATABASE_URL).toBe('libsql://mine.turso.io');
    expect(vars.SESSION_SECRET).toBe('s');
    expect(vars.SECRETS_KEY).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('reads nothing, rather than failing, when the file is absent', () => {
    expect(readDevVars(join(tmpdir(), 'does-not-exist', '.dev.vars'))).toEqual({});
  });
});
