import { describe, expect, it } from 'vitest';
import {
  FUZZY_THRESHOLD,
  headerSignature,
  normaliseHeader,
  suggestMapping,
  SYNONYMS,
  TargetFieldSchema,
  type ColumnSuggestion,
  type TargetField,
} from './column-mapping';

const only = (header: string): ColumnSuggestion => {
  const [suggestion] = suggestMapping([header]);
  if (!suggestion) throw new Error('expected one suggestion');
  return suggestion;
};

const fields = (headers: string[], saved?: Record<string, string | null>) =>
  suggestMapping(headers, { saved }).map((s) => s.field);

describe('exact matches', () => {
  it.each(TargetFieldSchema.options)('maps the field name %s itself with confidence 1', (field) => {
    expect(only(field)).toMatchObject({ field, confidence: 1, method: 'exact' });
  });

  it.each([
    ['First Name', 'first_name'],
    ['  COMPANY   name ', 'company_name'],
    ['postal-code', 'postal_code'],
    ['LinkedIn_URL', 'linkedin_url'],
  ] as const)('ignores case and punctuation: %s → %s', (header, field) => {
    expect(only(header)).toMatchObject({ field, confidence: 1, method: 'exact' });
  });
});

describe('synonyms', () => {
  const families: Record<TargetField, string[]> = {
    email: ['E-mail', 'Work Email', 'email_address', 'Email Address', 'Business Email', 'mail'],
    phone: ['Mobile', 'Cell', 'Phone Number', 'Tel', 'Telephone', 'Direct Dial', 'Work Phone'],
    first_name: ['First', 'Given Name', 'fname', 'FirstName'],
    last_name: ['Surname', 'Family Name', 'lname', 'LastName'],
    full_name: ['Name', 'Full Name', 'Contact Name'],
    title: ['Job Title', 'Position', 'Role'],
    seniority: ['Seniority Level', 'Job Level'],
    company_name: ['Organization', 'Company', 'Account Name', 'Employer'],
    company_domain: ['Company Website', 'Website', 'Domain', 'URL', 'Company Domain', 'Web'],
    country: ['Country Code', 'Nation'],
    industry: ['Sector', 'Vertical'],
    company_size: ['Employees', 'Company Size', 'Headcount', '# Employees', 'Number of Employees'],
    revenue: ['Annual Revenue', 'Turnover'],
    city: ['Town'],
    state: ['Province', 'Region'],
    postal_code: ['Zip', 'Postcode', 'ZIP Code'],
    linkedin_url: ['LinkedIn', 'LinkedIn Profile'],
    external_id: ['ID', 'Contact ID', 'CRM ID', 'Record ID'],
  };
  const cases = Object.entries(families).flatMap(([field, headers]) =>
    headers.map((header) => [header, field] as const),
  );

  it.each(cases)('maps %s → %s', (header, field) => {
    const s = only(header);
    expect(s.field).toBe(field);
    expect(['exact', 'synonym']).toContain(s.method);
    expect(s.confidence).toBe(s.method === 'exact' ? 1 : 0.95);
  });

  it('gives each synonym to exactly one field', () => {
    const seen = new Map<string, TargetField>();
    for (const field of TargetFieldSchema.options) {
      for (const phrase of [field.replaceAll('_', ' '), ...SYNONYMS[field]]) {
        const key = normaliseHeader(phrase).replaceAll(' ', '');
        expect(seen.get(key) ?? field, `"${phrase}"`).toBe(field);
        seen.set(key, field);
      }
    }
  });

  it('maps accented and French headers through the same table', () => {
    expect(fields(['Prénom', 'Nom', 'Société', 'Téléphone', 'Code Postal', 'Pays'])).toEqual([
      'first_name',
      'last_name',
      'company_name',
      'phone',
      'postal_code',
      'country',
    ]);
  });
});

describe('fuzzy matches', () => {
  it.each([
    ['Emial', 'email'],
    ['Compnay Name', 'company_name'],
    ['Frist Name', 'first_name'],
    ['Surnmae', 'last_name'],
    ['Jbo Title', 'title'],
    ['Primary Work Email Address', 'email'],
    ['Mobile Phone Number', 'phone'],
    ['Annual Revenue (USD)', 'revenue'],
    ['Contact First Name', 'first_name'],
    ['Company Country', 'country'],
    ['Zip/Postal Code', 'postal_code'],
  ] as const)('maps %s → %s with a confidence below a synonym', (header, field) => {
    const s = only(header);
    expect(s).toMatchObject({ field, method: 'fuzzy' });
    expect(s.confidence).toBeGreaterThanOrEqual(FUZZY_THRESHOLD);
    expect(s.confidence).toBeLessThan(0.95);
  });

  it.each([
    'Email Opt Out',
    'Phone Type',
    'Account Owner',
    'Last Modified',
    'Lead Status',
    'Do Not Call',
    'County',
    'Favourite Colour',
    'Notes',
  ])('leaves %s unmapped', (header) => {
    expect(only(header)).toMatchObject({ field: null, confidence: 0, method: 'none' });
  });
});

describe('blank headers', () => {
  it.each(['', '   ', '---', '#'])('maps %j to nothing', (header) => {
    expect(only(header)).toMatchObject({ field: null, confidence: 0, method: 'none' });
  });
});

describe('one column per field', () => {
  it('gives a field to the exact match and leaves a weaker rival unmapped', () => {
    expect(fields(['Secondary Email', 'Email'])).toEqual([null, 'email']);
  });

  it('breaks a tie in favour of the leftmost column', () => {
    const [first, second] = suggestMapping(['E-mail', 'Work Email']);
    expect(first).toMatchObject({ field: 'email', method: 'synonym' });
    expect(second).toMatchObject({ field: null, method: 'none', confidence: 0 });
  });

  it('lets a losing column fall back to its next-best field', () => {
    // "Company Country" wants country, then company_name; the exact Country column wins country.
    const [country, companyCountry] = suggestMapping(['Country', 'Company Country']);
    expect(country?.field).toBe('country');
    expect(companyCountry).toMatchObject({ field: 'company_name', method: 'fuzzy' });
  });

  it('never assigns a field twice on a realistic export', () => {
    const headers = [
      'Record ID',
      'First Name',
      'Last Name',
      'Email',
      'Phone Number',
      'Job Title',
      'Company',
      'Website',
      'Employees',
      'Annual Revenue',
      'City',
      'State/Region',
      'Country',
      'Postal Code',
      'LinkedIn URL',
      'Email Opt Out',
    ];
    expect(fields(headers)).toEqual([
      'external_id',
      'first_name',
      'last_name',
      'email',
      'phone',
      'title',
      'company_name',
      'company_domain',
      'company_size',
      'revenue',
      'city',
      'state',
      'country',
      'postal_code',
      'linkedin_url',
      null,
    ]);
  });

  it('returns one suggestion per header, in order, with its index', () => {
    const headers = ['Email', '', 'Email'];
    expect(suggestMapping(headers).map((s) => [s.index, s.header])).toEqual([
      [0, 'Email'],
      [1, ''],
      [2, 'Email'],
    ]);
    expect(fields(headers)).toEqual(['email', null, null]);
  });
});

describe('saved mappings', () => {
  it('override the automatic suggestion', () => {
    const [s] = suggestMapping(['Email'], { saved: { Email: 'external_id' } });
    expect(s).toMatchObject({ field: 'external_id', confidence: 1, method: 'saved' });
  });

  it('keep a column the user chose to skip unmapped', () => {
    const [s] = suggestMapping(['Email'], { saved: { Email: null } });
    expect(s).toMatchObject({ field: null, confidence: 1, method: 'saved' });
  });

  it('take precedence over an exact match for the same field', () => {
    expect(fields(['Email', 'Work Address'], { 'Work Address': 'email' })).toEqual([null, 'email']);
  });

  it('find the header regardless of case and spacing', () => {
    expect(fields(['  work ADDRESS'], { 'Work Address': 'city' })).toEqual(['city']);
  });

  it('ignore a saved field that no longer exists', () => {
    const [s] = suggestMapping(['Email'], { saved: { Email: 'fax' } });
    expect(s).toMatchObject({ field: 'email', method: 'exact' });
  });
});

describe('headerSignature', () => {
  it('is blind to case, accents, punctuation and spacing', () => {
    expect(headerSignature(['First Name', 'E-Mail', 'Société'])).toBe(
      headerSignature(['  first_name', 'e mail', 'SOCIETE ']),
    );
  });

  it('depends on column order', () => {
    expect(headerSignature(['Email', 'Name'])).not.toBe(headerSignature(['Name', 'Email']));
  });

  it('tells apart header rows that differ in one column', () => {
    expect(headerSignature(['Email', 'Name'])).not.toBe(headerSignature(['Email', 'Phone']));
    expect(headerSignature(['a b', 'c'])).not.toBe(headerSignature(['a', 'b c']));
  });

  it('is a readable, stable string', () => {
    expect(headerSignature(['First Name', 'Email'])).toBe('first_name|email');
  });
});
