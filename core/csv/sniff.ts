/**
 * Sniffing the first few MiB of an uploaded CSV, before the rest has arrived, so the upload screen
 * can show the detected settings and a preview. Everything here must tolerate a sample that was
 * cut at an arbitrary byte.
 */

import type { CodeUnits } from './chunk-plan';
import { readRecords, type SourceWidth } from './records';
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Delimiter = ',' | ';' | '\t' | '|';
export type Quote = '"' | "'";
export type LineBreak = '\r\n' | '\n' | '\r';

/** How the record reader counts a decoded character's bytes in this encoding. */
export function sourceWidthOf(encoding: Encoding): SourceWidth {
  if (encoding === 'windows-1252') return 'single-byte';
  return encoding === 'utf-8' ? 'utf-8' : 'utf-16';
}

/** The code units the part scanner reads quote and line-break characters in. */
export function codeUnitsOf(encoding: Encoding): CodeUnits {
  if (encoding === 'utf-16le') return 'utf16le';
  if (encoding === 'utf-16be') return 'utf16be';
  return 'byte';
}

export interface DetectedEncoding {
  encoding: Encoding;
  bom: boolean;
  bomLength: number;
}

export interface Dialect {
  delimiter: Delimiter;
  quote: Quote;
  lineBreak: LineBreak;
}

export interface ParsedRecords {
  records: string[][];
  /** 1-based line in the sample where each record starts (quoted newlines count as lines). */
  lineNumbers: number[];
}

export interface SniffResult {
  encoding: Encoding;
  bom: boolean;
  delimiter: Delimiter;
  quote: Quote;
  lineBreak: LineBreak;
  headerIndex: number;
  /** The header's physical line (1-based); data starts on the line after its record. */
  headerLine: number;
  headers: string[];
  preview: string[][];
  warnings: string[];
}

export type BinaryCheck =
  | { binary: false }
  | { binary: true; kind: 'zip' | 'xlsx' | 'xls' | 'gzip' | 'pdf' | 'binary'; message: string };

const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];
const QUOTES: readonly Quote[] = ['"', "'"];
// Enough to judge the dialect; a wrong quote candidate can swallow the whole sample as one field,
// so bounding the text keeps sniffing cheap on multi-MiB samples.
const DIALECT_SAMPLE_CHARS = 256 * 1024;
const DIALECT_SAMPLE_RECORDS = 200;
const HEADER_SCAN_ROWS = 10;
const DOMINANCE_WINDOW = 50;
const HEURISTIC_BYTES = 4096;

export function detectEncoding(
  bytes: Uint8Array,
  { truncated = true }: { truncated?: boolean } = {},
): DetectedEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { encoding: 'utf-8', bom: true, bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { encoding: 'utf-16le', bom: true, bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { encoding: 'utf-16be', bom: true, bomLength: 2 };

  const utf16 = guessUtf16WithoutBom(bytes);
  if (utf16) return { encoding: utf16, bom: false, bomLength: 0 };

  // Only a sample can end mid-character; a complete file ending in a lone lead byte is Latin-1.
  if (isUtf8(bytes, truncated)) return { encoding: 'utf-8', bom: false, bomLength: 0 };
  return { encoding: 'windows-1252', bom: false, bomLength: 0 };
}

/** ASCII text in UTF-16 has a NUL in every other byte: odd positions for LE, even for BE. */
function guessUtf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const length = Math.min(bytes.length, HEURISTIC_BYTES) & ~1;
  if (length < 4) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < length; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) evenNuls++;
    else oddNuls++;
  }
  const pairs = length / 2;
  if (oddNuls > pairs * 0.4 && evenNuls < pairs * 0.1) return 'utf-16le';
  if (evenNuls > pairs * 0.4 && oddNuls < pairs * 0.1) return 'utf-16be';
  return null;
}

function isUtf8(bytes: Uint8Array, allowTruncatedTail: boolean): boolean {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const shape = utf8Shape(lead);
    if (!shape) return false;
    for (let k = 1; k <= shape.continuation; k++) {
      if (i + k >= bytes.length) return allowTruncatedTail;
      const byte = bytes[i + k] ?? 0;
      // The second byte's range also rules out overlong forms and surrogates.
      const low = k === 1 ? shape.low : 0x80;
      const high = k === 1 ? shape.high : 0xbf;
      if (byte < low || byte > high) return false;
    }
    i += shape.continuation + 1;
  }
  return true;
}

function utf8Shape(lead: number): { continuation: number; low: number; high: number } | null {
  if (lead >= 0xc2 && lead <= 0xdf) return { continuation: 1, low: 0x80, high: 0xbf };
  if (lead === 0xe0) return { continuation: 2, low: 0xa0, high: 0xbf };
  if (lead === 0xed) return { continuation: 2, low: 0x80, high: 0x9f };
  if (lead >= 0xe1 && lead <= 0xef) return { continuation: 2, low: 0x80, high: 0xbf };
  if (lead === 0xf0) return { continuation: 3, low: 0x90, high: 0xbf };
  if (lead >= 0xf1 && lead <= 0xf3) return { continuation: 3, low: 0x80, high: 0xbf };
  if (lead === 0xf4) return { continuation: 3, low: 0x80, high: 0x8f };
  return null;
}

/** Length of `bytes` without a multi-byte sequence the sample cut short. */
function completeUtf8Length(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if (byte < 0x80) return bytes.length;
    if (byte >= 0xc0) {
      const shape = utf8Shape(byte);
      return shape && shape.continuation >= back ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}

// Windows-1252 differs from Latin-1 only in 0x80–0x9F; the five unassigned slots map to the C1
// control of the same value, as the WHATWG Encoding Standard does.
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
  0x0152, 0x8d, 0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc,
  0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
] as const;

function decodeWindows1252(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const CHUNK = 8192; // keeps String.fromCharCode's argument list well under engine limits
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes = Array.from(bytes.subarray(start, start + CHUNK), (byte) =>
      byte >= 0x80 && byte <= 0x9f ? (WINDOWS_1252_HIGH[byte - 0x80] ?? byte) : byte,
    );
    chunks.push(String.fromCharCode(...codes));
  }
  return chunks.join('');
}

/**
 * Decodes a sample, dropping its BOM. With `truncated`, a character cut at the end of the sample is
 * dropped rather than shown as U+FFFD.
 */
export function decodeSample(
  bytes: Uint8Array,
  encoding: Encoding,
  { truncated = false }: { truncated?: boolean } = {},
): string {
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  let end = bytes.length;
  if (truncated) end = encoding === 'utf-8' ? completeUtf8Length(bytes) : end & ~1;
  // TextDecoder strips a BOM that matches the encoding (ignoreBOM defaults to false).
  let text = new TextDecoder(encoding, { fatal: false }).decode(bytes.subarray(0, end));
  if (truncated && encoding !== 'utf-8') {
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) text = text.slice(0, -1);
  }
  return text;
}

/**
 * The sample's records, read by the same reader as the chunks (core/csv/records.ts): any of CRLF,
 * LF and CR ends a record and blank lines are skipped. With `truncated`, the last record is dropped
 * unless the sample ends with a line break outside quotes, because the rest has not arrived yet.
 */
export function parseRecords(
  text: string,
  dialect: { delimiter: Delimiter; quote: Quote },
  { maxRecords = Infinity, truncated = false }: { maxRecords?: number; truncated?: boolean } = {},
): ParsedRecords {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  const lineNumbers: number[] = [];
  // The sample's last record is complete only if the sample ends with a line break outside quotes.
  const endsOnBreak = /[\r\n]$/.test(body);
  let lastProblem = null;
  for (const record of readRecords(body, {
    dialect,
    width: 'utf-8',
    byteOffset: 0,
    firstLine: 1,
  })) {
    if (records.length >= maxRecords) return { records, lineNumbers };
    records.push(record.cells);
    lineNumbers.push(record.line);
    lastProblem = record.problem;
  }
  if (truncated && records.length > 0 && (!endsOnBreak || lastProblem === 'unterminated_quote')) {
    records.pop();
    lineNumbers.pop();
  }
  return { records, lineNumbers };
}

function isBlankRecord(record: readonly string[]): boolean {
  return record.length === 1 && (record[0] ?? '').trim() === '';
}

/** Most common value; ties go to the larger value, since extra fields are rarely accidental. */
function mode(values: readonly number[]): { value: number; count: number } {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = { value: 0, count: 0 };
  for (const [value, count] of counts)
    if (count > best.count || (count === best.count && value > best.value)) best = { value, count };
  return best;
}

function detectLineBreak(text: string): LineBreak {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '\r') {
      if (text.charAt(i + 1) === '\n') {
        crlf++;
        i++;
      } else cr++;
    } else if (ch === '\n') lf++;
  }
  if (crlf >= lf && crlf >= cr && crlf > 0) return '\r\n';
  if (cr > lf) return '\r';
  return '\n';
}

export function sniffDialect(text: string): Dialect {
  const sample = text.slice(0, DIALECT_SAMPLE_CHARS);
  let best = { delimiter: ',' as Delimiter, quote: '"' as Quote, consistency: 0, fields: 0 };
  for (const delimiter of DELIMITERS) {
    for (const quote of QUOTES) {
      const options = { maxRecords: DIALECT_SAMPLE_RECORDS, truncated: true };
      let { records } = parseRecords(sample, { delimiter, quote }, options);
      // A one-line sample without a trailing break has nothing else to judge by.
      if (records.length === 0) ({ records } = parseRecords(sample, { delimiter, quote }));
      const counts = records.filter((r) => !isBlankRecord(r)).map((r) => r.length);
      const { value: fields, count } = mode(counts);
      if (fields <= 1) continue;
      const consistency = count / counts.length;
      if (
        consistency > best.consistency ||
        (consistency === best.consistency && fields > best.fields)
      )
        best = { delimiter, quote, consistency, fields };
    }
  }
  return { delimiter: best.delimiter, quote: best.quote, lineBreak: detectLineBreak(sample) };
}

const NUMERIC_LIKE = /^[\d\s.,:/+\-%$€£()]+$/;

function looksLikeLabels(row: readonly string[]): boolean {
  const cells = row.map((cell) => cell.trim()).filter((cell) => cell !== '');
  if (cells.length * 2 < row.length) return false;
  if (cells.some((cell) => cell.includes('@'))) return false;
  const numeric = cells.filter((cell) => NUMERIC_LIKE.test(cell) && /\d/.test(cell));
  if (numeric.length * 2 > cells.length) return false;
  // Duplicates are allowed (and warned about later), but a row of repeats is data.
  return new Set(cells.map((cell) => cell.toLowerCase())).size * 2 >= cells.length;
}

/**
 * Finds the header below any title lines ("Exported from Salesforce", "Report: Q3 leads", …): the
 * first row shaped like the rows after it whose cells read like labels.
 */
export function detectHeaderRow(records: readonly string[][]): { headerIndex: number } {
  const scan = Math.min(records.length, HEADER_SCAN_ROWS);
  for (let i = 0; i < scan; i++) {
    const row = records[i] ?? [];
    if (isBlankRecord(row)) continue;
    const following = records
      .slice(i + 1, i + 1 + DOMINANCE_WINDOW)
      .filter((r) => !isBlankRecord(r))
      .map((r) => r.length);
    const expected = following.length > 0 ? mode(following).value : row.length;
    if (row.length === expected && looksLikeLabels(row)) return { headerIndex: i };
  }
  const nonBlank = records.filter((r) => !isBlankRecord(r));
  const dominant = mode(nonBlank.map((r) => r.length)).value;
  const fallback = records.findIndex((r) => !isBlankRecord(r) && r.length === dominant);
  return { headerIndex: Math.max(0, fallback) };
}

export function normalizeHeaders(raw: readonly string[]): {
  headers: string[];
  warnings: string[];
} {
  const warnings: string[] = [];
  const used = new Set<string>();
  const empty: number[] = [];
  const duplicates = new Set<string>();
  const named = raw.map((cell, index) => {
    const name = cell.trim();
    if (name !== '') return name;
    empty.push(index + 1);
    return `Column ${index + 1}`;
  });
  const headers = named.map((name) => {
    let candidate = name;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) {
      duplicates.add(name);
      candidate = `${name} (${n})`;
    }
    used.add(candidate.toLowerCase());
    return candidate;
  });
  if (empty.length > 0)
    warnings.push(
      `${plural(empty.length, 'header cell is', 'header cells are')} empty (column ${empty.join(', ')}); named them "Column N".`,
    );
  for (const name of duplicates)
    warnings.push(
      `The header "${name}" appears more than once; later copies are numbered "${name} (2)", ….`,
    );
  return { headers, warnings };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function sniff(
  bytes: Uint8Array,
  { truncated, previewRows = 20 }: { truncated: boolean; previewRows?: number },
): SniffResult {
  const { encoding, bom } = detectEncoding(bytes, { truncated });
  const text = decodeSample(bytes, encoding, { truncated });
  const dialect = sniffDialect(text);
  const warnings: string[] = [];
  if (encoding === 'windows-1252')
    warnings.push(
      'The file is not valid UTF-8, so it was read as Windows-1252 (Western European).',
    );

  const { records, lineNumbers } = parseRecords(text, dialect, {
    maxRecords: HEADER_SCAN_ROWS + Math.max(previewRows, DOMINANCE_WINDOW),
    truncated,
  });
  const base = { encoding, bom, ...dialect };
  if (records.every(isBlankRecord)) {
    warnings.push('The file has no rows.');
    return { ...base, headerIndex: 0, headerLine: 1, headers: [], preview: [], warnings };
  }

  const { headerIndex } = detectHeaderRow(records);
  const headerLine = lineNumbers[headerIndex] ?? 1;
  if (headerLine > 1)
    warnings.push(`Skipped ${plural(headerLine - 1, 'line', 'lines')} above the header row.`);
  const normalized = normalizeHeaders(records[headerIndex] ?? []);
  warnings.push(...normalized.warnings);

  const preview = records
    .slice(headerIndex + 1)
    .filter((r) => !isBlankRecord(r))
    .slice(0, previewRows);
  if (preview.length === 0 && !truncated) warnings.push('The file has a header but no data rows.');
  const ragged = preview.filter((r) => r.length !== normalized.headers.length).length;
  if (ragged > 0)
    warnings.push(
      `${plural(ragged, 'preview row has', 'preview rows have')} a different number of fields than the header (${normalized.headers.length}).`,
    );

  return { ...base, headerIndex, headerLine, headers: normalized.headers, preview, warnings };
}

const SAVE_AS_CSV = 'File → Save As → CSV UTF-8';

export function looksBinary(bytes: Uint8Array): BinaryCheck {
  const starts = (...magic: number[]) => magic.every((byte, i) => bytes[i] === byte);
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    const head = decodeWindows1252(bytes.subarray(0, 1024));
    if (head.includes('[Content_Types].xml') || head.includes('xl/'))
      return {
        binary: true,
        kind: 'xlsx',
        message: `This looks like an Excel workbook (.xlsx). Save it as CSV (${SAVE_AS_CSV}) and upload that.`,
      };
    return {
      binary: true,
      kind: 'zip',
      message: 'This is a ZIP archive. Unzip it and upload the CSV file inside.',
    };
  }
  if (starts(0xd0, 0xcf, 0x11, 0xe0))
    return {
      binary: true,
      kind: 'xls',
      message: `This looks like an older Excel workbook (.xls). Open it in Excel, save it as CSV (${SAVE_AS_CSV}) and upload that.`,
    };
  if (starts(0x1f, 0x8b))
    return {
      binary: true,
      kind: 'gzip',
      message: 'This file is gzip-compressed (.gz). Decompress it and upload the CSV inside.',
    };
  if (starts(0x25, 0x50, 0x44, 0x46))
    return {
      binary: true,
      kind: 'pdf',
      message:
        'This is a PDF, not a CSV. Export the data as CSV from the system it came from and upload that.',
    };

  // UTF-16 text is full of NULs by design.
  if (detectEncoding(bytes).encoding.startsWith('utf-16')) return { binary: false };
  const head = bytes.subarray(0, HEURISTIC_BYTES);
  let nuls = 0;
  let controls = 0;
  for (const byte of head) {
    if (byte === 0) nuls++;
    // Tab, LF, FF and CR are ordinary in text files.
    else if (
      (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) ||
      byte === 0x7f
    )
      controls++;
  }
  if (head.length > 0 && (nuls > head.length * 0.01 || nuls + controls > head.length * 0.1))
    return {
      binary: true,
      kind: 'binary',
      message:
        "This doesn't look like a text file. Upload a CSV: plain text with one row per line and commas, semicolons, tabs or pipes between fields.",
    };
  return { binary: false };
}
