import { z } from 'zod';
import countryCodes from 'i18n-iso-countries/codes.json';
import englishNames from 'i18n-iso-countries/langs/en.json';
import type { Operator } from './definition';

/*
 * The fields an audience condition can test. Each has a type, and the type decides the operators.
 *
 * Where a person's company is known (by domain), company fields come from the company record
 * (shared by everyone at that company, enriched by Bombora later) and fall back to what the
 * person's own row said: `industry` is the company's industry when we know it, else the one from
 * the contact's upload. Custom attributes are the unmapped columns kept from uploads.
 */

export const FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'enum'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const OPERATORS_BY_TYPE: Readonly<Record<FieldType, readonly Operator[]>> = {
  text: [
    'eq',
    'neq',
    'in',
    'not_in',
    'contains',
    'starts_with',
    'ends_with',
    'is_empty',
    'is_not_empty',
  ],
  number: ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'between', 'is_empty', 'is_not_empty'],
  date: ['before', 'after', 'within_last', 'is_empty', 'is_not_empty'],
  boolean: ['is_true', 'is_false'],
  enum: ['eq', 'neq', 'in', 'not_in', 'is_empty', 'is_not_empty'],
};

export const OPERATOR_LABELS: Readonly<Record<Operator, string>> = {
  eq: 'is',
  neq: 'is not',
  in: 'is any of',
  not_in: 'is none of',
  contains: 'contains',
  starts_with: 'starts with',
  ends_with: 'ends with',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  between: 'is between',
  before: 'is before',
  after: 'is after',
  within_last: 'is within the last (days)',
  is_true: 'is true',
  is_false: 'is false',
};

/** Where a field's value comes from. */
export type FieldSource =
  /** A column of `contacts`. */
  | { kind: 'contact'; column: ContactColumn }
  /** A column of the company record, else (when given) the contact's own column. */
  | { kind: 'company'; column: CompanyColumn; fallback?: ContactColumn }
  /** Whether a contact column has a value. */
  | { kind: 'present'; column: ContactColumn }
  /** A kept, unmapped upload column (`contacts.custom` JSON). */
  | { kind: 'custom'; key: string };

export const CONTACT_COLUMNS = [
  'email_hash',
  'phone_hash',
  'first_name',
  'last_name',
  'title',
  'seniority',
  'company_name',
  'company_domain',
  'industry',
  'company_size',
  'revenue',
  'country',
  'city',
  'state',
  'postal_code',
  'linkedin_url',
  'quality',
  'created_at',
  'updated_at',
] as const;
export type ContactColumn = (typeof CONTACT_COLUMNS)[number];

export const COMPANY_COLUMNS = [
  'name',
  'industry',
  'size_band',
  'employees',
  'revenue_band',
  'country',
] as const;
export type CompanyColumn = (typeof COMPANY_COLUMNS)[number];

export interface FieldDef {
  id: string;
  label: string;
  group: 'Contact' | 'Company' | 'Custom attributes';
  type: FieldType;
  source: FieldSource;
  description?: string;
  /** For enum fields: the allowed values. */
  options?: ReadonlyArray<{ value: string; label: string }>;
}

const ISO_ALPHA2 = new Set((countryCodes as Array<[string, ...string[]]>).map((c) => c[0]));
const COUNTRY_NAMES = englishNames.countries as Record<string, string | string[]>;
const countries = Object.keys(COUNTRY_NAMES)
  .filter((code) => ISO_ALPHA2.has(code))
  .map((code) => {
    const name = COUNTRY_NAMES[code]!;
    return { value: code, label: Array.isArray(name) ? (name[0] ?? code) : name };
  })
  .sort((a, b) => a.label.localeCompare(b.label));

const contact = (column: ContactColumn): FieldSource => ({ kind: 'contact', column });

export const BUILT_IN_FIELDS: readonly FieldDef[] = [
  {
    id: 'first_name',
    label: 'First name',
    group: 'Contact',
    type: 'text',
    source: contact('first_name'),
  },
  {
    id: 'last_name',
    label: 'Last name',
    group: 'Contact',
    type: 'text',
    source: contact('last_name'),
  },
  { id: 'title', label: 'Job title', group: 'Contact', type: 'text', source: contact('title') },
  {
    id: 'seniority',
    label: 'Seniority',
    group: 'Contact',
    type: 'text',
    source: contact('seniority'),
  },
  {
    id: 'country',
    label: 'Country',
    group: 'Contact',
    type: 'enum',
    source: contact('country'),
    options: countries,
    description: 'ISO 3166 country of the person, as normalised at upload',
  },
  { id: 'city', label: 'City', group: 'Contact', type: 'text', source: contact('city') },
  {
    id: 'state',
    label: 'State / region',
    group: 'Contact',
    type: 'text',
    source: contact('state'),
  },
  {
    id: 'postal_code',
    label: 'Postal code',
    group: 'Contact',
    type: 'text',
    source: contact('postal_code'),
  },
  {
    id: 'has_email',
    label: 'Has an email',
    group: 'Contact',
    type: 'boolean',
    source: { kind: 'present', column: 'email_hash' },
  },
  {
    id: 'has_phone',
    label: 'Has a phone number',
    group: 'Contact',
    type: 'boolean',
    source: { kind: 'present', column: 'phone_hash' },
  },
  {
    id: 'has_linkedin',
    label: 'Has a LinkedIn profile',
    group: 'Contact',
    type: 'boolean',
    source: { kind: 'present', column: 'linkedin_url' },
  },
  {
    id: 'quality',
    label: 'Record quality (0–100)',
    group: 'Contact',
    type: 'number',
    source: contact('quality'),
  },
  { id: 'added_at', label: 'Added', group: 'Contact', type: 'date', source: contact('created_at') },
  {
    id: 'updated_at',
    label: 'Last updated',
    group: 'Contact',
    type: 'date',
    source: contact('updated_at'),
  },
  {
    id: 'company_domain',
    label: 'Company domain',
    group: 'Company',
    type: 'text',
    source: contact('company_domain'),
  },
  {
    id: 'company_name',
    label: 'Company name',
    group: 'Company',
    type: 'text',
    source: { kind: 'company', column: 'name', fallback: 'company_name' },
  },
  {
    id: 'industry',
    label: 'Industry',
    group: 'Company',
    type: 'text',
    source: { kind: 'company', column: 'industry', fallback: 'industry' },
  },
  {
    id: 'employees',
    label: 'Employees',
    group: 'Company',
    type: 'number',
    source: { kind: 'company', column: 'employees' },
    description: 'From the company size; a band such as "201-500" counts as its lower bound',
  },
  {
    id: 'company_size',
    label: 'Company size band',
    group: 'Company',
    type: 'text',
    source: { kind: 'company', column: 'size_band', fallback: 'company_size' },
  },
  {
    id: 'revenue',
    label: 'Revenue band',
    group: 'Company',
    type: 'text',
    source: { kind: 'company', column: 'revenue_band', fallback: 'revenue' },
  },
  {
    id: 'hq_country',
    label: 'Company HQ country',
    group: 'Company',
    type: 'enum',
    source: { kind: 'company', column: 'country' },
    options: countries,
  },
];

export const CUSTOM_FIELD_PREFIX = 'custom.';
export const customFieldId = (key: string) => `${CUSTOM_FIELD_PREFIX}${key}`;

/** The catalog of one organisation: the built-in fields plus its custom attributes. */
export interface FieldCatalog {
  fields: readonly FieldDef[];
  byId: ReadonlyMap<string, FieldDef>;
}

export function fieldCatalog(customKeys: Iterable<string> = []): FieldCatalog {
  const custom: FieldDef[] = [...new Set(customKeys)]
    .filter((key) => key.trim() !== '')
    .sort((a, b) => a.localeCompare(b))
    .map((key) => ({
      id: customFieldId(key),
      label: key,
      group: 'Custom attributes',
      type: 'text',
      source: { kind: 'custom', key },
    }));
  const fields = [...BUILT_IN_FIELDS, ...custom];
  return { fields, byId: new Map(fields.map((f) => [f.id, f])) };
}

/** The catalog as the API serves it (`GET /api/audiences/fields`). */
export const FieldViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  group: z.string(),
  type: z.enum(FIELD_TYPES),
  operators: z.array(z.string()),
  description: z.string().optional(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
});
export type FieldView = z.infer<typeof FieldViewSchema>;

export function fieldView(field: FieldDef): FieldView {
  return {
    id: field.id,
    label: field.label,
    group: field.group,
    type: field.type,
    operators: [...OPERATORS_BY_TYPE[field.type]],
    ...(field.description ? { description: field.description } : {}),
    ...(field.options ? { options: [...field.options] } : {}),
  };
}

/**
 * Employees from a company-size text: the first whole number, thousands separators and spaces
 * ignored, a `k` suffix meaning thousands ("201-500" → 201, "1,000+" → 1000, "10k" → 10000).
 */
export function parseEmployeeCount(text: string | null | undefined): number | null {
  if (!text) return null;
  const match = /^(\d+(?:\.\d+)?)(k)?/i.exec(text.replace(/[\s,]/g, ''));
  if (!match) return null;
  const n = Math.floor(Number(match[1]) * (match[2] ? 1000 : 1));
  return Number.isSafeInteger(n) ? n : null;
}
