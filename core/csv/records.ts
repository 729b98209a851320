/**
 * RFC 4180 records from one decoded chunk, each with where it came from: the physical line it
 * starts on, its byte offset in the file and its raw text — what a rejected row needs to be found
 * again (DuckDB's `reject_errors` shape). Malformed records are yielded with a problem instead of
 * being merged into their neighbours or dropped.
 */

export interface Dialect {
  delimiter: string;
  quote: string;
}

/** How many bytes a character took in the source, for exact byte offsets after decoding. */
export type SourceWidth = 'utf-8' | 'single-byte' | 'utf-16';

export type RecordProblem = 'unterminated_quote' | 'stray_quote' | 'nul_byte';

export interface SourceRecord {
  cells: string[];
  /** 1-based physical line where the record starts. */
  line: number;
  /** Byte offset of the record's first byte in the file. */
  byteOffset: number;
  raw: string;
  problem: RecordProblem | null;
}

export interface RecordOptions {
  dialect: Dialect;
  width: SourceWidth;
  /** The chunk's byte offset in the file and the line it starts on (from the chunk plan). */
  byteOffset: number;
  firstLine: number;
}

function byteLength(text: string, from: number, to: number, width: SourceWidth): number {
  if (width === 'single-byte') return to - from;
  if (width === 'utf-16') return 2 * (to - from);
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    // A surrogate pair is one 4-byte character: 2 + 2.
    else if (c >= 0xd800 && c <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

/** The end of a run of ordinary characters: up to a quote, delimiter, line end or NUL. */
function runEnd(text: string, from: number, quoteCode: number, delimiterCode: number): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === quoteCode || c === delimiterCode || c === 10 || c === 13 || c === 0) break;
  }
  return i;
}

/**
 * Yields every record of `text`. Blank lines are skipped (they are not records, and a trailing
 * line end is normal), but still counted in line numbers.
 */
export function* readRecords(text: string, options: RecordOptions): Generator<SourceRecord> {
  const { delimiter, quote } = options.dialect;
  const quoteCode = quote.charCodeAt(0);
  const delimiterCode = delimiter.charCodeAt(0);
  const length = text.length;
  let position = 0;
  let line = options.firstLine;
  let byteOffset = options.byteOffset;

  while (position < length) {
    const start = position;
    const startLine = line;
    const cells: string[] = [];
    let problem: RecordProblem | null = null;
    let cell = '';
    let inQuotes = false;
    let quotedCell = false;
    let end = -1;

    for (; position < length; position++) {
      const c = text[position]!;
      if (inQuotes) {
        if (c === quote) {
          if (text[position + 1] === quote) {
            cell += quote;
            position++;
          } else inQuotes = false;
        } else if (c === '\n' || c === '\r' || c === '\0') {
          if (c === '\n' || (c === '\r' && text[position + 1] !== '\n')) line++;
          if (c === '\0') problem ??= 'nul_byte';
          cell += c;
        } else {
          // Copy the run up to the next character that matters in one slice.
          const stop = runEnd(text, position, quoteCode, -1);
          cell += text.slice(position, stop);
          position = stop - 1;
        }
        continue;
      }
      if (c === delimiter) {
        cells.push(cell);
        cell = '';
        quotedCell = false;
      } else if (c === '\n' || c === '\r') {
        end = position;
        position += c === '\r' && text[position + 1] === '\n' ? 2 : 1;
        line++;
        break;
      } else if (c === quote) {
        // A quote opens a field only at its start; anywhere else the record is malformed.
        if (cell === '' && !quotedCell) {
          inQuotes = true;
          quotedCell = true;
        } else {
          problem ??= 'stray_quote';
          cell += c;
        }
      } else {
        // Text after a closing quote (`"abc"def`) is malformed too.
        if (quotedCell) problem ??= 'stray_quote';
        if (c === '\0') {
          problem ??= 'nul_byte';
          cell += c;
        } else {
          const stop = runEnd(text, position, quoteCode, delimiterCode);
          cell += text.slice(position, stop);
          position = stop - 1;
        }
      }
    }
    if (end === -1) end = position;
    if (inQuotes) problem = 'unterminated_quote';
    cells.push(cell);

    const raw = text.slice(start, end);
    const consumed = byteLength(text, start, position, options.width);
    if (!(raw === '' && cells.length === 1)) {
      yield { cells, line: startLine, byteOffset, raw, problem };
    }
    byteOffset += consumed;
  }
}
