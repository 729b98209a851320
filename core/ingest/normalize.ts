import {
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/max';
import punycode from 'punycode/punycode.js';
import { getDomain, parse as parseHost } from 'tldts';
import countryCodes from 'i18n-iso-countries/codes.json';
import countryNamesEn from 'i18n-iso-countries/langs/en.json';
import freeMailProviders from 'email-providers/all.json';
import { fastE164 } from './fast-e164';

/**
 * Cell-level validation and normalisation for uploaded contacts and companies. Pure: hashing is
 * passed in (`Sha256`), so the Worker uses the platform's native SHA-256 and tests use Node's.
 * Expected failures are values with a reason code, which the quarantine stores per row.
 */

export type Normalized<T> = { ok: true; value: T } | { ok: false; reason: RejectReason };

export type RejectReason =
  'missing' | 'email_invalid' | 'phone_invalid' | 'domain_invalid' | 'country_unknown' | 'too_long';

export type Sha256 = (input: Uint8Array) => Uint8Array;

/** Cells that mean "no value" in exports from CRMs and spreadsheets. */
const MISSING = new Set([
  '',
  'n/a',
  'na',
  '#n/a',
  'null',
  'nil',
  'none',
  '-',
  '--',
  'undefined',
  '(blank)',
]);

/** The longest marker: a longer cell with nothing for `trim()` at its ends is never missing. */
const LONGEST_MISSING = Math.max(...Array.from(MISSING, (marker) => marker.length));

/** Printable ASCII other than the space: `trim()` never removes it. */
const isPlainEdge = (code: number) => code > 32 && code < 127;

/** ASCII codes that lower-case to the first character of a marker. */
const MISSING_STARTS = new Uint8Array(128);
for (const marker of MISSING) {
  if (marker === '') continue;
  MISSING_STARTS[marker.charCodeAt(0)] = 1;
  MISSING_STARTS[marker.toUpperCase().charCodeAt(0)] = 1;
}

export function isMissing(cell: string | undefined | null): boolean {
  if (cell == null) return true;
  // Most cells are real values: tell from the first character or the length and the ends,
  // without the two copies `trim` and `toLowerCase` make.
  const first = cell.charCodeAt(0);
  if (isPlainEdge(first)) {
    if (!MISSING_STARTS[first]) return false;
    if (cell.length > LONGEST_MISSING && isPlainEdge(cell.charCodeAt(cell.length - 1))) {
      return false;
    }
  }
  return MISSING.has(cell.trim().toLowerCase());
}

/** Whitespace `/\s+/g → ' '` would change: any but a space, or two in a row. */
const COLLAPSIBLE_SPACE = /[^\S ]|\s\s/;
const SPACE_RUNS = /\s+/g;

/** `COLLAPSIBLE_SPACE.test(cell)`, answered in a loop for the usual printable-ASCII cell. */
function hasCollapsibleSpace(cell: string): boolean {
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (c > 32 && c < 127) continue;
    if (c === 32 && cell.charCodeAt(i + 1) !== 32) continue;
    return COLLAPSIBLE_SPACE.test(cell);
  }
  return false;
}

/** Trimmed text with inner whitespace collapsed; null when missing. */
export function cleanText(
  cell: string | undefined | null,
  maxLength = 256,
): Normalized<string | null> {
  if (isMissing(cell)) return { ok: true, value: null };
  const value = (hasCollapsibleSpace(cell!) ? cell!.replace(SPACE_RUNS, ' ') : cell!).trim();
  return value.length > maxLength ? { ok: false, reason: 'too_long' } : { ok: true, value };
}

/*
 * Email. Two separate questions: is this a deliverable-looking address (our validity rule, stricter
 * than the UID2 operator, which accepts almost anything with one '@'), and what exact string does
 * UID2 hash (the operator's normalisation, followed to the letter: external-apis.md §1.1).
 */

// One '@', a local part of RFC 5322 atom characters and dots (no leading/trailing/double dot), a
// domain of LDH labels with a TLD of at least two letters. Deliberately ASCII-only: that is what
// ad-tech identity graphs match on.
const EMAIL_SYNTAX =
  /^(?!\.)(?!.*\.\.)[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}(?<!\.)@(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

const MAILTO = /^mailto:/i;

/** Characters `toLowerCase` may change: A–Z and anything outside ASCII. */
const LOWER_CASEABLE = /[A-Z\u0080-\uffff]/;

/** `toLowerCase()`, skipped for the usual cell it would not change (it is slow on UTF-16 text). */
function toLowerCase(text: string): string {
  return LOWER_CASEABLE.test(text) ? text.toLowerCase() : text;
}

/** Host → whether its suffix is in the ICANN section of the public-suffix list. */
const icannHosts = new Map<string, boolean>();
const ICANN_HOSTS_KEPT = 4096;

/**
 * Whether a host ends in a real public suffix (`acme.co.uk`, not `acme.comm` or `www.acme`). A
 * file repeats few mail domains on many rows, so answers are remembered.
 */
function hasIcannSuffix(host: string): boolean {
  let known = icannHosts.get(host);
  if (known === undefined) {
    known = parseHost(host, DOMAIN_OPTIONS).isIcann === true;
    if (icannHosts.size >= ICANN_HOSTS_KEPT) icannHosts.clear();
    icannHosts.set(host, known);
  }
  return known;
}

/**
 * A valid email, trimmed and lower-cased; the address as the person wrote it. Valid means the
 * syntax above and a domain under a real public suffix (a typo such as `.comm` or `.cmo` is not an
 * address anyone can receive mail at).
 */
export function normalizeEmail(cell: string | undefined | null): Normalized<string | null> {
  if (isMissing(cell)) return { ok: true, value: null };
  const trimmed = cell!.trim().replace(MAILTO, '');
  if (!EMAIL_SYNTAX.test(trimmed)) return { ok: false, reason: 'email_invalid' };
  const email = toLowerCase(trimmed);
  if (!hasIcannSuffix(email.slice(email.lastIndexOf('@') + 1)))
    return { ok: false, reason: 'email_invalid' };
  return { ok: true, value: email };
}

const UID2_EMAIL_CHANGES = /[A-Z ]/;

/**
 * The UID2 operator's email normalisation (uid2-operator InputUtil.normalizeEmailString), including
 * its quirks: only ASCII A–Z is lower-cased, every space before '@' is dropped, trailing spaces after
 * the domain are dropped but inner ones kept, and only `gmail.com` loses dots and `+suffix`.
 * Returns null where the operator answers "invalid".
 */
export function uid2NormalizeEmail(input: string): string | null {
  // What the loop below returns unchanged: no A–Z, no spaces, one '@' with text either side, and
  // not gmail.com. Every address normalizeEmail accepts outside gmail.com is one.
  const at = input.indexOf('@');
  if (
    at > 0 &&
    at < input.length - 1 &&
    input.indexOf('@', at + 1) === -1 &&
    !UID2_EMAIL_CHANGES.test(input) &&
    input.slice(at + 1) !== 'gmail.com'
  ) {
    return input;
  }
  let afterAt = false;
  let pre = '';
  let preGmail = '';
  let domain = '';
  let pendingSpaces = '';
  let inExtension = false;
  for (const given of input) {
    const c = given >= 'A' && given <= 'Z' ? given.toLowerCase() : given;
    if (!afterAt) {
      if (c === ' ') continue;
      if (c === '@') afterAt = true;
      else if (c === '.') pre += c;
      else if (c === '+') {
        pre += c;
        inExtension = true;
      } else {
        pre += c;
        if (!inExtension) preGmail += c;
      }
    } else {
      if (c === '@') return null;
      if (c === ' ') {
        pendingSpaces += c;
        continue;
      }
      domain += pendingSpaces + c;
      pendingSpaces = '';
    }
  }
  if (domain === '') return null;
  const local = domain === 'gmail.com' ? preGmail : pre;
  if (local === '') return null;
  return `${local}@${domain}`;
}

const UID2_PHONE = /^\+[0-9]{10,15}$/;

/** UID2 accepts E.164 only: '+', then 10 to 15 ASCII digits (external-apis.md §1.2). */
export function isUid2Phone(phone: string): boolean {
  return UID2_PHONE.test(phone);
}

/** Base64 (standard alphabet, padded) of SHA-256 over the UTF-8 string: what UID2 takes. */
export function uid2Hash(normalized: string, sha256: Sha256): string {
  return toBase64(sha256(new TextEncoder().encode(normalized)));
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += BASE64[n >> 18]! + BASE64[(n >> 12) & 63]! + BASE64[(n >> 6) & 63]! + BASE64[n & 63]!;
  }
  if (i < bytes.length) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += BASE64[n >> 18]! + BASE64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63]! + '=' : '==';
  }
  return out;
}

/**
 * Phone to E.164 with libphonenumber's full metadata. A number without a country prefix is read in
 * the upload's default country. Only numbers libphonenumber calls valid pass, and they must also be
 * what UID2 accepts, so every stored phone can be hashed and mapped.
 */
export function normalizePhone(
  cell: string | undefined | null,
  defaultCountry: CountryCode | undefined,
): Normalized<string | null> {
  if (isMissing(cell)) return { ok: true, value: null };
  const raw = cell!.trim();
  // "00" is the international prefix in most of the world; libphonenumber needs it as '+'.
  const candidate = raw.startsWith('00') ? `+${raw.slice(2)}` : raw;
  // The same answer libphonenumber gives, without its cost, for the plain numbers most cells hold.
  const number =
    fastE164(candidate, defaultCountry) ?? libphonenumberE164(candidate, defaultCountry);
  if (number === null || !isUid2Phone(number) || FICTIONAL_NANP.test(number))
    return { ok: false, reason: 'phone_invalid' };
  return { ok: true, value: number };
}

/** 555-0100 to 555-0199: reserved in North America for films and examples, never assigned. */
const FICTIONAL_NANP = /^\+1\d{3}55501\d{2}$/;

function libphonenumberE164(candidate: string, defaultCountry: CountryCode | undefined) {
  const parsed = parsePhoneNumberFromString(candidate, defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}

const TOP_LEVEL_DOMAIN = /\.[a-z]{2,63}$|\.xn--[a-z0-9-]+$/;
const DOMAIN_OPTIONS = { allowPrivateDomains: false, validateHostname: true } as const;

/**
 * A company's registrable domain (`https://www.shop.acme.co.uk/about` → `acme.co.uk`), from a
 * website, a bare domain or an email address. IP addresses and unknown suffixes are refused.
 */
export function normalizeDomain(cell: string | undefined | null): Normalized<string | null> {
  if (isMissing(cell)) return { ok: true, value: null };
  let raw = toLowerCase(cell!.trim());
  const at = raw.lastIndexOf('@');
  if (at >= 0) raw = raw.slice(at + 1);
  // One spelling per company: an internationalised domain written in punycode (`xn--bcher-kva.de`,
  // as data vendors often send it) is stored as it is read, `bücher.de`.
  if (raw.includes('xn--')) raw = punycode.toUnicode(raw);
  const domain = getDomain(raw, DOMAIN_OPTIONS);
  // Host names never contain '_' (it is only legal in DNS labels that are not host names).
  const host = raw.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').split(/[/?#:]/, 1)[0]!;
  if (!domain || !TOP_LEVEL_DOMAIN.test(domain) || host.includes('_') || !hasIcannSuffix(domain)) {
    return { ok: false, reason: 'domain_invalid' };
  }
  return { ok: true, value: domain };
}

const FREE_MAIL = new Set<string>(freeMailProviders);

/** Consumer mailbox providers (gmail.com, yahoo.co.uk, …): never a company's domain. */
export function isFreeMailDomain(domain: string): boolean {
  return FREE_MAIL.has(domain.toLowerCase());
}

/** The domain of an email address when it can stand for the person's company. */
export function companyDomainFromEmail(email: string): string | null {
  const domain = normalizeDomain(email);
  return domain.ok && domain.value && !isFreeMailDomain(domain.value) ? domain.value : null;
}

/*
 * Countries to ISO 3166-1 alpha-2. The names come from the runtime's own CLDR data (Intl), so every
 * region the platform knows is covered without shipping a table; common aliases are added.
 */
let countryIndex: Map<string, string> | undefined;

const COUNTRY_ALIASES: Record<string, string> = {
  usa: 'US',
  'u.s.': 'US',
  'u.s.a.': 'US',
  america: 'US',
  'united states of america': 'US',
  uk: 'GB',
  'u.k.': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'great britain': 'GB',
  'northern ireland': 'GB',
  'united kingdom of great britain and northern ireland': 'GB',
  'republic of ireland': 'IE',
  deutschland: 'DE',
  holland: 'NL',
  'the netherlands': 'NL',
  españa: 'ES',
  'south korea': 'KR',
  'republic of korea': 'KR',
  russia: 'RU',
  uae: 'AE',
  // ISO 3166-1's own short names where they differ from everyday English.
  'viet nam': 'VN',
  'netherlands, kingdom of the': 'NL',
  'bolivia, plurinational state of': 'BO',
  'tanzania, united republic of': 'TZ',
  'iran, islamic republic of': 'IR',
  'moldova, republic of': 'MD',
  'venezuela, bolivarian republic of': 'VE',
  'micronesia, federated states of': 'FM',
  'palestine, state of': 'PS',
  'congo, the democratic republic of the': 'CD',
  "korea, democratic people's republic of": 'KP',
  "lao people's democratic republic": 'LA',
  'syrian arab republic': 'SY',
  'virgin islands, british': 'VG',
  'virgin islands, u.s.': 'VI',
};

function foldCountry(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019`]/g, "'")
    .trim()
    .toLowerCase();
}

/** Groupings and exceptional reservations CLDR names but ISO 3166-1 does not assign. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'AC', 'CP', 'DG', 'EA', 'IC', 'TA', 'ZZ']);

/** Assigned, current codes: retired ones (DD, UK, FX, …) canonicalise to another code. */
function isAssignedRegion(code: string): boolean {
  if (NOT_COUNTRIES.has(code) || (/^(Q[M-Z]|X[A-Z])$/.test(code) && code !== 'XK')) return false;
  try {
    return Intl.getCanonicalLocales(`und-${code}`)[0] === `und-${code}`;
  } catch {
    return false;
  }
}

function countries(): Map<string, string> {
  if (countryIndex) return countryIndex;
  const index = new Map<string, string>();
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const A = 'A'.charCodeAt(0);
  for (let i = 0; i < 26; i++) {
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(A + i, A + j);
      if (!isAssignedRegion(code)) continue;
      const name = names.of(code);
      if (!name || name === code) continue;
      index.set(code.toLowerCase(), code);
      index.set(foldCountry(name), code);
    }
  }
  // ISO alpha-3 codes and the names i18n-iso-countries knows beyond CLDR's (Türkiye, Czech
  // Republic, Ivory Coast, Korea, Republic of, …); CLDR's names win where both name a country.
  for (const [alpha2, alpha3] of countryCodes as Array<[string, string, ...string[]]>)
    if (isAssignedRegion(alpha2)) index.set(alpha3.toLowerCase(), alpha2);
  for (const [alpha2, names] of Object.entries(
    countryNamesEn.countries as Record<string, string | string[]>,
  )) {
    if (!isAssignedRegion(alpha2)) continue;
    for (const name of Array.isArray(names) ? names : [names])
      if (!index.has(foldCountry(name))) index.set(foldCountry(name), alpha2);
  }
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) index.set(foldCountry(alias), code);
  countryIndex = index;
  return index;
}

/** Cell → code (null: unknown). A file holds few distinct country cells, each on many rows. */
const countryCells = new Map<string, string | null>();
const COUNTRY_CELLS_KEPT = 4096;

export function normalizeCountry(cell: string | undefined | null): Normalized<string | null> {
  if (isMissing(cell)) return { ok: true, value: null };
  let code = countryCells.get(cell!);
  if (code === undefined) {
    code = countries().get(foldCountry(cell!)) ?? null;
    if (countryCells.size >= COUNTRY_CELLS_KEPT) countryCells.clear();
    countryCells.set(cell!, code);
  }
  return code ? { ok: true, value: code } : { ok: false, reason: 'country_unknown' };
}

/** A country code libphonenumber knows, for an upload's default phone country. */
export function phoneCountry(code: string | null | undefined): CountryCode | undefined {
  const upper = code?.trim().toUpperCase();
  return upper && isSupportedCountry(upper) ? upper : undefined;
}
