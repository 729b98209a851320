import type { ContactRecord, RowProblem, RowReason } from './contact-row';
import { isMissing } from './normalize';

/**
 * Data-quality counts for an upload, accumulated chunk by chunk. Every field is a plain count, so
 * two chunks' tallies merge by addition (`mergeTallies`) in any order, and a redelivered chunk is
 * handled by the caller storing one tally per chunk rather than adding twice.
 */
export interface QualityTally {
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  reasons: Partial<Record<RowReason, number>>;
  /** Per source column: cells with a value, and those of them that were invalid. */
  columns: Record<string, { filled: number; invalid: number }>;
}

export function emptyTally(): QualityTally {
  return { rows: 0, accepted: 0, rejected: 0, duplicates: 0, reasons: {}, columns: {} };
}

/** Counts one row: its cells, and its problems when it was set aside. */
export function countRow(
  tally: QualityTally,
  headers: readonly string[],
  cells: readonly string[],
  problems: readonly RowProblem[] | null,
): void {
  tally.rows++;
  if (problems) tally.rejected++;
  else tally.accepted++;
  for (let i = 0; i < headers.length; i++) {
    const column = (tally.columns[headers[i]!] ??= { filled: 0, invalid: 0 });
    if (!isMissing(cells[i])) column.filled++;
  }
  for (const problem of problems ?? []) {
    tally.reasons[problem.reason] = (tally.reasons[problem.reason] ?? 0) + 1;
    if (problem.column !== null && tally.columns[problem.column])
      tally.columns[problem.column]!.invalid++;
  }
}

export function mergeTallies(a: QualityTally, b: QualityTally): QualityTally {
  const merged: QualityTally = {
    rows: a.rows + b.rows,
    accepted: a.accepted + b.accepted,
    rejected: a.rejected + b.rejected,
    duplicates: a.duplicates + b.duplicates,
    reasons: { ...a.reasons },
    columns: structuredClone(a.columns),
  };
  for (const [reason, n] of Object.entries(b.reasons) as Array<[RowReason, number]>) {
    merged.reasons[reason] = (merged.reasons[reason] ?? 0) + n;
  }
  for (const [name, column] of Object.entries(b.columns)) {
    const into = (merged.columns[name] ??= { filled: 0, invalid: 0 });
    into.filled += column.filled;
    into.invalid += column.invalid;
  }
  return merged;
}

export interface QualityReport {
  /** 0–100; see `qualityScore`. */
  score: number;
  validity: number;
  completeness: number;
  uniqueness: number;
  columns: Array<{ name: string; completeness: number; validity: number }>;
}

const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);

/**
 * score = 100 × (0.5 × validity + 0.3 × completeness + 0.2 × uniqueness), where
 * - validity = accepted rows / rows,
 * - completeness = mean over mapped columns of (filled cells / rows),
 * - uniqueness = 1 − duplicates / accepted rows.
 * Validity weighs most because a rejected row is lost to every audience; completeness next because
 * empty identifiers lower match rates; duplicates only cost storage and skew counts before de-dup.
 */
export function qualityReport(
  tally: QualityTally,
  mappedColumns: readonly string[],
): QualityReport {
  const columns = Object.entries(tally.columns).map(([name, column]) => ({
    name,
    completeness: ratio(column.filled, tally.rows),
    validity: ratio(column.filled - column.invalid, column.filled),
  }));
  const mapped = columns.filter((column) => mappedColumns.includes(column.name));
  const validity = ratio(tally.accepted, tally.rows);
  const completeness = mapped.length
    ? mapped.reduce((sum, column) => sum + column.completeness, 0) / mapped.length
    : 1;
  const uniqueness = tally.accepted === 0 ? 1 : 1 - tally.duplicates / tally.accepted;
  const score = Math.round(100 * (0.5 * validity + 0.3 * completeness + 0.2 * uniqueness));
  return { score, validity, completeness, uniqueness, columns };
}

const RECORD_FIELDS = [
  'first_name',
  'last_name',
  'title',
  'company_name',
  'seniority',
  'industry',
] as const;

/**
 * 0–100 for one record: identifiers weigh 60 (email 30, phone 20, company domain 10) because they
 * decide whether the person can be matched and reached; the rest is split evenly over name, title,
 * company name, seniority and industry (a full name counts as first and last name) plus country.
 */
export function recordQuality(record: ContactRecord): number {
  let score = 0;
  if (record.email) score += 30;
  if (record.phone) score += 20;
  if (record.companyDomain) score += 10;
  const fields = record.fields;
  const filled = RECORD_FIELDS.filter((field) =>
    field === 'first_name' || field === 'last_name'
      ? Boolean(fields[field] ?? fields.full_name)
      : Boolean(fields[field]),
  ).length;
  const extras = filled + (record.country ? 1 : 0);
  return score + Math.round((40 * extras) / (RECORD_FIELDS.length + 1));
}
