// The torture corpus: small CSV files that break naive importers, generated here (never
// hand-made blobs), each with the counts a correct import must produce. Expected counts are
// written by hand from each file's content, not computed by the code under test.

export type Reason =
  | 'email_invalid'
  | 'phone_invalid'
  | 'country_unknown'
  | 'no_identifier'
  | 'column_count'
  | 'unterminated_quote'
  | 'stray_quote'
  | 'nul_byte';

export interface TortureFile {
  name: string;
  bytes: Uint8Array;
  expected: { accepted: number; rejected: Partial<Record<Reason, number>>; duplicates: number };
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const utf16le = (text: string) => {
  const out = new Uint8Array(2 + text.length * 2);
  out.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    out[2 + i * 2] = text.charCodeAt(i) & 0xff;
    out[3 + i * 2] = text.charCodeAt(i) >> 8;
  }
  return out;
};
/** Latin-1 bytes (every character here is below U+0100). */
const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

const HEADER = 'Email,First Name,Phone,Country';
const ok = (accepted: number, duplicates = 0) => ({ accepted, rejected: {}, duplicates });

export function tortureCorpus(): TortureFile[] {
  return [
    {
      name: 'utf-8 with BOM',
      bytes: concat(
        new Uint8Array([0xef, 0xbb, 0xbf]),
        utf8(`${HEADER}\na@acme.com,Ann,,US\nb@acme.com,Bo,,US\n`),
      ),
      expected: ok(2),
    },
    {
      name: 'utf-8 without BOM, accents',
      bytes: utf8(`${HEADER}\nzoe@acme.fr,Zoë,,France\nmuller@acme.de,Jürgen,,Deutschland\n`),
      expected: ok(2),
    },
    {
      name: 'utf-16 LE with BOM',
      bytes: utf16le(`${HEADER}\r\na@acme.com,Ann,,US\r\nb@acme.com,José,,Spain\r\n`),
      expected: ok(2),
    },
    {
      name: 'latin-1 accents, semicolons',
      // The unknown country proves the Latin-1 header `Pays` was decoded and mapped.
      bytes: latin1(
        'Email;Prénom;Pays\njose@acme.es;José;España\nfrancois@acme.fr;François;France\nx@acme.fr;X;Atlantis\n',
      ),
      expected: { accepted: 2, rejected: { country_unknown: 1 }, duplicates: 0 },
    },
    {
      name: 'CRLF',
      bytes: utf8(`${HEADER}\r\na@acme.com,A,,US\r\nb@acme.com,B,,US\r\n`),
      expected: ok(2),
    },
    {
      name: 'CR only',
      bytes: utf8(`${HEADER}\ra@acme.com,A,,US\rb@acme.com,B,,US\r`),
      expected: ok(2),
    },
    {
      name: 'LF, no final line end',
      bytes: utf8(`${HEADER}\na@acme.com,A,,US\nb@acme.com,B,,US`),
      expected: ok(2),
    },
    {
      name: 'quoted newlines and doubled quotes',
      bytes: utf8(`${HEADER}\na@acme.com,"Jane ""JJ""\nDoe",,US\n"b@acme.com","Smith, Bo",,"US"\n`),
      expected: ok(2),
    },
    {
      name: 'unterminated quote at end of file',
      bytes: utf8(`${HEADER}\na@acme.com,A,,US\nb@acme.com,B,,US\nc@acme.com,"Bob,,US\n`),
      expected: { accepted: 2, rejected: { unterminated_quote: 1 }, duplicates: 0 },
    },
    {
      name: 'stray quote inside an unquoted field',
      bytes: utf8(`${HEADER}\na@acme.com,The 5" Guy,,US\nb@acme.com,B,,US\n`),
      expected: { accepted: 1, rejected: { stray_quote: 1 }, duplicates: 0 },
    },
    {
      name: 'ragged rows',
      bytes: utf8(`${HEADER}\na@acme.com,A,,US\nb@acme.com,B\nc@acme.com,C,,US,extra\n`),
      expected: { accepted: 1, rejected: { column_count: 2 }, duplicates: 0 },
    },
    {
      name: 'empty lines',
      bytes: utf8(`${HEADER}\n\na@acme.com,A,,US\n\n\nb@acme.com,B,,US\n\n`),
      expected: ok(2),
    },
    {
      name: 'a 2 MB single field',
      bytes: utf8(`Email,Notes\na@acme.com,"${'x'.repeat(2 * 1024 * 1024)}"\nb@acme.com,short\n`),
      expected: ok(2),
    },
    {
      name: 'NUL bytes',
      bytes: utf8(`${HEADER}\na@acme.com,A\u0000B,,US\nb@acme.com,B,,US\n`),
      expected: { accepted: 1, rejected: { nul_byte: 1 }, duplicates: 0 },
    },
    {
      name: 'tab separated',
      bytes: utf8('Email\tFirst Name\na@acme.com\tA\nb@acme.com\tB\n'),
      expected: ok(2),
    },
    {
      name: 'pipe separated',
      bytes: utf8('Email|First Name\na@acme.com|A\nb@acme.com|B\n'),
      expected: ok(2),
    },
    {
      name: 'title lines above the header',
      bytes: utf8(
        `Exported from Acme CRM\nReport: Q3 leads\n\n${HEADER}\na@acme.com,A,,US\nb@acme.com,B,,US\n`,
      ),
      expected: ok(2),
    },
    {
      name: 'duplicate headers',
      bytes: utf8('Email,Email,First Name\na@acme.com,x@other.com,A\nb@acme.com,,B\n'),
      expected: ok(2),
    },
    { name: 'zero bytes', bytes: new Uint8Array(0), expected: ok(0) },
    { name: 'header only', bytes: utf8(`${HEADER}\n`), expected: ok(0) },
    {
      name: 'formula-like cells',
      bytes: utf8(`${HEADER}\na@acme.com,=1+2,,US\n"=cmd|' /C calc'!A0",B,,US\n`),
      expected: { accepted: 1, rejected: { email_invalid: 1 }, duplicates: 0 },
    },
    {
      name: 'duplicates by normalised email',
      bytes: utf8(
        `${HEADER}\na@acme.com,A,,US\nA@ACME.com,A2,,US\njane.doe@gmail.com,J,,US\njanedoe+x@gmail.com,J2,,US\n`,
      ),
      expected: ok(2, 2),
    },
    {
      name: 'invalid values of each kind',
      bytes: utf8(
        `${HEADER}\njane at acme.com,J,,US\nb@acme.com,B,12345,US\nc@acme.com,C,,Atlantis\n,Nobody,,US\nok@acme.com,Ok,(415) 555-2671,US\n`,
      ),
      expected: {
        accepted: 1,
        rejected: { email_invalid: 1, phone_invalid: 1, country_unknown: 1, no_identifier: 1 },
        duplicates: 0,
      },
    },
  ];
}
