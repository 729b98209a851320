import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../../core/csv/records';
import { decodeSample, sniff } from '../../core/csv/sniff';
import { suggestMapping } from '../../core/ingest/column-mapping';
import { classifyRecord } from '../../core/ingest/contact-row';
import { tortureCorpus, type TortureFile } from './torture';

const sha256 = (input: Uint8Array) => new Uint8Array(createHash('sha256').update(input).digest());

/** The core pipeline over a whole file: sniff → map → records → rows → de-dup (keep first). */
function importFile(bytes: Uint8Array): TortureFile['expected'] {
  const sniffed = sniff(bytes, { truncated: false });
  const counts: TortureFile['expected'] = { accepted: 0, rejected: {}, duplicates: 0 };
  if (sniffed.headers.length === 0) return counts;
  const text = decodeSample(bytes, sniffed.encoding);
  const width =
    sniffed.encoding === 'windows-1252'
      ? 'single-byte'
      : sniffed.encoding === 'utf-8'
        ? 'utf-8'
        : 'utf-16';
  const rules = {
    headers: sniffed.headers,
    mapping: suggestMapping(sniffed.headers).map((s) => s.field),
    defaultCountry: 'US' as const,
    required: [],
    keepUnmapped: false,
    sha256,
  };
  const seen = new Set<string>();
  const reject = (reason: string) => {
    const key = reason as keyof typeof counts.rejected;
    counts.rejected[key] = (counts.rejected[key] ?? 0) + 1;
  };
  for (const record of readRecords(text, {
    dialect: sniffed,
    width,
    byteOffset: 0,
    firstLine: 1,
  })) {
    if (record.line <= sniffed.headerLine) continue;
    const result = classifyRecord(record, rules, seen);
    if (result.outcome === 'rejected') reject(result.problems[0]!.reason);
    else if (result.outcome === 'duplicate') counts.duplicates++;
    else counts.accepted++;
  }
  return counts;
}

describe('the torture corpus', () => {
  it.each(tortureCorpus().map((file) => [file.name, file] as const))(
    '%s: imports exactly the expected rows',
    (_name, file) => {
      expect(importFile(file.bytes)).toEqual(file.expected);
    },
  );
});
