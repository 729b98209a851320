import { readRecords, type Dialect, type SourceWidth } from '../csv/records';
import {
  normalizeContactRow,
  type ContactRecord,
  type RowRules,
  type RowReason,
} from './contact-row';
import type { TargetField } from './column-mapping';
import { countRow, emptyTally, recordQuality, type QualityTally } from './quality';

/**
 * One chunk of an upload through validation and normalisation: the rows to write (each with the
 * key that identifies its person in the organisation) and the rows set aside (with everything
 * DuckDB's `reject_errors` keeps). Pure; the queue consumer reads the chunk and writes the result.
 * De-duplication is left to the writer, which sees every chunk's rows and compares their lines, so
 * the outcome does not depend on the order chunks are processed in.
 */

export interface ChunkInput {
  rules: RowRules;
  dialect: Dialect;
  width: SourceWidth;
  /** The chunk's byte offset in the file and its first physical line (from the chunk plan). */
  byteOffset: number;
  firstLine: number;
  /** Identifies a person when a row has neither email nor phone; null: never merged. */
  matchOn: TargetField | null;
  /** Keys rows nothing identifies, so a retried chunk writes the same keys. */
  uploadId: string;
}

export interface IngestRow {
  line: number;
  /** Kind byte + identity (see `dedupeKeyBytes`). */
  key: Uint8Array;
  record: ContactRecord;
  quality: number;
}

export interface RejectRow {
  line: number;
  byteOffset: number;
  /** The first problem's column (null for whole-row problems); every reason is in `reasons`. */
  column: string | null;
  reason: RowReason;
  reasons: RowReason[];
  raw: string;
}

export interface RejectExample {
  line: number;
  column: string | null;
  reason: RowReason;
  raw: string;
}

export interface ChunkResult {
  rows: IngestRow[];
  rejects: RejectRow[];
  tally: QualityTally;
  /** Up to `EXAMPLES_PER_REASON` rejected rows per reason, lowest lines first. */
  examples: RejectExample[];
}

export const EXAMPLES_PER_REASON = 3;
const EXAMPLE_CHARS = 200;

export const KEY_KIND = { email: 1, phone: 2, match: 3, row: 4 } as const;

const encoder = new TextEncoder();

function base64Bytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(1 + binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i + 1] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The person a record is, as bytes: the UID2 email hash, else the phone hash, else a hash of the
 * chosen match column's value (case-insensitive), else the upload and line (never merged).
 */
export function dedupeKeyBytes(
  record: ContactRecord,
  line: number,
  input: Pick<ChunkInput, 'matchOn' | 'uploadId' | 'rules'>,
): Uint8Array {
  let key: Uint8Array;
  if (record.emailHash) {
    key = base64Bytes(record.emailHash);
    key[0] = KEY_KIND.email;
    return key;
  }
  if (record.phoneHash) {
    key = base64Bytes(record.phoneHash);
    key[0] = KEY_KIND.phone;
    return key;
  }
  const value = input.matchOn ? matchValue(record, input.matchOn) : null;
  if (value) {
    const digest = input.rules.sha256(encoder.encode(`${input.matchOn}\u0000${value}`));
    key = new Uint8Array(1 + digest.length);
    key.set(digest, 1);
    key[0] = KEY_KIND.match;
    return key;
  }
  const row = encoder.encode(`${input.uploadId}:${line}`);
  key = new Uint8Array(1 + row.length);
  key.set(row, 1);
  key[0] = KEY_KIND.row;
  return key;
}

function matchValue(record: ContactRecord, field: TargetField): string | null {
  const direct: Partial<Record<TargetField, string | null>> = {
    email: record.email,
    phone: record.phone,
    company_domain: record.companyDomain,
    country: record.country,
  };
  const value = field in direct ? direct[field] : record.fields[field];
  return value ? value.toLowerCase() : null;
}

export function processChunk(text: string, input: ChunkInput): ChunkResult {
  const { rules } = input;
  const rows: IngestRow[] = [];
  const rejects: RejectRow[] = [];
  const tally = emptyTally();
  const examples: RejectExample[] = [];
  const perReason = new Map<RowReason, number>();

  for (const source of readRecords(text, {
    dialect: input.dialect,
    width: input.width,
    byteOffset: input.byteOffset,
    firstLine: input.firstLine,
  })) {
    const result = source.problem
      ? { ok: false as const, problems: [{ column: null, reason: source.problem }] }
      : normalizeContactRow(source.cells, rules);
    if (result.ok) {
      countRow(tally, rules.headers, source.cells, null);
      rows.push({
        line: source.line,
        key: dedupeKeyBytes(result.record, source.line, input),
        record: result.record,
        quality: recordQuality(result.record),
      });
      continue;
    }
    countRow(tally, rules.headers, source.cells, result.problems);
    const first = result.problems[0]!;
    rejects.push({
      line: source.line,
      byteOffset: source.byteOffset,
      column: first.column,
      reason: first.reason,
      reasons: result.problems.map((p) => p.reason),
      raw: source.raw,
    });
    for (const problem of result.problems) {
      const seen = perReason.get(problem.reason) ?? 0;
      if (seen >= EXAMPLES_PER_REASON) continue;
      perReason.set(problem.reason, seen + 1);
      examples.push({
        line: source.line,
        column: problem.column,
        reason: problem.reason,
        raw: source.raw.slice(0, EXAMPLE_CHARS),
      });
    }
  }
  return { rows, rejects, tally, examples };
}

/** Keeps the lowest-line `EXAMPLES_PER_REASON` examples of each reason across chunks. */
export function mergeExamples(lists: ReadonlyArray<readonly RejectExample[]>): RejectExample[] {
  const byReason = new Map<string, RejectExample[]>();
  for (const example of lists.flat()) {
    const list = byReason.get(example.reason) ?? [];
    list.push(example);
    byReason.set(example.reason, list);
  }
  return [...byReason.values()].flatMap((list) =>
    list.sort((a, b) => a.line - b.line).slice(0, EXAMPLES_PER_REASON),
  );
}
