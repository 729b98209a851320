import type { CountryCode } from 'libphonenumber-js/max';
import type { RecordProblem, SourceRecord } from '../csv/records';
import type { TargetField } from './column-mapping';
import {
  cleanText,
  companyDomainFromEmail,
  isMissing,
  normalizeCountry,
  normalizeDomain,
  normalizeEmail,
  normalizePhone,
  uid2Hash,
  uid2NormalizeEmail,
  type Normalized,
  type RejectReason,
  type Sha256,
} from './normalize';

/** The contact fields a source column can be mapped to (the column mapper's targets). */
export type ContactField = TargetField;

export type Identifier = 'email' | 'phone' | 'company_domain';

export interface RowRules {
  /** Column index → field; null leaves the column unmapped. */
  mapping: ReadonlyArray<ContactField | null>;
  headers: readonly string[];
  /** Country for phone numbers written without a country prefix, where the row names none. */
  defaultCountry: CountryCode | undefined;
  /** Identifiers a row must have; an empty list means "at least one of them". */
  required: readonly Identifier[];
  /** Keep unmapped columns as custom attributes. */
  keepUnmapped: boolean;
  sha256: Sha256;
  /**
   * The UID2 hash (Base64 SHA-256) of a normalised identifier in one call, where the runtime has
   * one (Node's `crypto.hash`): much cheaper than `sha256` plus our Base64. Must give exactly what
   * `uid2Hash(normalized, sha256)` gives; without it, that is used.
   */
  hashBase64?: (normalized: string) => string;
}

export interface ContactRecord {
  email: string | null;
  /** UID2 hash (Base64 SHA-256 of the operator-normalised email). */
  emailHash: string | null;
  phone: string | null;
  phoneHash: string | null;
  companyDomain: string | null;
  country: string | null;
  /** The remaining mapped text fields, trimmed. */
  fields: Partial<Record<ContactField, string>>;
  custom: Record<string, string>;
}

export type RowReason =
  RejectReason | RecordProblem | 'column_count' | 'no_identifier' | 'required_missing';

export interface RowProblem {
  /** The source column's header, or null for a problem with the whole row. */
  column: string | null;
  reason: RowReason;
}

export type RowResult = { ok: true; record: ContactRecord } | { ok: false; problems: RowProblem[] };

const NORMALIZERS: Partial<
  Record<ContactField, (cell: string, rules: RowRules) => Normalized<string | null>>
> = {
  email: (cell) => normalizeEmail(cell),
  company_domain: (cell) => normalizeDomain(cell),
  country: (cell) => normalizeCountry(cell),
  linkedin_url: (cell) => cleanText(cell, 512),
};
const normalizeText = (cell: string) => cleanText(cell);

/** The UID2 hash of a normalised identifier, with the one-call hash when the runtime gave one. */
function hashOf(normalized: string, rules: RowRules): string {
  return rules.hashBase64 ? rules.hashBase64(normalized) : uid2Hash(normalized, rules.sha256);
}

/**
 * One source row to a contact, or the reasons it cannot be one. A row is set aside when any mapped
 * value is invalid (never import a contact with a value silently dropped), when its field count
 * differs from the header's, or when it lacks the required identifiers.
 */
export function normalizeContactRow(cells: readonly string[], rules: RowRules): RowResult {
  if (cells.length !== rules.headers.length) {
    return { ok: false, problems: [{ column: null, reason: 'column_count' }] };
  }
  // The first value of each field, in column order; identifiers apart from the other fields.
  let email: string | null = null;
  let mappedDomain: string | null = null;
  let country: string | null = null;
  const fields: Partial<Record<ContactField, string>> = {};
  const custom: Record<string, string> = {};
  let problems: RowProblem[] | null = null;
  let phoneColumn = -1;
  for (let i = 0; i < cells.length; i++) {
    const field = rules.mapping[i] ?? null;
    const cell = cells[i]!;
    if (field === null) {
      if (rules.keepUnmapped && !isMissing(cell)) custom[rules.headers[i]!] = cell.trim();
      continue;
    }
    // Phones are read last, in the row's own country when it has one.
    if (field === 'phone') {
      if (phoneColumn === -1) phoneColumn = i;
      continue;
    }
    const result = (NORMALIZERS[field] ?? normalizeText)(cell, rules);
    if (!result.ok) (problems ??= []).push({ column: rules.headers[i]!, reason: result.reason });
    else if (result.value === null) continue;
    else if (field === 'email') email ??= result.value;
    else if (field === 'company_domain') mappedDomain ??= result.value;
    else if (field === 'country') country ??= result.value;
    else fields[field] ??= result.value;
  }
  let phone: string | null = null;
  if (phoneColumn !== -1) {
    const phoneCountry = (country as CountryCode | null) ?? rules.defaultCountry;
    const normalized = normalizePhone(cells[phoneColumn], phoneCountry);
    if (!normalized.ok) {
      (problems ??= []).push({ column: rules.headers[phoneColumn]!, reason: normalized.reason });
    } else phone = normalized.value;
  }
  if (problems) {
    const at = (problem: RowProblem) => rules.headers.indexOf(problem.column ?? '');
    return { ok: false, problems: problems.sort((a, b) => at(a) - at(b)) };
  }

  const companyDomain = mappedDomain ?? (email ? companyDomainFromEmail(email) : null);
  if (rules.required.length > 0) {
    const present: Record<Identifier, boolean> = {
      email: email !== null,
      phone: phone !== null,
      company_domain: companyDomain !== null,
    };
    const missing: RowProblem[] = [];
    for (const identifier of rules.required) {
      if (!present[identifier]) {
        const column = rules.headers[rules.mapping.indexOf(identifier)] ?? null;
        missing.push({ column, reason: 'required_missing' });
      }
    }
    if (missing.length) return { ok: false, problems: missing };
  } else if (email === null && phone === null && companyDomain === null) {
    return { ok: false, problems: [{ column: null, reason: 'no_identifier' }] };
  }

  const uid2Email = email ? uid2NormalizeEmail(email) : null;
  return {
    ok: true,
    record: {
      email,
      emailHash: uid2Email ? hashOf(uid2Email, rules) : null,
      phone,
      phoneHash: phone ? hashOf(phone, rules) : null,
      companyDomain,
      country,
      fields,
      custom,
    },
  };
}

/**
 * The key two rows of one organisation are the same person by: the normalised email, else the
 * phone, else null (such rows are never merged).
 */
export function dedupeKey(record: ContactRecord): string | null {
  if (record.emailHash) return `e:${record.emailHash}`;
  if (record.phoneHash) return `p:${record.phoneHash}`;
  return null;
}

export type RecordOutcome =
  | { outcome: 'accepted'; record: ContactRecord }
  | { outcome: 'duplicate'; record: ContactRecord }
  | { outcome: 'rejected'; problems: RowProblem[] };

/**
 * A source record through validation and de-duplication within the file, keeping the first of
 * each person. `seen` holds the de-duplication keys kept so far and is updated.
 */
export function classifyRecord(
  source: Pick<SourceRecord, 'cells' | 'problem'>,
  rules: RowRules,
  seen: Set<string>,
): RecordOutcome {
  if (source.problem)
    return { outcome: 'rejected', problems: [{ column: null, reason: source.problem }] };
  const row = normalizeContactRow(source.cells, rules);
  if (!row.ok) return { outcome: 'rejected', problems: row.problems };
  const key = dedupeKey(row.record);
  if (key && seen.has(key)) return { outcome: 'duplicate', record: row.record };
  if (key) seen.add(key);
  return { outcome: 'accepted', record: row.record };
}
