/**
 * Planning chunks of an uploaded CSV on record boundaries without ever holding the file.
 *
 * Each uploaded part is scanned once as it streams through the Worker (`createPartScanner`): it counts the
 * quote characters and, at regular marks, remembers the first line break seen at an even and at an
 * odd running quote count. A line break ends a record only outside quotes, i.e. where the quote
 * count since the start of the file is even, and a part's parity at its start is only known once
 * the parts before it are counted. `planChunks` combines the scans, so completing a 500 MB upload
 * plans its chunks from a few kilobytes of metadata instead of re-reading the file.
 *
 * Doubled quotes inside a quoted field add two, so they never change parity. A stray quote inside
 * an unquoted field does: RFC 4180 forbids it, and the chunk parser then reports the record it
 * breaks rather than silently merging rows.
 */

export type CodeUnits = 'byte' | 'utf16le' | 'utf16be';

export interface PartScanOptions {
  /** The quote character's code (0x22 for `"`, 0x27 for `'`). */
  quote: number;
  /** The byte that ends a line: 0x0A (LF and CRLF files) or 0x0D (old Mac CR-only files). */
  lineEnd: number;
  /** How far apart the marks are, in bytes; the planner can cut at most once per mark. */
  markEvery: number;
  units: CodeUnits;
}

export interface PartMark {
  /** Offset just past the first line end in this mark's window (relative to the part) where the part's own quote count is even / odd. */
  evenBreak: number | null;
  oddBreak: number | null;
  /** Line ends in the part up to and including that break (to number the lines of each chunk). */
  evenLines: number;
  oddLines: number;
}

export interface PartScan {
  size: number;
  quotes: number;
  lines: number;
  /** One per `markEvery` bytes of the part, in order. */
  marks: PartMark[];
}

const emptyMark = (): PartMark => ({ evenBreak: null, oddBreak: null, evenLines: 0, oddLines: 0 });

/** Incremental scanner for one part: feed it the part's bytes in order, then `finish()`. */
export function createPartScanner(options: PartScanOptions) {
  const step = options.units === 'byte' ? 1 : 2;
  const bigEndian = options.units === 'utf16be';
  let offset = 0;
  let quotes = 0;
  let lines = 0;
  let carry: number | null = null;
  const marks: PartMark[] = [];

  function unit(code: number, at: number) {
    if (code === options.quote) {
      quotes++;
      return;
    }
    if (code !== options.lineEnd) return;
    lines++;
    const window = Math.floor(at / options.markEvery);
    while (marks.length <= window) marks.push(emptyMark());
    const mark = marks[window]!;
    if (quotes % 2 === 0) {
      if (mark.evenBreak === null) {
        mark.evenBreak = at + step;
        mark.evenLines = lines;
      }
    } else if (mark.oddBreak === null) {
      mark.oddBreak = at + step;
      mark.oddLines = lines;
    }
  }

  const pair = (a: number, b: number) => (bigEndian ? (a << 8) | b : a | (b << 8));

  return {
    push(bytes: Uint8Array) {
      let i = 0;
      if (carry !== null && bytes.length > 0) {
        // A UTF-16 code unit split across two pushes.
        unit(pair(carry, bytes[0]!), offset - 1);
        carry = null;
        i = 1;
      }
      if (step === 1) {
        for (; i < bytes.length; i++) unit(bytes[i]!, offset + i);
      } else {
        for (; i + 1 < bytes.length; i += 2) unit(pair(bytes[i]!, bytes[i + 1]!), offset + i);
        if (i < bytes.length) carry = bytes[i]!;
      }
      offset += bytes.length;
    },
    finish(): PartScan {
      const windows = Math.ceil(offset / options.markEvery);
      while (marks.length < windows) marks.push(emptyMark());
      return { size: offset, quotes, lines, marks };
    },
  };
}

export interface ChunkRange {
  /** Inclusive start and exclusive end, in bytes from the start of the file. */
  start: number;
  end: number;
  /** The physical line number (1-based) at `start`, as an editor would show it. */
  firstLine: number;
}

/**
 * Chunks of about `targetBytes` (never smaller, except the last) that start and end on record
 * boundaries. `data` says where the first record starts (after a BOM, title lines and the header)
 * and on which line.
 */
export function planChunks(
  parts: PartScan[],
  targetBytes: number,
  data: { start: number; firstLine: number } = { start: 0, firstLine: 1 },
): ChunkRange[] {
  const total = parts.reduce((sum, part) => sum + part.size, 0);
  const chunks: ChunkRange[] = [];
  let start = Math.min(data.start, total);
  let firstLine = data.firstLine;
  let partStart = 0;
  let quotesBefore = 0;
  let linesBefore = 0;
  for (const part of parts) {
    const evenAtStart = quotesBefore % 2 === 0;
    for (const mark of part.marks) {
      const local = evenAtStart ? mark.evenBreak : mark.oddBreak;
      if (local === null) continue;
      const cut = partStart + local;
      if (cut - start >= targetBytes && cut < total) {
        chunks.push({ start, end: cut, firstLine });
        start = cut;
        firstLine = 1 + linesBefore + (evenAtStart ? mark.evenLines : mark.oddLines);
      }
    }
    quotesBefore += part.quotes;
    linesBefore += part.lines;
    partStart += part.size;
  }
  if (start < total) chunks.push({ start, end: total, firstLine });
  return chunks;
}
