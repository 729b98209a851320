import { describe, expect, it } from 'vitest';
import {
  decodeSample,
  detectEncoding,
  detectHeaderRow,
  looksBinary,
  parseRecords,
  sniff,
  sniffDialect,
} from './sniff';

const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: (Uint8Array | number[])[]) =>
  Uint8Array.from(parts.flatMap((part) => Array.from(part)));
const withUtf8Bom = (text: string) => concat([0xef, 0xbb, 0xbf], utf8(text));

function utf16(text: string, endian: 'le' | 'be', bom = true): Uint8Array {
  const bytes: number[] = bom ? (endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const pair = [unit & 0xff, unit >> 8];
    bytes.push(...(endian === 'le' ? pair : pair.reverse()));
  }
  return Uint8Array.from(bytes);
}

/** Windows-1252 bytes for text limited to Latin-1 plus the euro sign. */
function windows1252(text: string): Uint8Array {
  return Uint8Array.from(Array.from(text, (ch) => (ch === '€' ? 0x80 : ch.charCodeAt(0))));
}

describe('detectEncoding', () => {
  it.each([
    ['UTF-8 with a BOM', withUtf8Bom('a,b\n'), { encoding: 'utf-8', bom: true, bomLength: 3 }],
    [
      'UTF-8 without a BOM',
      utf8('name,city\nJosé,Zürich\n'),
      { encoding: 'utf-8', bom: false, bomLength: 0 },
    ],
    [
      'UTF-16 LE with a BOM',
      utf16('a,b\n', 'le'),
      { encoding: 'utf-16le', bom: true, bomLength: 2 },
    ],
    [
      'UTF-16 BE with a BOM',
      utf16('a,b\n', 'be'),
      { encoding: 'utf-16be', bom: true, bomLength: 2 },
    ],
    [
      'UTF-16 LE without a BOM',
      utf16('name,city\n', 'le', false),
      { encoding: 'utf-16le', bom: false, bomLength: 0 },
    ],
    [
      'UTF-16 BE without a BOM',
      utf16('name,city\n', 'be', false),
      { encoding: 'utf-16be', bom: false, bomLength: 0 },
    ],
    [
      'Windows-1252 accents',
      windows1252('name\nMüller\nJosé\n'),
      { encoding: 'windows-1252', bom: false, bomLength: 0 },
    ],
    ['plain ASCII', utf8('a,b\n1,2\n'), { encoding: 'utf-8', bom: false, bomLength: 0 }],
  ])('recognises %s', (_, bytes, expected) => {
    expect(detectEncoding(bytes)).toEqual(expected);
  });

  it('does not mistake a UTF-8 sample cut mid-character for Windows-1252', () => {
    const twoByte = utf8('name\nJosé\nMü');
    const fourByte = utf8('name\nJosé\n🙂');
    expect(detectEncoding(twoByte.subarray(0, twoByte.length - 1)).encoding).toBe('utf-8');
    expect(detectEncoding(fourByte.subarray(0, fourByte.length - 2)).encoding).toBe('utf-8');
  });

  it('treats a lone lead byte at the end of a complete file as Windows-1252', () => {
    expect(detectEncoding(windows1252('name\nJosé'), { truncated: false }).encoding).toBe(
      'windows-1252',
    );
  });
});

describe('decodeSample', () => {
  it('decodes Windows-1252 accents and the euro sign from 0x80', () => {
    expect(decodeSample(windows1252('Müller;José;€5'), 'windows-1252')).toBe('Müller;José;€5');
  });

  it.each([
    ['UTF-8', withUtf8Bom('a,b'), 'utf-8'],
    ['UTF-16 LE', utf16('a,b', 'le'), 'utf-16le'],
    ['UTF-16 BE', utf16('a,b', 'be'), 'utf-16be'],
  ] as const)('drops the %s BOM', (_, bytes, encoding) => {
    expect(decodeSample(bytes, encoding)).toBe('a,b');
  });

  it('drops a character the sample cut in half instead of showing a replacement mark', () => {
    const bytes = utf8('a,Mü');
    expect(decodeSample(bytes.subarray(0, bytes.length - 1), 'utf-8', { truncated: true })).toBe(
      'a,M',
    );
    const wide = utf16('a,b', 'le');
    expect(decodeSample(wide.subarray(0, wide.length - 1), 'utf-16le', { truncated: true })).toBe(
      'a,',
    );
  });
});

describe('sniffDialect', () => {
  it.each([
    [',', 'name,email,city\nAda,ada@example.com,London\nBob,bob@example.com,Paris\n'],
    [';', 'name;amount;city\nAda;1,5;London\nBob;2,25;Paris\n'],
    ['\t', 'name\temail\tcity\nAda\tada@example.com\tLondon, UK\n'],
    ['|', 'name|email|city\nAda|ada@example.com|London\nBob|bob@example.com|Paris\n'],
  ])('picks %j as the delimiter', (delimiter, text) => {
    expect(sniffDialect(text).delimiter).toBe(delimiter);
  });

  it('is not fooled by delimiters and newlines inside quotes', () => {
    const text =
      'name;note\n"Ada";"says ""hi""; twice"\n"Bob";"line one\nline two; still note"\n"Cy";plain\n';
    expect(sniffDialect(text)).toMatchObject({ delimiter: ';', quote: '"' });
  });

  it('ignores the possibly cut last line', () => {
    expect(sniffDialect('a|b|c\n1|2|3\n4|5|6\n7,8,9,10,11').delimiter).toBe('|');
  });

  it.each([
    ['\r\n', 'a,b\r\n1,2\r\n'],
    ['\n', 'a,b\n1,2\n'],
    ['\r', 'a,b\r1,2\r'],
  ])('detects %j line breaks', (lineBreak, text) => {
    expect(sniffDialect(text).lineBreak).toBe(lineBreak);
  });
});

describe('parseRecords', () => {
  const comma = { delimiter: ',', quote: '"' } as const;

  it('handles quoted delimiters, doubled quotes and quoted newlines', () => {
    const text = 'a,b\n"x, y","say ""hi""\nagain"\nlast,row\n';
    expect(parseRecords(text, comma)).toEqual({
      records: [
        ['a', 'b'],
        ['x, y', 'say "hi"\nagain'],
        ['last', 'row'],
      ],
      lineNumbers: [1, 2, 4],
    });
  });

  it.each(['a,b\r\n1,2\r\n', 'a,b\n1,2\n', 'a,b\r1,2\r', 'a,b\r\n1,2'])(
    'splits %j into the same records',
    (text) => {
      expect(parseRecords(text, comma).records).toEqual([
        ['a', 'b'],
        ['1', '2'],
      ]);
    },
  );

  it('drops an incomplete final record of a truncated sample', () => {
    expect(parseRecords('a,b\n1,2\n3,"unfinished', comma, { truncated: true }).records).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseRecords('a,b\n1,2\n', comma, { truncated: true }).records).toHaveLength(2);
  });

  it('stops at maxRecords', () => {
    expect(parseRecords('a\nb\nc\nd\n', comma, { maxRecords: 2 }).records).toEqual([['a'], ['b']]);
  });
});

describe('detectHeaderRow', () => {
  it('finds the header below title lines and a blank line', () => {
    const records = [
      ['Exported from Salesforce'],
      ['Report: Q3 leads'],
      [''],
      ['Name', 'Email', 'Company', 'Score'],
      ['Ada', 'ada@example.com', 'Acme', '42'],
      ['Bob', 'bob@example.com', 'Initech', '17'],
    ];
    expect(detectHeaderRow(records)).toEqual({ headerIndex: 3 });
  });

  it('takes the first row when there are no title lines', () => {
    expect(
      detectHeaderRow([
        ['a', 'b'],
        ['1', '2'],
      ]),
    ).toEqual({ headerIndex: 0 });
  });

  it('handles no records', () => {
    expect(detectHeaderRow([])).toEqual({ headerIndex: 0 });
  });
});

describe('sniff', () => {
  it('reads a Windows-1252 export with title lines above the header', () => {
    const bytes = windows1252(
      'Exported from Salesforce\r\nReport: Q3 leads\r\n\r\nName;City;Revenue\r\nMüller;Köln;€5\r\nJosé;Málaga;€7\r\n',
    );
    const result = sniff(bytes, { truncated: false });
    expect(result).toMatchObject({
      encoding: 'windows-1252',
      bom: false,
      delimiter: ';',
      lineBreak: '\r\n',
      // Blank lines are not records: the header is the third record, on the fourth line.
      headerIndex: 2,
      headerLine: 4,
      headers: ['Name', 'City', 'Revenue'],
      preview: [
        ['Müller', 'Köln', '€5'],
        ['José', 'Málaga', '€7'],
      ],
    });
    expect(result.warnings).toContain('Skipped 3 lines above the header row.');
  });

  it('reads a UTF-16 LE file with a BOM', () => {
    const result = sniff(utf16('name\tcity\nAda\tLondon\n', 'le'), { truncated: false });
    expect(result).toMatchObject({
      encoding: 'utf-16le',
      bom: true,
      delimiter: '\t',
      headers: ['name', 'city'],
      preview: [['Ada', 'London']],
    });
  });

  it('drops the cut last row of a truncated UTF-8 sample', () => {
    const bytes = withUtf8Bom('name,city\nAda,London\nBob,Mü');
    const result = sniff(bytes.subarray(0, bytes.length - 1), { truncated: true });
    expect(result).toMatchObject({ encoding: 'utf-8', bom: true, preview: [['Ada', 'London']] });
  });

  it('dedupes and names headers, and says so', () => {
    const result = sniff(utf8('Name,name,,Email,Name\n1,2,3,4,5\n'), { truncated: false });
    expect(result.headers).toEqual(['Name', 'name (2)', 'Column 3', 'Email', 'Name (3)']);
    expect(result.warnings.some((w) => w.includes('"Name" appears more than once'))).toBe(true);
    expect(result.warnings.some((w) => w.includes('empty (column 3)'))).toBe(true);
  });

  it('warns about ragged preview rows', () => {
    const result = sniff(utf8('a,b,c\n1,2,3\n4,5\n6,7,8\n'), { truncated: false });
    expect(result.warnings).toContain(
      '1 preview row has a different number of fields than the header (3).',
    );
  });

  it('limits the preview to previewRows', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},x`).join('\n');
    expect(sniff(utf8(`id,v\n${rows}\n`), { truncated: false }).preview).toHaveLength(20);
    expect(
      sniff(utf8(`id,v\n${rows}\n`), { truncated: false, previewRows: 5 }).preview,
    ).toHaveLength(5);
  });

  it('handles a header-only file', () => {
    const result = sniff(utf8('name,email'), { truncated: false });
    expect(result).toMatchObject({ headerIndex: 0, headers: ['name', 'email'], preview: [] });
    expect(result.warnings).toContain('The file has a header but no data rows.');
  });

  it('handles an empty file', () => {
    const result = sniff(new Uint8Array(), { truncated: false });
    expect(result).toMatchObject({ encoding: 'utf-8', headers: [], preview: [] });
    expect(result.warnings).toContain('The file has no rows.');
  });
});

describe('looksBinary', () => {
  const latin1 = (text: string) => windows1252(text);

  it.each([
    ['xlsx', concat([0x50, 0x4b, 0x03, 0x04], latin1('....[Content_Types].xml....'))],
    ['xlsx', concat([0x50, 0x4b, 0x03, 0x04], latin1('....xl/workbook.xml....'))],
    ['zip', concat([0x50, 0x4b, 0x03, 0x04], latin1('....leads.csv....'))],
    ['xls', concat([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], [0, 0, 0])],
    ['gzip', concat([0x1f, 0x8b, 0x08, 0x00], [0, 0, 0])],
    ['pdf', latin1('%PDF-1.7\n%âãÏÓ\n')],
    ['binary', concat([0x01, 0x02, 0x00, 0x00, 0x03, 0x00, 0x41, 0x00, 0x00, 0x05, 0x06, 0x00])],
  ])('recognises %s', (kind, bytes) => {
    const result = looksBinary(bytes);
    expect(result).toMatchObject({ binary: true, kind });
  });

  it('tells the user how to turn an xlsx into a CSV', () => {
    const result = looksBinary(concat([0x50, 0x4b, 0x03, 0x04], latin1('xl/')));
    expect(result).toMatchObject({
      message:
        'This looks like an Excel workbook (.xlsx). Save it as CSV (File → Save As → CSV UTF-8) and upload that.',
    });
  });

  it.each([
    ['UTF-8 text', utf8('name,city\nJosé,Zürich\n')],
    ['UTF-16 text', utf16('name,city\nAda,London\n', 'le')],
    ['BOM-less UTF-16 text', utf16('name,city\nAda,London\n', 'be', false)],
    ['Windows-1252 text', windows1252('Müller;€5\n')],
    ['an empty file', new Uint8Array()],
  ])('lets %s through', (_, bytes) => {
    expect(looksBinary(bytes)).toEqual({ binary: false });
  });
});
