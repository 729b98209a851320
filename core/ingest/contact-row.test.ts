import { createHash, hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  classifyRecord,
  dedupeKey,
  normalizeContactRow,
  type ContactField,
  type RowRules,
} from './contact-row';

const sha256 = (input: Uint8Array) => new Uint8Array(createHash('sha256').update(input).digest());

const HEADERS = ['Work Email', 'Mobile', 'First', 'Company', 'Website', 'Country', 'Notes'];
const MAPPING: Array<ContactField | null> = [
  'email',
  'phone',
  'first_name',
  'company_name',
  'company_domain',
  'country',
  null,
];

function rules(overrides: Partial<RowRules> = {}): RowRules {
  return {
    headers: HEADERS,
    mapping: MAPPING,
    defaultCountry: 'US',
    required: [],
    keepUnmapped: false,
    sha256,
    ...overrides,
  };
}

describe('a source row to a contact', () => {
  it('normalises every mapped field and hashes identifiers for UID2', () => {
    const result = normalizeContactRow(
      [
        ' USER@example.com ',
        '1 (234) 567-8901',
        ' Jane ',
        'Acme Inc',
        'https://www.acme.com/',
        'United States',
        'vip',
      ],
      rules(),
    );
    expect(result).toEqual({
      ok: true,
      record: {
        email: 'user@example.com',
        emailHash: 'tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ=',
        phone: '+12345678901',
        phoneHash: 'EObwtHBUqDNZR33LNSMdtt5cafsYFuGmuY4ZLenlue4=',
        companyDomain: 'acme.com',
        country: 'US',
        fields: { first_name: 'Jane', company_name: 'Acme Inc' },
        custom: {},
      },
    });
  });

  it("reads a phone in the row's own country before the upload's default", () => {
    const uk = normalizeContactRow(['a@acme.com', '020 7946 0958', '', '', '', 'UK', ''], rules());
    expect(uk.ok && uk.record.phone).toBe('+442079460958');
    const noCountry = normalizeContactRow(
      ['a@acme.com', '020 7946 0958', '', '', '', '', ''],
      rules(),
    );
    expect(noCountry).toEqual({
      ok: false,
      problems: [{ column: 'Mobile', reason: 'phone_invalid' }],
    });
  });

  it('keeps unmapped columns as custom attributes when asked', () => {
    const result = normalizeContactRow(
      ['a@acme.com', '', '', '', '', '', 'vip'],
      rules({ keepUnmapped: true }),
    );
    expect(result.ok && result.record.custom).toEqual({ Notes: 'vip' });
  });

  it('takes the company domain from a work email, never from a free-mail one', () => {
    const work = normalizeContactRow(['jane@eu.acme.com', '', '', '', '', '', ''], rules());
    const free = normalizeContactRow(['jane@gmail.com', '', '', '', '', '', ''], rules());
    expect(work.ok && work.record.companyDomain).toBe('acme.com');
    expect(free.ok && free.record.companyDomain).toBeNull();
  });

  it('names every invalid column with its reason', () => {
    expect(
      normalizeContactRow(['not-an-email', '12', '', '', 'nope', 'Atlantis', ''], rules()),
    ).toEqual({
      ok: false,
      problems: [
        { column: 'Work Email', reason: 'email_invalid' },
        { column: 'Mobile', reason: 'phone_invalid' },
        { column: 'Website', reason: 'domain_invalid' },
        { column: 'Country', reason: 'country_unknown' },
      ],
    });
  });

  it('refuses a row without any identifier, or without a required one', () => {
    expect(normalizeContactRow(['N/A', '', 'Jane', '', '', '', ''], rules())).toEqual({
      ok: false,
      problems: [{ column: null, reason: 'no_identifier' }],
    });
    expect(
      normalizeContactRow(
        ['', '+1 415 555 2671', '', '', '', '', ''],
        rules({ required: ['email'] }),
      ),
    ).toEqual({ ok: false, problems: [{ column: 'Work Email', reason: 'required_missing' }] });
  });

  it('gives the same record with a one-call Base64 hash as with sha256 and our Base64', () => {
    const hashBase64 = (normalized: string) => hash('sha256', normalized, 'base64');
    const cells = ['Jane.Doe+x@Gmail.com', '+44 20 7946 0958', 'Jane', '', '', 'UK', ''];
    const viaSha256 = normalizeContactRow(cells, rules());
    expect(normalizeContactRow(cells, rules({ hashBase64 }))).toEqual(viaSha256);
    expect(viaSha256.ok && viaSha256.record.emailHash).toBe(hashBase64('janedoe@gmail.com'));
  });

  it('keeps the first value of a field mapped from two columns, in column order', () => {
    const result = normalizeContactRow(
      ['a@acme.com', '', 'Jane', 'Acme', '', '', 'Janet'],
      rules({
        mapping: ['email', 'phone', 'first_name', 'company_name', null, null, 'first_name'],
      }),
    );
    expect(result.ok && JSON.stringify(result.record.fields)).toBe(
      JSON.stringify({ first_name: 'Jane', company_name: 'Acme' }),
    );
  });

  it('refuses a ragged row as a whole', () => {
    expect(normalizeContactRow(['a@acme.com', 'extra'], rules())).toEqual({
      ok: false,
      problems: [{ column: null, reason: 'column_count' }],
    });
  });
});

describe('de-duplication key', () => {
  const record = (cells: string[]) => {
    const result = normalizeContactRow(cells, rules());
    if (!result.ok) throw new Error('expected a valid row');
    return result.record;
  };

  it('is the same for two spellings of one gmail mailbox', () => {
    expect(dedupeKey(record(['Jane.Doe+x@gmail.com', '', '', '', '', '', '']))).toBe(
      dedupeKey(record(['janedoe@gmail.com', '', '', '', '', '', ''])),
    );
  });

  it('falls back to the phone, and is null with neither', () => {
    expect(dedupeKey(record(['', '(415) 555-2671', '', '', '', '', '']))).toMatch(/^p:/);
    expect(dedupeKey(record(['', '', '', '', 'acme.com', '', '']))).toBeNull();
  });
});

describe('classifying the records of a file', () => {
  it('rejects malformed records and invalid rows, and keeps the first of each person', () => {
    const seen = new Set<string>();
    const classify = (cells: string[], problem: 'stray_quote' | null = null) =>
      classifyRecord({ cells, problem }, rules(), seen);
    expect(classify(['a@acme.com', '', '', '', '', '', ''], 'stray_quote')).toEqual({
      outcome: 'rejected',
      problems: [{ column: null, reason: 'stray_quote' }],
    });
    expect(classify(['bad', '', '', '', '', '', '']).outcome).toBe('rejected');
    expect(classify(['a@acme.com', '', 'First', '', '', '', '']).outcome).toBe('accepted');
    expect(classify(['A@ACME.com', '', 'Again', '', '', '', '']).outcome).toBe('duplicate');
    // Rows without a de-duplication key are never duplicates of each other.
    expect(classify(['', '', '', '', 'acme.com', '', '']).outcome).toBe('accepted');
    expect(classify(['', '', '', '', 'acme.com', '', '']).outcome).toBe('accepted');
  });
});
