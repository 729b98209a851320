import {
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import metadata from 'libphonenumber-js/metadata.max.json';
import { describe, expect, it } from 'vitest';
import { fastE164 } from './fast-e164';

/** What normalizePhone asked libphonenumber before the fast path: E.164 when valid, else null. */
function libphonenumber(cell: string, country: string | undefined): string | null {
  const parsed = parsePhoneNumberFromString(cell, country as CountryCode | undefined);
  return parsed?.isValid() ? parsed.number : null;
}

function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Phone cells around every country's example number: the example itself, random numbers sharing
 * its first digits (some valid, most not), too short and too long, written nationally, with the
 * trunk prefix, with '+' and the calling code, with the calling code but no '+', dialled from the
 * US, and formatted with spaces, dashes, dots and brackets. Each is read in its own country, in
 * the US, in Great Britain, with no default country and with one libphonenumber does not know.
 */
function generatedCells(random: () => number): Array<[string, string | undefined]> {
  const digit = () => String(Math.floor(random() * 10));
  const cells: Array<[string, string | undefined]> = [];
  const examplesByCountry: Partial<Record<string, string>> = examples;
  for (const country of getCountries()) {
    const example = examplesByCountry[country];
    if (!example) continue;
    const callingCode = getCountryCallingCode(country);
    const plan: readonly unknown[] = metadata.countries[country] ?? [];
    const trunk = typeof plan[5] === 'string' ? plan[5] : '';
    const nationals = [example];
    for (let i = 0; i < 7; i++) {
      const keep = Math.floor(random() * 4);
      const length = example.length + (i < 4 ? 0 : i - 5);
      let national = example.slice(0, keep);
      while (national.length < length) national += digit();
      nationals.push(national);
    }
    for (const national of nationals) {
      const spaced = `${national.slice(0, 3)} ${national.slice(3, 6)}-${national.slice(6)}`;
      const written = [
        national,
        trunk + national,
        `(${trunk}${national.slice(0, 2)}) ${national.slice(2)}`,
        `+${callingCode} ${spaced}`,
        `+${callingCode}${trunk}${national}`,
        `+(${callingCode}) ${national.slice(0, 4)}.${national.slice(4)}`,
        callingCode + national,
        `011 ${callingCode} ${national}`,
        `00${callingCode}${national}`,
      ];
      for (const cell of written) {
        for (const home of [country, 'US', 'GB', undefined, 'AQ']) cells.push([cell, home]);
      }
    }
  }
  return cells;
}

/**
 * Random digits of every length a country's numbers may have (and one more), national, with the
 * trunk prefix, after '+' and the calling code, and after the calling code without '+', read in
 * the country itself, in no country and in another country chosen at random.
 */
function randomCells(random: () => number): Array<[string, string | undefined]> {
  const countries = getCountries();
  const cells: Array<[string, string | undefined]> = [];
  for (const country of countries) {
    const plan: readonly unknown[] = metadata.countries[country] ?? [];
    const lengths = Array.isArray(plan[3]) ? (plan[3] as number[]) : [8];
    const trunk = typeof plan[5] === 'string' ? plan[5] : '';
    const callingCode = getCountryCallingCode(country);
    for (let i = 0; i < 40; i++) {
      const length = lengths[Math.floor(random() * lengths.length)]! + (random() < 0.1 ? 1 : 0);
      let national = '';
      while (national.length < length) national += String(Math.floor(random() * 10));
      const elsewhere = countries[Math.floor(random() * countries.length)]!;
      cells.push(
        [national, country],
        [trunk + national, country],
        [`+${callingCode}${national}`, undefined],
        [`+${callingCode}${trunk}${national}`, elsewhere],
        [callingCode + national, country],
        [national, elsewhere],
      );
    }
  }
  return cells;
}

function compare(cells: Array<[string, string | undefined]>) {
  let valid = 0;
  let decided = 0;
  const disagreements: string[] = [];
  for (const [cell, home] of cells) {
    const expected = libphonenumber(cell, home);
    const fast = fastE164(cell, home);
    if (expected !== null) valid++;
    if (fast === null) continue;
    decided++;
    if (fast !== expected) disagreements.push(`${cell} in ${home}: ${fast} ≠ ${expected}`);
  }
  return { valid, decided, disagreements };
}

// 50k+ numbers through libphonenumber per test: seconds of CPU, more on a busy machine.
describe('the E.164 fast path', { timeout: 60_000 }, () => {
  it('agrees with libphonenumber on every number it decides, in every country', () => {
    const cells = generatedCells(seeded(7));
    const { valid, decided, disagreements } = compare(cells);
    expect(disagreements).toEqual([]);
    expect(cells.length).toBeGreaterThan(50_000);
    expect(valid).toBeGreaterThan(10_000);
    // It is only worth having if it decides nearly every valid number written plainly.
    expect(decided / valid).toBeGreaterThan(0.95);
  });

  it('agrees with libphonenumber on random digits, valid or not, in every country', () => {
    const cells = randomCells(seeded(11));
    const { valid, decided, disagreements } = compare(cells);
    expect(disagreements).toEqual([]);
    expect(valid).toBeGreaterThan(5_000);
    expect(decided / valid).toBeGreaterThan(0.95);
  });

  it.each([
    ['(415) 555-2671', 'US', '+14155552671'],
    ['1-415-555-2671', 'US', '+14155552671'],
    ['011 44 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+44 (0)20 7946 0958', undefined, '+442079460958'],
    ['0491 570 006', 'AU', '+61491570006'],
    ['+49 30 901820', undefined, '+4930901820'],
    // Jersey shares +44 with Great Britain; Canada shares +1 with the US.
    ['07797 123456', 'GB', '+447797123456'],
    ['(415) 155-2671', 'US', null],
    ['07797 12345', 'GB', null],
    ['+44 20 7946 095', 'US', null],
    ['(613) 234-5678', 'US', '+16132345678'],
  ] as const)('%j in %s is %s, as libphonenumber says', (cell, home, e164) => {
    expect(libphonenumber(cell, home)).toBe(e164);
    const fast = fastE164(cell, home);
    expect(fast === null || fast === e164).toBe(true);
    if (e164 !== null) expect(fast).toBe(e164);
  });

  it.each([
    ['415 555 2671 ext 12', 'US'],
    ['+1 415 555 2671 x12', 'US'],
    ['tel:+1-415-555-2671', 'US'],
    ['+800 1234 5678', undefined],
    ['４１５ ５５５ ２６７１', 'US'],
    ['415/555/2671', 'US'],
    ['1+415 555 2671', 'US'],
    ['+ +1 415 555 2671', 'US'],
  ])('leaves %j (in %s) to libphonenumber', (cell, home) => {
    expect(fastE164(cell, home)).toBeNull();
  });
});
