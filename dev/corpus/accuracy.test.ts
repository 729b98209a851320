import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../../core/csv/records';
import { classifyRecord } from '../../core/ingest/contact-row';
import {
  ACCURACY_HEADERS,
  CORRUPTION_KINDS,
  accuracyCorpus,
  accuracyCorpusCsv,
  accuracyRules,
  formatAccuracyReport,
  scoreAccuracy,
  type Verdict,
} from './accuracy';

const sha256 = (input: Uint8Array) => new Uint8Array(createHash('sha256').update(input).digest());

const rules = accuracyRules(sha256);

/** The validator's answer for one row, on its own (a fresh de-duplication set: duplicates are valid). */
const judge = (cells: readonly string[]): Verdict => {
  const result = classifyRecord({ cells: [...cells], problem: null }, rules, new Set());
  return result.outcome === 'rejected'
    ? { rejected: true, problems: result.problems }
    : { rejected: false, problems: [] };
};

const corpus = accuracyCorpus();

describe('the accuracy corpus', () => {
  it('is the same for the same seed and different for another', () => {
    expect(accuracyCorpus({ rows: 300 })).toEqual(accuracyCorpus({ rows: 300 }));
    expect(accuracyCorpus({ rows: 300, seed: 7 })).not.toEqual(accuracyCorpus({ rows: 300 }));
  });

  it('holds thousands of rows, and every corruption on enough rows to be measured', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(5000);
    const invalid = corpus.filter((row) => row.label === 'invalid');
    expect(invalid.length / corpus.length).toBeGreaterThan(0.3);
    for (const kind of CORRUPTION_KINDS) {
      expect(invalid.filter((row) => row.kind === kind).length, kind).toBeGreaterThanOrEqual(40);
    }
  });

  it('writes as a CSV that reads back cell for cell, with each label on its line', () => {
    const rows = accuracyCorpus({ rows: 500 });
    const { csv, labels } = accuracyCorpusCsv(rows);
    const records = [
      ...readRecords(csv, {
        dialect: { delimiter: ',', quote: '"' },
        width: 'utf-8',
        byteOffset: 0,
        firstLine: 1,
      }),
    ];
    expect(records[0]!.cells).toEqual([...ACCURACY_HEADERS]);
    expect(records.slice(1).map((r) => r.cells)).toEqual(rows.map((r) => r.cells));
    expect(records.every((r) => r.problem === null)).toBe(true);
    const labelLines = labels.trimEnd().split('\n').slice(1);
    expect(labelLines.map((l) => Number(l.split(',')[0]))).toEqual(
      records.slice(1).map((r) => r.line),
    );
    expect(labelLines.map((l) => l.split(',')[1])).toEqual(rows.map((r) => r.label));
  });
});

describe('the validator against the accuracy corpus', () => {
  const score = scoreAccuracy(corpus, judge);
  const report = formatAccuracyReport(score);

  it('finds invalid rows with precision of at least 99%', () => {
    expect(score.precision, report).toBeGreaterThanOrEqual(0.99);
  });

  it('finds invalid rows with recall of at least 99%', () => {
    expect(score.recall, report).toBeGreaterThanOrEqual(0.99);
  });
});
