// The wire protocol, spoken raw with fetch: batons, stored SQL, describe, autocommit, batch
// conditions, value encoding and error responses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeReq, postPipeline, startTestServer, type TestServer } from './test-support';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
  await postPipeline(t.url, {
    requests: [
      { type: 'sequence', sql: 'CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL)' },
      { type: 'close' },
    ],
  });
});

afterAll(() => t.stop());

/** Opens a stream with `requests` and returns the parsed response. */
const open = (requests: unknown[], version: 2 | 3 = 2) =>
  postPipeline(t.url, { requests }, { version });

describe('endpoints', () => {
  it('answers the version checks and health, but not protobuf', async () => {
    for (const path of ['/v2', '/v3', '/health']) {
      expect((await fetch(`${t.url}${path}`)).status, path).toBe(200);
    }
    expect(await (await fetch(`${t.url}/version`)).text()).toMatch(/SQLite 3\.\d+/);
    expect((await fetch(`${t.url}/v3-protobuf`)).status).toBe(404);
    expect((await fetch(`${t.url}/nope`)).status).toBe(404);
    expect((await fetch(`${t.url}/v2/pipeline`)).status).toBe(405);
  });

  it('rejects malformed bodies with 400 and an error message', async () => {
    const notJson = await postPipeline(t.url, '{nope');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatch(/JSON/);
    const badShape = await postPipeline(t.url, { requests: [{ type: 'teleport' }] });
    expect(badShape.status).toBe(400);
    const badInt = await open([
      executeReq('SELECT ?', { args: [{ type: 'integer', value: '9223372036854775808' }] }),
    ]);
    expect(badInt.status).toBe(400);
  });
});

describe('batons', () => {
  it('issues a fresh baton per request and refuses a used one', async () => {
    const first = await open([executeReq('SELECT 1')]);
    expect(first.status).toBe(200);
    expect(first.body.baton).toEqual(expect.any(String));
    const second = await postPipeline(t.url, { baton: first.body.baton, requests: [] });
    expect(second.status).toBe(200);
    expect(second.body.baton).not.toBe(first.body.baton);
    const reused = await postPipeline(t.url, { baton: first.body.baton, requests: [] });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toMatch(/already been used/);
  });

  it('rejects unknown batons and returns a null baton once the stream is closed', async () => {
    const forged = await postPipeline(t.url, { baton: 'AAAA', requests: [] });
    expect(forged.status).toBe(400);
    expect(forged.body.error).toBe('Received an invalid baton');
    const closed = await open([executeReq('SELECT 1'), { type: 'close' }]);
    expect(closed.body.baton).toBeNull();
    const afterClose = await open([{ type: 'close' }, executeReq('SELECT 1')]);
    expect(afterClose.status).toBe(400);
  });

  it('expires idle streams, rolling back their transaction, with STREAM_EXPIRED', async () => {
    const opened = await open([
      executeReq('BEGIN'),
      executeReq("INSERT INTO kv VALUES ('expired', 1)"),
    ]);
    t.clock.advance(10_001);
    const late = await postPipeline(t.url, { baton: opened.body.baton, requests: [] });
    expect(late.status).toBe(400);
    expect(late.body).toMatchObject({ code: 'STREAM_EXPIRED', message: expect.any(String) });
    const check = await open([executeReq("SELECT count(*) FROM kv WHERE k = 'expired'")]);
    const result = check.body.results[0];
    expect(
      result?.type === 'ok' && result.response.type === 'execute' && result.response.result.rows,
    ).toEqual([[{ type: 'integer', value: '0' }]]);
  });
});

describe('requests', () => {
  it('executes stored SQL by sql_id and forgets it after close_sql', async () => {
    const first = await open([
      { type: 'store_sql', sql_id: 7, sql: 'SELECT ? + 1 AS n' },
      executeReq('', { sql: undefined, sql_id: 7, args: [{ type: 'integer', value: '41' }] }),
      { type: 'close_sql', sql_id: 7 },
    ]);
    expect(first.body.results.map((r) => r.type)).toEqual(['ok', 'ok', 'ok']);
    expect(first.body.results[1]).toMatchObject({
      response: {
        result: {
          cols: [{ name: 'n', decltype: null }],
          rows: [[{ type: 'integer', value: '42' }]],
        },
      },
    });
    const after = await postPipeline(t.url, {
      baton: first.body.baton,
      requests: [{ type: 'execute', stmt: { sql_id: 7 } }],
    });
    expect(after.status).toBe(400);
    expect(after.body.error).toBe('SQL text 7 not found');
    // A protocol error drops the stream, as sqld does.
    expect(t.logs).toContainEqual(
      expect.objectContaining({ event: 'stream_closed', reason: 'protocol_error' }),
    );
  });

  it('limits stored SQL texts like sqld (50 per stream, 5000 bytes each)', async () => {
    const stores = Array.from({ length: 51 }, (_, i) => ({
      type: 'store_sql',
      sql_id: i,
      sql: 'SELECT 1',
    }));
    const res = await open(stores);
    expect(res.body.results[49]?.type).toBe('ok');
    expect(res.body.results[50]).toMatchObject({ error: { code: 'SQL_STORE_TOO_MANY' } });
    const big = await open([{ type: 'store_sql', sql_id: 1, sql: `SELECT '${'x'.repeat(5000)}'` }]);
    expect(big.body.results[0]).toMatchObject({ error: { code: 'SQL_STORE_TOO_LARGE' } });
    const dup = await open([
      { type: 'store_sql', sql_id: 1, sql: 'SELECT 1' },
      { type: 'store_sql', sql_id: 1, sql: 'SELECT 2' },
    ]);
    expect(dup.status).toBe(400);
  });

  it('omits rows when want_rows is false but still describes the columns', async () => {
    const res = await open([executeReq('SELECT 1 AS one', { want_rows: false })]);
    expect(res.body.results[0]).toMatchObject({
      response: { result: { cols: [{ name: 'one' }], rows: [] } },
    });
  });

  it('encodes every value type and accepts named arguments with or without prefix', async () => {
    const res = await open([
      executeReq('SELECT :i AS i, @f AS f, $t AS t, :b AS b, :n AS n', {
        named_args: [
          { name: ':i', value: { type: 'integer', value: '-9223372036854775808' } },
          { name: 'f', value: { type: 'float', value: 2 } },
          { name: '$t', value: { type: 'text', value: 'ünï' } },
          { name: 'b', value: { type: 'blob', base64: 'AAH/' } },
          { name: 'n', value: { type: 'null' } },
        ],
      }),
    ]);
    expect(res.body.results[0]).toMatchObject({
      type: 'ok',
      response: {
        result: {
          rows: [
            [
              { type: 'integer', value: '-9223372036854775808' },
              { type: 'float', value: 2 },
              { type: 'text', value: 'ünï' },
              { type: 'blob', base64: 'AAH/' },
              { type: 'null' },
            ],
          ],
        },
      },
    });
  });

  it('reports affected rows, last insert rowid and, on v3 only, the stats fields', async () => {
    const v2 = await open([executeReq("INSERT INTO kv VALUES ('a', 1), ('b', 2)")]);
    expect(v2.body.results[0]).toMatchObject({
      response: { result: { affected_row_count: 2, last_insert_rowid: expect.any(String) } },
    });
    expect(JSON.stringify(v2.body)).not.toContain('rows_read');
    const v3 = await open([executeReq('SELECT * FROM kv')], 3);
    expect(v3.body.results[0]).toMatchObject({
      response: {
        result: { rows_read: 2, rows_written: 0, query_duration_ms: expect.any(Number) },
      },
    });
  });

  it('describes a statement', async () => {
    const res = await open([
      { type: 'describe', sql: 'SELECT k AS key, v + 1 FROM kv WHERE k = :k AND v > ?' },
      { type: 'describe', sql: 'INSERT INTO kv VALUES (?1, ?2)' },
      { type: 'describe', sql: 'EXPLAIN SELECT 1' },
    ]);
    const results = res.body.results.map((r) =>
      r.type === 'ok' && r.response.type === 'describe' ? r.response.result : r,
    );
    expect(results[0]).toEqual({
      params: [{ name: ':k' }, { name: null }],
      cols: [
        { name: 'key', decltype: 'TEXT' },
        { name: 'v + 1', decltype: null },
      ],
      is_explain: false,
      is_readonly: true,
    });
    expect(results[1]).toMatchObject({
      params: [{ name: '?1' }, { name: '?2' }],
      cols: [],
      is_readonly: false,
    });
    expect(results[2]).toMatchObject({ is_explain: true, is_readonly: true });
  });

  it('reports the autocommit state on v3 and refuses the request on v2', async () => {
    const res = await open(
      [
        { type: 'get_autocommit' },
        executeReq('BEGIN'),
        { type: 'get_autocommit' },
        executeReq('ROLLBACK'),
      ],
      3,
    );
    expect(res.body.results.map((r) => r.type === 'ok' && r.response)).toEqual([
      { type: 'get_autocommit', is_autocommit: true },
      expect.anything(),
      { type: 'get_autocommit', is_autocommit: false },
      expect.anything(),
    ]);
    expect((await open([{ type: 'get_autocommit' }])).status).toBe(400);
  });

  it('returns statement errors in the results and keeps the stream', async () => {
    const res = await open([
      executeReq(''),
      executeReq('SELECT 1; SELECT 2'),
      executeReq('SELECT ?, :a', {
        args: [{ type: 'null' }],
        named_args: [{ name: 'a', value: { type: 'null' } }],
      }),
      executeReq("INSERT INTO kv VALUES ('z', NULL)"),
      executeReq('SELECT 1'),
    ]);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r) => (r.type === 'error' ? r.error.code : 'ok'))).toEqual([
      'SQL_NO_STATEMENT',
      'SQL_MANY_STATEMENTS',
      'ARGS_BOTH_POSITIONAL_AND_NAMED',
      'SQLITE_CONSTRAINT',
      'ok',
    ]);
    expect(res.body.baton).toEqual(expect.any(String));
  });

  it('runs a sequence, but nothing of it when a statement has a syntax error', async () => {
    const res = await open([
      { type: 'sequence', sql: "INSERT INTO kv VALUES ('s1', 1); INSERT INTO kv VALUES ('s2', 2)" },
      { type: 'sequence', sql: "INSERT INTO kv VALUES ('s3', 3); INSERT INTO" },
      executeReq("SELECT k FROM kv WHERE k LIKE 's%' ORDER BY k"),
    ]);
    expect(res.body.results[0]).toEqual({ type: 'ok', response: { type: 'sequence' } });
    expect(res.body.results[1]).toMatchObject({
      type: 'error',
      error: { code: 'SQL_PARSE_ERROR' },
    });
    expect(res.body.results[2]).toMatchObject({
      response: {
        result: {
          rows: [[{ type: 'text', value: 's1' }], [{ type: 'text', value: 's2' }]],
        },
      },
    });
  });
});

describe('batch conditions', () => {
  const step = (sql: string, condition?: unknown) => ({ stmt: { sql }, condition });

  it('evaluates ok, error, not, and, or and is_autocommit', async () => {
    const res = await open(
      [
        {
          type: 'batch',
          batch: {
            steps: [
              step('SELECT 0'), // 0 ok
              step('SELECT nope'), // 1 error
              step('SELECT 2', { type: 'ok', step: 0 }), // runs
              step('SELECT 3', { type: 'ok', step: 1 }), // skipped
              step('SELECT 4', { type: 'error', step: 1 }), // runs
              step('SELECT 5', { type: 'not', cond: { type: 'ok', step: 0 } }), // skipped
              step('SELECT 6', {
                type: 'and',
                conds: [
                  { type: 'ok', step: 0 },
                  { type: 'error', step: 1 },
                ],
              }), // runs
              step('SELECT 7', {
                type: 'or',
                conds: [
                  { type: 'ok', step: 1 },
                  { type: 'ok', step: 3 },
                ],
              }), // skipped
              step('SELECT 8', { type: 'is_autocommit' }), // runs
              step('BEGIN'), // 9
              step('SELECT 10', { type: 'is_autocommit' }), // skipped: inside a transaction
              step('ROLLBACK'),
            ],
          },
        },
      ],
      3,
    );
    const result = res.body.results[0];
    if (result?.type !== 'ok' || result.response.type !== 'batch') throw new Error('no batch');
    const outcome = result.response.result.step_results.map((r, i) =>
      r
        ? 'ok'
        : result.response.type === 'batch' && result.response.result.step_errors[i]
          ? 'err'
          : '-',
    );
    expect(outcome).toEqual(['ok', 'err', 'ok', '-', 'ok', '-', 'ok', '-', 'ok', 'ok', '-', 'ok']);
    expect(result.response.result.step_errors[1]).toMatchObject({ code: 'SQL_INPUT_ERROR' });
  });

  it('rejects conditions on later steps, and is_autocommit on v2', async () => {
    const forward = await open([
      { type: 'batch', batch: { steps: [step('SELECT 1', { type: 'ok', step: 0 })] } },
    ]);
    expect(forward.status).toBe(400);
    const v2 = await open([
      { type: 'batch', batch: { steps: [step('SELECT 1', { type: 'is_autocommit' })] } },
    ]);
    expect(v2.status).toBe(400);
  });
});

describe('cursor (Hrana 3)', () => {
  it('streams a batch as newline-delimited entries', async () => {
    const res = await fetch(`${t.url}/v3/cursor`, {
      method: 'POST',
      body: JSON.stringify({
        baton: null,
        batch: { steps: [{ stmt: { sql: 'SELECT 1 AS one' } }, { stmt: { sql: 'SELECT nope' } }] },
      }),
    });
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([
      { baton: expect.any(String), base_url: null },
      { type: 'step_begin', step: 0, cols: [{ name: 'one', decltype: null }] },
      { type: 'row', row: [{ type: 'integer', value: '1' }] },
      { type: 'step_end', affected_row_count: 0, last_insert_rowid: null },
      { type: 'step_error', step: 1, error: expect.objectContaining({ code: 'SQL_INPUT_ERROR' }) },
    ]);
  });
});
