import metadataJson from 'libphonenumber-js/metadata.max.json';

/**
 * A fast path to E.164 for the phone cells most uploads are made of: digits with spaces, dashes,
 * dots and brackets, in international form or national form of the default country.
 *
 * libphonenumber-js stays the authority. This is its own parse-then-`isValid()` algorithm over the
 * same metadata (`metadata.max.json`, the data `libphonenumber-js/max` uses), step for step, but
 * with each pattern compiled once: the library builds a new RegExp from a metadata string on every
 * match, which made it ~13 µs a phone and the ingest pipeline's largest cost. It only ever answers
 * "valid, and this is its E.164"; every other input, anything outside that plain shape and every
 * number it cannot prove valid, returns null and goes to libphonenumber, so rejections are always
 * libphonenumber's own. fast-e164.test.ts checks agreement on generated numbers of every country.
 *
 * Each step names the libphonenumber-js (1.13) function it follows.
 */

interface NumberType {
  pattern: RegExp;
  lengths: readonly number[] | undefined;
}

/** One country's numbering plan, compiled (metadata v4 layout: see the library's METADATA.md). */
interface Plan {
  callingCode: string;
  idd: RegExp | null;
  national: RegExp;
  lengths: readonly number[] | undefined;
  prefixForParsing: RegExp | null;
  prefixTransform: string | null;
  leadingDigits: RegExp | null;
  hasTypes: boolean;
  types: readonly NumberType[];
}

/** The calling code's countries, main country first (`country_calling_codes`). */
const callingCodes: Readonly<Record<string, readonly string[] | undefined>> =
  metadataJson.country_calling_codes;
const plans: Readonly<Record<string, readonly unknown[] | undefined>> = metadataJson.countries;
/** Every index of the plan layout below belongs to metadata version 4; any other disables this. */
const SUPPORTED = metadataJson.version === 4;

const MIN_NATIONAL_LENGTH = 2;
const MAX_NATIONAL_LENGTH = 17;
const MAX_INPUT_LENGTH = 250;

const compiled = new Map<string, Plan>();

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;
const lengths = (value: unknown): readonly number[] | undefined =>
  Array.isArray(value) ? (value as number[]) : undefined;
// `matchesEntirely` and the other anchored uses of metadata patterns.
const entire = (pattern: string) => new RegExp(`^(?:${pattern})$`);
const atStart = (pattern: string) => new RegExp(`^(?:${pattern})`);

function planOf(country: string): Plan {
  const cached = compiled.get(country);
  if (cached) return cached;
  const raw = plans[country]!;
  const planLengths = lengths(raw[3]);
  const rawTypes = Array.isArray(raw[11]) ? (raw[11] as unknown[]) : [];
  const types: NumberType[] = [];
  // Types 0–9: fixed line, mobile, toll free, premium rate, personal, voicemail, UAN, pager, VoIP,
  // shared cost. Validity only asks whether any of them matches, so order does not matter.
  for (const type of rawTypes.slice(0, 10)) {
    if (!Array.isArray(type)) continue;
    const pattern = text(type[0]);
    if (pattern) types.push({ pattern: entire(pattern), lengths: lengths(type[1]) ?? planLengths });
  }
  const prefix = text(raw[7]) ?? text(raw[5]);
  const idd = text(raw[1]);
  const leading = text(raw[10]);
  const result: Plan = {
    callingCode: String(raw[0]),
    idd: idd ? atStart(idd) : null,
    national: entire(text(raw[2]) ?? ''),
    lengths: planLengths,
    prefixForParsing: prefix ? atStart(prefix) : null,
    prefixTransform: text(raw[8]),
    leadingDigits: leading ? atStart(leading) : null,
    hasTypes: rawTypes.length > 0,
    types,
  };
  compiled.set(country, result);
  return result;
}

/** A country libphonenumber has metadata for (`isSupportedCountry`). */
function isSupported(country: string | undefined): country is string {
  return country !== undefined && Object.prototype.hasOwnProperty.call(plans, country);
}

// One number is asked about in the same plan up to three times (its country, its trunk prefix, its
// validity): remember the last answer.
let lastPlan: Plan | null = null;
let lastNumber = '';
let lastAnswer = false;

/** `getNumberType(…) !== undefined`. */
function hasNumberType(nationalNumber: string, plan: Plan): boolean {
  if (plan === lastPlan && nationalNumber === lastNumber) return lastAnswer;
  lastPlan = plan;
  lastNumber = nationalNumber;
  lastAnswer = matchesAnyType(nationalNumber, plan);
  return lastAnswer;
}

function matchesAnyType(nationalNumber: string, plan: Plan): boolean {
  if (!plan.national.test(nationalNumber)) return false;
  for (const type of plan.types) {
    if (type.lengths && !type.lengths.includes(nationalNumber.length)) continue;
    if (type.pattern.test(nationalNumber)) return true;
  }
  return false;
}

/** `isValidNumber` for a parsed number. */
function isValidIn(nationalNumber: string, plan: Plan): boolean {
  return plan.hasTypes ? hasNumberType(nationalNumber, plan) : plan.national.test(nationalNumber);
}

/** `getCountryCodesForCallingCode`: undefined for unknown and non-geographic calling codes. */
function countriesOf(callingCode: string): readonly string[] | undefined {
  const countries = callingCodes[callingCode];
  if (!countries || (countries.length === 1 && countries[0]!.length === 3)) return undefined;
  return countries;
}

/** `getCountryByCallingCode`: which of the countries sharing a calling code a number is in. */
function countryOf(callingCode: string, nationalNumber: string): string | undefined {
  const countries = countriesOf(callingCode);
  if (!countries) return undefined;
  if (countries.length === 1) return countries[0];
  for (const country of countries) {
    const candidate = planOf(country);
    if (candidate.leadingDigits) {
      if (nationalNumber !== '' && candidate.leadingDigits.test(nationalNumber)) return country;
    } else if (hasNumberType(nationalNumber, candidate)) return country;
  }
  return undefined;
}

type LengthVerdict = 'IS_POSSIBLE' | 'TOO_SHORT' | 'TOO_LONG' | 'INVALID_LENGTH';

/** `checkNumberLength`, for no particular type. */
function checkLength(nationalNumber: string, plan: Plan): LengthVerdict {
  const possible = plan.lengths;
  if (!possible) return 'IS_POSSIBLE';
  const length = nationalNumber.length;
  if (possible[0] === length) return 'IS_POSSIBLE';
  if (possible[0]! > length) return 'TOO_SHORT';
  if (possible[possible.length - 1]! < length) return 'TOO_LONG';
  return possible.indexOf(length, 1) >= 0 ? 'IS_POSSIBLE' : 'INVALID_LENGTH';
}

/** `extractNationalNumberFromPossiblyIncompleteNumber`: strip a national (trunk) prefix. */
function stripNationalPrefix(number: string, plan: Plan): string {
  if (number === '' || !plan.prefixForParsing) return number;
  const match = plan.prefixForParsing.exec(number);
  if (!match) return number;
  const groups = match.length - 1;
  const hasGroups = groups > 0 && Boolean(match[groups]);
  if (plan.prefixTransform && hasGroups) {
    return number.replace(plan.prefixForParsing, plan.prefixTransform);
  }
  return number.slice(match[0].length);
}

/** `extractNationalNumber`: strip the prefix only where what is left can still be a number. */
function nationalNumberOf(number: string, plan: Plan): string {
  const stripped = stripNationalPrefix(number, plan);
  if (stripped === number) return number;
  if (plan.national.test(number) && !plan.national.test(stripped)) return number;
  if (plan.lengths) {
    const country = countryOf(plan.callingCode, stripped);
    const verdict = checkLength(stripped, country ? planOf(country) : plan);
    if (verdict === 'TOO_SHORT' || verdict === 'INVALID_LENGTH') return number;
  }
  return stripped;
}

/** The digits of a plain phone cell, '+'-prefixed when international; null for anything else. */
function plainDigits(cell: string): string | null {
  if (cell.length > MAX_INPUT_LENGTH) return null;
  let digits = '';
  let plus = false;
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += cell[i];
    else if (c === 43) {
      // A '+' anywhere but before the first digit makes the cell unviable to libphonenumber.
      if (plus || digits !== '') return null;
      plus = true;
    } else if (c !== 32 && c !== 45 && c !== 46 && c !== 40 && c !== 41) return null;
  }
  // libphonenumber wants three digits before a cell is even viable.
  if (digits.length < 3) return null;
  return plus ? `+${digits}` : digits;
}

/**
 * `extractCountryCallingCodeFromInternationalNumberWithoutPlusSign`: does a national-looking number
 * start with the home country's calling code, as in "1 415 555 0100" in the US?
 */
function isWithoutPlusSign(digits: string, home: Plan): boolean {
  if (!digits.startsWith(home.callingCode)) return false;
  const national = nationalNumberOf(digits, home);
  const shorter = nationalNumberOf(digits.slice(home.callingCode.length), home);
  return (
    (!home.national.test(national) && home.national.test(shorter)) ||
    checkLength(national, home) === 'TOO_LONG'
  );
}

/** Splits "<calling code><rest>" (`extractCountryCallingCode` after a '+'); null to give up. */
function splitCallingCode(international: string): { callingCode: string; number: string } | null {
  if (international[0] === '0') return null;
  for (let length = 1; length <= 3 && length <= international.length; length++) {
    const code = international.slice(0, length);
    if (countriesOf(code)) return { callingCode: code, number: international.slice(length) };
    // A non-geographic calling code (+800, +882, …): rare, left to libphonenumber.
    if (Object.prototype.hasOwnProperty.call(metadataJson.nonGeographic, code)) return null;
  }
  return null;
}

/**
 * The E.164 form of `cell` when libphonenumber-js/max would parse it (with `defaultCountry`) as a
 * valid number; null when that is not certain here, and libphonenumber must be asked.
 */
export function fastE164(cell: string, defaultCountry: string | undefined): string | null {
  if (!SUPPORTED) return null;
  const digits = plainDigits(cell);
  if (digits === null) return null;
  // `parsePhoneNumber` drops a default country it has no metadata for.
  const home = isSupported(defaultCountry) ? defaultCountry : undefined;

  // `extractCountryCallingCode`: the calling code, and the country when the number is national.
  let parsed: { callingCode: string; number: string } | null;
  let country: string | undefined;
  if (digits[0] === '+') parsed = splitCallingCode(digits.slice(1));
  else if (!home) return null;
  else {
    const homePlan = planOf(home);
    // `stripIddPrefix`: "011 44 …" dialled from the US is international.
    const idd = homePlan.idd?.exec(digits);
    const afterIdd = idd && idd[0] !== '' ? digits.slice(idd[0].length) : '';
    if (afterIdd !== '' && afterIdd[0] !== '0') parsed = splitCallingCode(afterIdd);
    else if (isWithoutPlusSign(digits, homePlan)) {
      parsed = {
        callingCode: homePlan.callingCode,
        number: digits.slice(homePlan.callingCode.length),
      };
    } else {
      parsed = { callingCode: homePlan.callingCode, number: digits };
      country = home;
    }
  }
  if (parsed === null || parsed.number === '') return null;
  const { callingCode, number } = parsed;
  const mainCountry = countriesOf(callingCode)![0]!;

  // `parsePhoneNumber` (the inner one): the plan of the default country, or of the calling code's
  // main country when the number carried a calling code.
  const nationalNumber = nationalNumberOf(number, planOf(country ?? mainCountry));
  country = countryOf(callingCode, nationalNumber) ?? country;
  if (nationalNumber.length < MIN_NATIONAL_LENGTH || nationalNumber.length > MAX_NATIONAL_LENGTH) {
    return null;
  }
  // `PhoneNumber.isValid()`: in the number's country, else the calling code's main country.
  return isValidIn(nationalNumber, planOf(country ?? mainCountry))
    ? `+${callingCode}${nationalNumber}`
    : null;
}
