import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createPartScanner, planChunks, type CodeUnits, type PartScan } from './chunk-plan';
import { readRecords } from './records';

/** Deterministic randomness, so a failure names the seed that reproduces it. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

const PIECES = [
  'a',
  'Zoë',
  'x,y',
  'he said "hi"',
  'line\none',
  'cr\r\nlf',
  '€',
  '',
  '12345',
  'sp ace',
];

function randomCsv(rng: ReturnType<typeof random>, lineBreak: string): string {
  const columns = 1 + rng.int(5);
  const rows = rng.int(120);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < columns; c++) {
      const piece = rng.pick(PIECES) + (rng.next() < 0.1 ? 'x'.repeat(rng.int(300)) : '');
      const needsQuotes = /[",\r\n]/.test(piece) || rng.next() < 0.2;
      cells.push(needsQuotes ? `"${piece.replace(/"/g, '""')}"` : piece);
    }
    lines.push(cells.join(','));
  }
  return lines.join(lineBreak) + (rng.next() < 0.5 ? lineBreak : '');
}

function encode(text: string, units: CodeUnits): Uint8Array {
  if (units === 'byte') return new TextEncoder().encode(text);
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const [first, second] =
      units === 'utf16le' ? [code & 0xff, code >> 8] : [code >> 8, code & 0xff];
    bytes[i * 2] = first;
    bytes[i * 2 + 1] = second;
  }
  return bytes;
}

function decode(bytes: Uint8Array, units: CodeUnits): string {
  return new TextDecoder(
    units === 'byte' ? 'utf-8' : units === 'utf16le' ? 'utf-16le' : 'utf-16be',
  ).decode(bytes);
}

const rowsOf = (text: string) =>
  Papa.parse<string[]>(text, {
    delimiter: ',',
    newline: undefined,
    skipEmptyLines: false,
  }).data.filter((row) => !(row.length === 1 && row[0] === ''));

/** Scans `bytes` as the upload would: fixed-size parts, each fed to its scanner in random pieces. */
function scanAsUploaded(
  bytes: Uint8Array,
  partSize: number,
  markEvery: number,
  lineEnd: number,
  units: CodeUnits,
  rng: ReturnType<typeof random>,
): PartScan[] {
  const scans: PartScan[] = [];
  for (let start = 0; start < bytes.length; start += partSize) {
    const part = bytes.subarray(start, Math.min(start + partSize, bytes.length));
    const scanner = createPartScanner({ quote: 0x22, lineEnd, markEvery, units });
    for (let at = 0; at < part.length;) {
      const piece = 1 + rng.int(64);
      scanner.push(part.subarray(at, at + piece));
      at += piece;
    }
    scans.push(scanner.finish());
  }
  return scans;
}

describe('chunk planning on record boundaries', () => {
  const cases: Array<{ units: CodeUnits; lineBreak: string }> = [
    { units: 'byte', lineBreak: '\n' },
    { units: 'byte', lineBreak: '\r\n' },
    { units: 'byte', lineBreak: '\r' },
    { units: 'utf16le', lineBreak: '\r\n' },
    { units: 'utf16be', lineBreak: '\n' },
  ];

  it.each(cases)(
    'chunked parsing yields exactly the rows of a single pass ($units, $lineBreak)',
    ({ units, lineBreak }) => {
      const unitSize = units === 'byte' ? 1 : 2;
      for (let seed = 1; seed <= 150; seed++) {
        const rng = random(seed);
        const text = randomCsv(rng, lineBreak);
        const bytes = encode(text, units);
        const partSize = unitSize * (1 + rng.int(400));
        const markEvery = 1 + rng.int(200);
        const target = 1 + rng.int(600);
        const lineEnd = lineBreak === '\r' ? 0x0d : 0x0a;
        const chunks = planChunks(
          scanAsUploaded(bytes, partSize, markEvery, lineEnd, units, rng),
          target,
        );

        // Contiguous, in order, covering the whole file.
        let expectedStart = 0;
        for (const chunk of chunks) {
          expect(chunk.start, `seed ${seed}`).toBe(expectedStart);
          expect(chunk.end).toBeGreaterThan(chunk.start);
          const lineEnds = [...decode(bytes.subarray(0, chunk.start), units)].filter(
            (c) => c === (lineBreak === '\r' ? '\r' : '\n'),
          ).length;
          expect(chunk.firstLine, `seed ${seed}`).toBe(1 + lineEnds);
          expectedStart = chunk.end;
        }
        expect(expectedStart, `seed ${seed}`).toBe(bytes.length);

        const chunked = chunks.flatMap((chunk) =>
          rowsOf(decode(bytes.subarray(chunk.start, chunk.end), units)),
        );
        expect(chunked, `seed ${seed}`).toEqual(rowsOf(text));
        // Our own record reader, chunk by chunk, agrees with Papa Parse on the whole file.
        const ours = chunks.flatMap((chunk) =>
          [
            ...readRecords(decode(bytes.subarray(chunk.start, chunk.end), units), {
              dialect: { delimiter: ',', quote: '"' },
              width: units === 'byte' ? 'utf-8' : 'utf-16',
              byteOffset: chunk.start,
              firstLine: chunk.firstLine,
            }),
          ]
            .map((record) => record.cells)
            // A line holding only `""` is one empty cell to us and dropped by `rowsOf`; compare
            // the rest.
            .filter((cells) => !(cells.length === 1 && cells[0] === '')),
        );
        expect(ours, `seed ${seed}`).toEqual(rowsOf(text));
      }
    },
  );

  it('cuts no smaller than the target, except the last chunk', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `row${i},"quoted, ${i}"`).join('\n');
    const bytes = encode(text, 'byte');
    const rng = random(7);
    const chunks = planChunks(scanAsUploaded(bytes, 4096, 256, 0x0a, 'byte', rng), 2000);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks.slice(0, -1))
      expect(chunk.end - chunk.start).toBeGreaterThanOrEqual(2000);
  });

  it('never cuts inside a quoted field, even one longer than a part', () => {
    const big = `"${'a\n'.repeat(5000)}"`;
    const text = `id,notes\n1,${big}\n2,short\n`;
    const bytes = encode(text, 'byte');
    const chunks = planChunks(scanAsUploaded(bytes, 1024, 100, 0x0a, 'byte', random(3)), 10);
    const rows = chunks.flatMap((chunk) =>
      rowsOf(decode(bytes.subarray(chunk.start, chunk.end), 'byte')),
    );
    expect(rows).toEqual([
      ['id', 'notes'],
      ['1', 'a\n'.repeat(5000)],
      ['2', 'short'],
    ]);
  });

  it('starts the first chunk after the header when told where the data begins', () => {
    const text = 'email,name\na@x.io,A\nb@x.io,B\n';
    const bytes = encode(text, 'byte');
    const chunks = planChunks(scanAsUploaded(bytes, 8, 4, 0x0a, 'byte', random(1)), 1, {
      start: 'email,name\n'.length,
      firstLine: 2,
    });
    expect(chunks.map((c) => [c.start, c.firstLine])).toEqual([
      [11, 2],
      [20, 3],
    ]);
    expect(chunks.flatMap((c) => rowsOf(decode(bytes.subarray(c.start, c.end), 'byte')))).toEqual([
      ['a@x.io', 'A'],
      ['b@x.io', 'B'],
    ]);
  });

  it('plans nothing for an empty file', () => {
    expect(planChunks([], 100)).toEqual([]);
  });
});
