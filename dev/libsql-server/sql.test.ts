import { describe, expect, it } from 'vitest';
import { splitStatements } from './sql';

const texts = (sql: string): string[] => splitStatements(sql).map((s) => s.sql);

describe('splitStatements', () => {
  it('splits on semicolons but not inside strings, quoted identifiers or comments', () => {
    expect(
      texts(`insert into "a;b" values ('x;y'); -- c;d
        select [e;f], \`g;h\` /* i;j */ from t;select 3`),
    ).toEqual([
      `insert into "a;b" values ('x;y');`,
      'select [e;f], `g;h` /* i;j */ from t;',
      'select 3',
    ]);
  });

  it('keeps a CREATE TRIGGER body in one statement', () => {
    const sql = `CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN
        INSERT INTO log VALUES (1); UPDATE n SET v = v + 1;
      END; SELECT 1;`;
    expect(texts(sql)).toHaveLength(2);
    expect(texts(sql)[0]).toMatch(/^CREATE TEMP TRIGGER[\s\S]*END;$/);
  });

  it('drops empty statements and comment-only input', () => {
    expect(texts(';; -- nothing\n /* here */ ;')).toEqual([]);
    expect(texts('select 1;;')).toEqual(['select 1;']);
  });
});

describe('parameters', () => {
  const params = (sql: string): (string | null)[] => splitStatements(sql)[0]?.params ?? [];

  it('numbers them the way SQLite does', () => {
    expect(params('select ?, ?, ?')).toEqual([null, null, null]);
    expect(params('select ?3, ?')).toEqual([null, null, '?3', null]);
    expect(params('select :a, @b, $c, :a, ?')).toEqual([':a', '@b', '$c', null]);
    expect(params('select \':x\', "?", ? -- :y')).toEqual([null]);
    expect(params('select a$b, $t::u(v) from t')).toEqual(['$t::u(v)']);
  });
});

describe('classification', () => {
  const info = (sql: string) => splitStatements(sql)[0];

  it('tells reads, writes and transaction control apart', () => {
    expect(info('SELECT 1')?.kind).toBe('read');
    expect(info('explain insert into t values (1)')).toMatchObject({
      kind: 'read',
      isExplain: true,
    });
    expect(info('WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x')).toMatchObject({
      kind: 'write',
      isInsert: true,
      isIud: true,
    });
    expect(info('with x as (select 1) select * from x')?.kind).toBe('read');
    expect(info('UPDATE t SET a = 1')).toMatchObject({
      kind: 'write',
      isIud: true,
      isInsert: false,
    });
    expect(info('create table t (a)')).toMatchObject({ kind: 'write', isIud: false });
    expect(info('BEGIN IMMEDIATE')?.kind).toBe('begin');
    expect(info('BEGIN TRANSACTION READONLY')?.kind).toBe('begin-readonly');
    expect(info('ROLLBACK')?.kind).toBe('txn-end');
    expect(info('PRAGMA table_info(t)')?.kind).toBe('read');
    expect(info('PRAGMA foreign_keys = off')?.kind).toBe('read');
    expect(info('PRAGMA user_version = 3')?.kind).toBe('write');
  });
});
