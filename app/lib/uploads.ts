import type { RowReason } from '../../core/ingest/contact-row';
import { formatBytes } from '../../core/text/format-bytes';
import type { TargetField } from '../../core/ingest/column-mapping';
import type {
  ColumnSuggestionSchema,
  UploadDialect,
  UploadStatus,
} from '../../core/contracts/uploads';
import type { z } from 'zod';

// Presentation of uploads shared by the server render and the browser. Type-only imports from
// core: the contracts' zod schemas stay out of the page bundle (values the browser needs from
// them, such as the target fields, arrive as loader data).

export type ColumnSuggestion = z.infer<typeof ColumnSuggestionSchema>;

/** How each target field is named on screen. Typed by the contract, so a new field must be named. */
export const FIELD_LABELS: Record<TargetField, string> = {
  email: 'Email',
  phone: 'Phone',
  first_name: 'First name',
  last_name: 'Last name',
  full_name: 'Full name',
  title: 'Job title',
  seniority: 'Seniority',
  company_name: 'Company name',
  company_domain: 'Company domain',
  country: 'Country',
  industry: 'Industry',
  company_size: 'Company size',
  revenue: 'Revenue',
  city: 'City',
  state: 'State or region',
  postal_code: 'Postal code',
  linkedin_url: 'LinkedIn URL',
  external_id: 'External ID',
};

export const fieldLabel = (field: string | null): string =>
  field === null ? 'Not imported' : ((FIELD_LABELS as Record<string, string>)[field] ?? field);

/** The identifiers a row needs at least one of (the API refuses a mapping with none of them). */
export const IDENTIFIER_FIELDS: readonly TargetField[] = ['email', 'phone', 'company_domain'];

type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export const STATUS_VIEW: Record<UploadStatus, { label: string; tone: Tone }> = {
  uploading: { label: 'Uploading', tone: 'info' },
  uploaded: { label: 'Waiting for mapping', tone: 'warning' },
  processing: { label: 'Processing', tone: 'info' },
  completed: { label: 'Completed', tone: 'success' },
  completed_with_errors: { label: 'Completed with rejects', tone: 'warning' },
  failed: { label: 'Failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

export const isFinished = (status: UploadStatus) =>
  status === 'completed' ||
  status === 'completed_with_errors' ||
  status === 'failed' ||
  status === 'cancelled';

/** The badge next to a suggested mapping: where it came from and how sure it is. */
export function confidenceView(
  suggestion: Pick<ColumnSuggestion, 'method' | 'confidence' | 'field'>,
): { label: string; tone: Tone; description: string } | null {
  if (suggestion.field === null || suggestion.method === 'none') return null;
  if (suggestion.method === 'saved')
    return { label: 'Saved', tone: 'success', description: 'Mapped as you saved it last time' };
  if (suggestion.method === 'exact')
    return { label: 'Exact', tone: 'success', description: 'The header names this field' };
  const percent = Math.round(suggestion.confidence * 100);
  return suggestion.confidence >= 0.9
    ? { label: 'High', tone: 'info', description: `Likely match (${percent}% confidence)` }
    : { label: 'Low', tone: 'warning', description: `Possible match (${percent}% confidence)` };
}

export const ENCODING_LABELS: Record<UploadDialect['encoding'], string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252 (Western European)',
};

export const DELIMITER_LABELS: Record<UploadDialect['delimiter'], string> = {
  ',': 'Comma ( , )',
  ';': 'Semicolon ( ; )',
  '\t': 'Tab',
  '|': 'Pipe ( | )',
};

export const QUOTE_LABELS: Record<UploadDialect['quote'], string> = {
  '"': 'Double quote ( " )',
  "'": "Single quote ( ' )",
};

/** Every reason a row can be set aside for (typed, so a new reason cannot go unlabelled). */
export const REASON_LABELS: Record<RowReason, string> = {
  missing: 'A required value is missing',
  email_invalid: 'Email address is not valid',
  phone_invalid: 'Phone number is not valid',
  domain_invalid: 'Company domain is not valid',
  country_unknown: 'Country is not recognised',
  too_long: 'A value is too long',
  column_count: 'Wrong number of columns',
  no_identifier: 'No email, phone or company domain',
  required_missing: 'A required identifier is missing',
  unterminated_quote: 'A quoted value is never closed',
  stray_quote: 'Stray quote character',
  nul_byte: 'Contains a NUL byte (binary data)',
};

export const reasonLabel = (reason: string) =>
  REASON_LABELS[reason as RowReason] ?? reason.replaceAll('_', ' ');

export { formatBytes };

/** "3.2 MB/s" */
export const formatSpeed = (bytesPerSecond: number) => `${formatBytes(bytesPerSecond)}/s`;

/** "about 2 min 5 s" style, short: "45 s", "2 min 5 s", "1 h 3 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

/** 0..1 → "87%" */
export const formatPercent = (ratio: number) => `${Math.round(ratio * 100)}%`;

/** Quality score (0..100) tone: green from 90, amber from 70, red below. */
export const scoreTone = (score: number): Tone =>
  score >= 90 ? 'success' : score >= 70 ? 'warning' : 'danger';

export const ACCEPTED_FILE_TYPES = '.csv,.tsv,.txt,text/csv';

/** The history table's filters, sort and page as they appear in the page's address. */
export interface HistoryFilters {
  q?: string;
  status?: UploadStatus;
  uploader?: string;
  /** UTC days, "2026-01-31". */
  from?: string;
  to?: string;
  sort: 'created_at' | 'name' | 'size' | 'status';
  dir: 'asc' | 'desc';
  page: number;
}

/** The page's query string for these filters (defaults left out), with some values replaced. */
export function historyQuery(
  filters: HistoryFilters,
  change: Partial<HistoryFilters> = {},
): string {
  const next = { ...filters, ...change };
  const query = new URLSearchParams();
  if (next.q) query.set('q', next.q);
  if (next.status) query.set('status', next.status);
  if (next.uploader) query.set('uploader', next.uploader);
  if (next.from) query.set('from', next.from);
  if (next.to) query.set('to', next.to);
  if (next.sort !== 'created_at') query.set('sort', next.sort);
  if (next.dir !== 'desc') query.set('dir', next.dir);
  if (next.page > 1) query.set('page', String(next.page));
  const text = query.toString();
  return text ? `?${text}` : '?';
}

/**
 * Delimiters travel in forms by name: a tab in an option's value does not survive every
 * browser's attribute handling.
 */
export const DELIMITER_NAMES = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'pipe',
} as const satisfies Record<UploadDialect['delimiter'], string>;

export function delimiterFromName(name: string): UploadDialect['delimiter'] | null {
  const found = Object.entries(DELIMITER_NAMES).find(([, n]) => n === name);
  return found ? (found[0] as UploadDialect['delimiter']) : null;
}
