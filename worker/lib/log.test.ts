import { describe, expect, it } from 'vitest';
import { createLogger, errorFields } from './log';

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, sink: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON object per event, with inherited fields', () => {
    const { lines, sink } = capture();
    createLogger({ requestId: 'r-1' }, { sink })
      .child({ orgId: 'o-1' })
      .info('request', { status: 200 });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'request',
        requestId: 'r-1',
        orgId: 'o-1',
        status: 200,
      }),
    ]);
  });

  it('masks fields that would carry PII or secrets', () => {
    const { lines, sink } = capture();
    createLogger({}, { sink }).warn('oops', {
      email: 'a@b.com',
      phone: '+15550100',
      token: 't',
      count: 3,
    });
    expect(lines[0]).toMatchObject({
      email: '[redacted]',
      phone: '[redacted]',
      token: '[redacted]',
      count: 3,
    });
    expect(JSON.stringify(lines)).not.toContain('a@b.com');
  });

  it('drops events below the configured level', () => {
    const { lines, sink } = capture();
    const log = createLogger({}, { sink, level: 'warn' });
    log.info('quiet');
    log.error('loud');
    expect(lines.map((l) => l.msg)).toEqual(['loud']);
  });
});

describe('errorFields', () => {
  it('keeps the query and the driver’s reason but never the parameters', () => {
    const cause = new Error('SQLITE_BUSY: database is locked');
    const error = new Error(
      'Failed query: select * from contacts where email = ?\nparams: jane@example.com',
      {
        cause,
      },
    );
    const fields = errorFields(error);
    expect(fields.errorMessage).toBe(
      'Failed query: select * from contacts where email = ?\nparams: [redacted]',
    );
    expect(fields.errorCause).toBe('Error: SQLITE_BUSY: database is locked');
    expect(JSON.stringify(fields)).not.toContain('jane@');
  });

  it('follows a chain of wrapped errors, redacting the parameters at every level', () => {
    const driver = new Error('HRANA_ERROR: stream expired');
    const query = new Error(
      'Failed query: select * from sessions where token = ?\nparams: s3cr3t-token',
      {
        cause: driver,
      },
    );
    const fields = errorFields(new Error('Failed to get session', { cause: query }));
    expect(fields.errorCause).toBe(
      'Error: Failed query: select * from sessions where token = ?\nparams: [redacted] ← Error: HRANA_ERROR: stream expired',
    );
    expect(JSON.stringify(fields)).not.toContain('s3cr3t');
  });
});
