import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dedupeKeyBytes, KEY_KIND, mergeExamples, processChunk, type ChunkInput } from './chunk';
import type { ContactField } from './contact-row';
import { recordQuality } from './quality';

const sha256 = (input: Uint8Array) => new Uint8Array(createHash('sha256').update(input).digest());

const HEADERS = ['Email', 'Phone', 'First', 'Customer ID'];
const MAPPING: Array<ContactField | null> = ['email', 'phone', 'first_name', 'external_id'];

function input(overrides: Partial<ChunkInput> = {}): ChunkInput {
  return {
    rules: {
      headers: HEADERS,
      mapping: MAPPING,
      defaultCountry: 'US',
      required: [],
      keepUnmapped: false,
      sha256,
    },
    dialect: { delimiter: ',', quote: '"' },
    width: 'utf-8',
    byteOffset: 1000,
    firstLine: 40,
    matchOn: null,
    uploadId: 'up-1',
    ...overrides,
  };
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('one chunk through the pipeline', () => {
  const text = [
    'ann@example.com,,Ann,A1',
    'not-an-email,,Bad,A2',
    '"ann@example.com",,Ann again,A3',
    ',+1 650 253 0000,Phone Only,A4',
    'short,row',
    ',,Nobody,A6',
    '',
  ].join('\n');

  it('keeps valid rows with their physical lines and keys, and every reject with where it was', () => {
    const result = processChunk(text, input());
    expect(result.rows.map((r) => [r.line, r.record.fields.first_name])).toEqual([
      [40, 'Ann'],
      [42, 'Ann again'],
      [43, 'Phone Only'],
    ]);
    // The same person gets the same key; de-duplication is the writer's (it compares lines).
    expect(hex(result.rows[0]!.key)).toBe(hex(result.rows[1]!.key));
    expect(result.rows[0]!.key[0]).toBe(KEY_KIND.email);
    expect(result.rows[2]!.key[0]).toBe(KEY_KIND.phone);
    expect(result.rejects.map((r) => [r.line, r.reason, r.column])).toEqual([
      [41, 'email_invalid', 'Email'],
      [44, 'column_count', null],
      [45, 'no_identifier', null],
    ]);
    const second = result.rejects[0]!;
    expect(second.raw).toBe('not-an-email,,Bad,A2');
    expect(second.byteOffset).toBe(1000 + Buffer.byteLength('ann@example.com,,Ann,A1\n'));
    expect(result.tally).toMatchObject({ rows: 6, accepted: 3, rejected: 3 });
  });

  it('keeps at most three examples per reason, lowest lines first across chunks', () => {
    const bad = Array.from({ length: 5 }, (_, i) => `bad${i},,X,${i}`).join('\n');
    const a = processChunk(bad, input({ firstLine: 100 }));
    const b = processChunk(bad, input({ firstLine: 10 }));
    expect(a.examples).toHaveLength(3);
    expect(mergeExamples([a.examples, b.examples]).map((e) => e.line)).toEqual([10, 11, 12]);
  });
});

describe('the key that identifies a person', () => {
  const record = (over: Partial<ReturnType<typeof base>> = {}) => ({ ...base(), ...over });
  const base = () => ({
    email: null as string | null,
    emailHash: null as string | null,
    phone: null as string | null,
    phoneHash: null as string | null,
    companyDomain: null as string | null,
    country: null as string | null,
    fields: { external_id: 'CUST-9' } as Partial<Record<ContactField, string>>,
    custom: {},
  });

  it('is the email hash, else the phone hash, with a kind byte', () => {
    const hash = Buffer.alloc(32, 7).toString('base64');
    const key = dedupeKeyBytes(record({ emailHash: hash, phoneHash: hash }), 1, input());
    expect(key).toHaveLength(33);
    expect(key[0]).toBe(KEY_KIND.email);
    expect(key.subarray(1)).toEqual(new Uint8Array(32).fill(7));
    expect(dedupeKeyBytes(record({ phoneHash: hash }), 1, input())[0]).toBe(KEY_KIND.phone);
  });

  it('uses the chosen match column case-insensitively when there is neither', () => {
    const options = input({ matchOn: 'external_id' });
    const a = dedupeKeyBytes(record(), 1, options);
    const b = dedupeKeyBytes(record({ fields: { external_id: 'cust-9' } }), 2, options);
    expect(a[0]).toBe(KEY_KIND.match);
    expect(hex(a)).toBe(hex(b));
  });

  it('never merges rows nothing identifies, but keys them the same on a retry', () => {
    const a = dedupeKeyBytes(record({ fields: {} }), 5, input());
    const b = dedupeKeyBytes(record({ fields: {} }), 6, input());
    expect(a[0]).toBe(KEY_KIND.row);
    expect(hex(a)).not.toBe(hex(b));
    expect(hex(dedupeKeyBytes(record({ fields: {} }), 5, input()))).toBe(hex(a));
  });
});

describe('record quality', () => {
  it('weighs identifiers most and counts descriptive fields', () => {
    const empty = {
      email: null,
      emailHash: null,
      phone: null,
      phoneHash: null,
      companyDomain: 'acme.com',
      country: null,
      fields: {},
      custom: {},
    };
    expect(recordQuality(empty)).toBe(10);
    const full = {
      ...empty,
      email: 'a@acme.com',
      phone: '+16502530000',
      country: 'US',
      fields: {
        full_name: 'Ann Lee',
        title: 'CTO',
        company_name: 'Acme',
        seniority: 'C-level',
        industry: 'Software',
      },
    };
    expect(recordQuality(full)).toBe(100);
  });
});
