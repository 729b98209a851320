import { describe, expect, it } from 'vitest';
import { countRow, emptyTally, mergeTallies, qualityReport, type QualityTally } from './quality';

const HEADERS = ['Email', 'Phone'];

function tallyOf(
  rows: Array<{
    cells: string[];
    problems?: Array<{ column: string | null; reason: 'email_invalid' | 'no_identifier' }>;
  }>,
): QualityTally {
  const tally = emptyTally();
  for (const row of rows) countRow(tally, HEADERS, row.cells, row.problems ?? null);
  return tally;
}

describe('upload quality', () => {
  const first = tallyOf([
    { cells: ['a@x.io', ''] },
    { cells: ['bad', '+14155552671'], problems: [{ column: 'Email', reason: 'email_invalid' }] },
  ]);
  const second = tallyOf([
    { cells: ['b@x.io', '+14155552672'] },
    { cells: ['', 'N/A'], problems: [{ column: null, reason: 'no_identifier' }] },
  ]);

  it('counts rows, reasons and per-column filled and invalid cells', () => {
    expect(first).toEqual({
      rows: 2,
      accepted: 1,
      rejected: 1,
      duplicates: 0,
      reasons: { email_invalid: 1 },
      columns: { Email: { filled: 2, invalid: 1 }, Phone: { filled: 1, invalid: 0 } },
    });
  });

  it('merges chunk tallies in any order to the same totals', () => {
    const merged = mergeTallies(first, second);
    expect(merged).toEqual(mergeTallies(second, first));
    expect(merged).toMatchObject({
      rows: 4,
      accepted: 2,
      rejected: 2,
      reasons: { email_invalid: 1, no_identifier: 1 },
      columns: { Email: { filled: 3, invalid: 1 }, Phone: { filled: 2, invalid: 0 } },
    });
    // Merging does not change its inputs.
    expect(first.rows).toBe(2);
  });

  it('scores by the documented formula', () => {
    const tally = { ...mergeTallies(first, second), duplicates: 1 };
    const report = qualityReport(tally, HEADERS);
    expect(report.validity).toBe(0.5);
    expect(report.completeness).toBe((3 / 4 + 2 / 4) / 2);
    expect(report.uniqueness).toBe(0.5);
    expect(report.score).toBe(Math.round(100 * (0.5 * 0.5 + 0.3 * 0.625 + 0.2 * 0.5)));
    expect(report.columns).toContainEqual({ name: 'Email', completeness: 0.75, validity: 2 / 3 });
  });

  it('gives a perfect score to a clean file and does not divide by zero on an empty one', () => {
    expect(qualityReport(tallyOf([{ cells: ['a@x.io', '+14155552671'] }]), HEADERS).score).toBe(
      100,
    );
    expect(qualityReport(emptyTally(), HEADERS).score).toBe(100);
  });
});
