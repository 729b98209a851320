import { describe, expect, it } from 'vitest';
import { readRecords, type RecordOptions } from './records';

const options = (overrides: Partial<RecordOptions> = {}): RecordOptions => ({
  dialect: { delimiter: ',', quote: '"' },
  width: 'utf-8',
  byteOffset: 0,
  firstLine: 1,
  ...overrides,
});

const read = (text: string, overrides: Partial<RecordOptions> = {}) => [
  ...readRecords(text, options(overrides)),
];

describe('records of a chunk', () => {
  it('splits fields and records with LF, CRLF and CR line ends', () => {
    for (const lineEnd of ['\n', '\r\n', '\r']) {
      expect(read(`a,b${lineEnd}c,d${lineEnd}`).map((r) => r.cells)).toEqual([
        ['a', 'b'],
        ['c', 'd'],
      ]);
    }
  });

  it('keeps delimiters, doubled quotes and line breaks inside quoted fields', () => {
    const [record] = read('"x, y","say ""hi""","two\nlines"\n');
    expect(record!.cells).toEqual(['x, y', 'say "hi"', 'two\nlines']);
    expect(record!.problem).toBeNull();
  });

  it('numbers physical lines, counting quoted line breaks and skipped blank lines', () => {
    const records = read('a\n"b\nb"\n\nc\n', { firstLine: 10 });
    expect(records.map((r) => [r.cells[0], r.line])).toEqual([
      ['a', 10],
      ['b\nb', 11],
      ['c', 14],
    ]);
  });

  it('gives each record its exact byte offset in the file, with multi-byte characters', () => {
    const text = 'Zoë,€\n"a\r\nb",😊\nlast,x';
    const records = read(text, { byteOffset: 1000 });
    const encoder = new TextEncoder();
    for (const record of records) {
      const charIndex = text.indexOf(record.raw);
      expect(record.byteOffset).toBe(1000 + encoder.encode(text.slice(0, charIndex)).length);
    }
    expect(records.map((r) => r.raw)).toEqual(['Zoë,€', '"a\r\nb",😊', 'last,x']);
  });

  it('counts single-byte and UTF-16 sources by their own widths', () => {
    expect(read('é,1\nü,2\n', { width: 'single-byte' })[1]!.byteOffset).toBe(4);
    expect(read('é,1\nü,2\n', { width: 'utf-16' })[1]!.byteOffset).toBe(8);
  });

  it('flags an unterminated quote at the end, a stray quote and a NUL byte, keeping the raw text', () => {
    expect(read('a,"never closed\nb,c')).toEqual([
      {
        cells: ['a', 'never closed\nb,c'],
        line: 1,
        byteOffset: 0,
        raw: 'a,"never closed\nb,c',
        problem: 'unterminated_quote',
      },
    ]);
    expect(read('5" screen,x\n')[0]!.problem).toBe('stray_quote');
    expect(read('"abc"def,x\n')[0]!.problem).toBe('stray_quote');
    expect(read('a\0b,x\n')[0]!.problem).toBe('nul_byte');
  });

  it('reads semicolon, tab and pipe files and keeps ragged rows as they are', () => {
    expect(
      read('a;b\n1;2;3\n', { dialect: { delimiter: ';', quote: '"' } }).map((r) => r.cells),
    ).toEqual([
      ['a', 'b'],
      ['1', '2', '3'],
    ]);
    expect(read('a\tb\n', { dialect: { delimiter: '\t', quote: '"' } })[0]!.cells).toEqual([
      'a',
      'b',
    ]);
    expect(read('a|b\n', { dialect: { delimiter: '|', quote: '"' } })[0]!.cells).toEqual([
      'a',
      'b',
    ]);
  });

  it('yields nothing for an empty chunk or blank lines only, and keeps empty fields', () => {
    expect(read('')).toEqual([]);
    expect(read('\n\r\n\n')).toEqual([]);
    expect(read(',,\n')[0]!.cells).toEqual(['', '', '']);
  });
});
