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
    expect(ensureDevVars(first)).toEqual({ created: true });
    ensureDevVars(second);
    const a = readDevVars(first);
    const b = readDevVars(second);
    expect(a.TURSO_DATABASE_URL).toBe('http://127.0.0.1:8788');
    expect(a.SESSION_SECRET).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(a.SESSION_SECRET).not.toBe(b.SESSION_SECRET);
  });

  it('never overwrites an existing file', () => {
    const path = scratch();
    writeFileSync(path, 'TURSO_DATABASE_URL=libsql://mine.turso.io\n');
    expect(ensureDevVars(path)).toEqual({ created: false });
    expect(readFileSync(path, 'utf8')).toBe('TURSO_DATABASE_URL=libsql://mine.turso.io\n');
  });

  it('reads nothing, rather than failing, when the file is absent', () => {
    expect(readDevVars(join(tmpdir(), 'does-not-exist', '.dev.vars'))).toEqual({});
  });
});
