import { z } from 'zod';

export const TargetFieldSchema = z.enum([
  'email',
  'phone',
  'first_name',
  'last_name',
  'full_name',
  'title',
  'seniority',
  'company_name',
  'company_domain',
  'country',
  'industry',
  'company_size',
  'revenue',
  'city',
  'state',
  'postal_code',
  'linkedin_url',
  'external_id',
]);
export type TargetField = z.infer<typeof TargetFieldSchema>;

export type MappingMethod = 'saved' | 'exact' | 'synonym' | 'fuzzy' | 'none';

export interface ColumnSuggestion {
  index: number;
  header: string;
  field: TargetField | null;
  /** 0..1; 1 for saved and exact matches, 0 when nothing matched. */
  confidence: number;
  method: MappingMethod;
}

export interface SuggestMappingOptions {
  /** header -> field (or null = "skip this column"), from a mapping saved for the same header set. */
  saved?: Record<string, string | null>;
}

export const SYNONYM_CONFIDENCE = 0.95;
export const FUZZY_THRESHOLD = 0.8;
// Fuzzy scores stay strictly below a synonym hit, so a typo never takes a field from a column
// that names it properly.
const FUZZY_CEILING = 0.94;

/**
 * Header names as people write them, in normalised form (see `normaliseHeader`). Lookups compare
 * these without spaces too, so `FirstName`, `first_name` and `First Name` all meet `first name`.
 * A few French names are included because our customers' exports are often localised.
 */
export const SYNONYMS: Readonly<Record<TargetField, readonly string[]>> = {
  email: [
    'e mail',
    'mail',
    'email address',
    'e mail address',
    'mail address',
    'work email',
    'work email address',
    'business email',
    'business email address',
    'corporate email',
    'professional email',
    'primary email',
    'contact email',
    'email id',
    'courriel',
    'adresse e mail',
  ],
  phone: [
    'phone number',
    'phone no',
    'mobile',
    'mobile phone',
    'mobile number',
    'mobile no',
    'cell',
    'cell phone',
    'cell number',
    'tel',
    'telephone',
    'telephone number',
    'direct dial',
    'direct phone',
    'work phone',
    'business phone',
    'office phone',
    'contact number',
    'portable',
    'numero de telephone',
  ],
  first_name: ['first', 'given name', 'fname', 'forename', 'prenom'],
  last_name: ['last', 'surname', 'family name', 'lname', 'nom', 'nom de famille'],
  full_name: ['name', 'contact name', 'person name', 'display name', 'lead name', 'nom complet'],
  title: [
    'job title',
    'position',
    'role',
    'job role',
    'job position',
    'designation',
    'fonction',
    'poste',
    'titre',
  ],
  seniority: ['seniority level', 'job level', 'level', 'management level'],
  company_name: [
    'company',
    'organization',
    'organisation',
    'organization name',
    'organisation name',
    'org',
    'org name',
    'account',
    'account name',
    'employer',
    'business name',
    'firm',
    'societe',
    'entreprise',
    'raison sociale',
  ],
  company_domain: [
    'company website',
    'website',
    'web site',
    'website url',
    'company url',
    'url',
    'web',
    'domain',
    'domain name',
    'email domain',
    'homepage',
    'site',
    'site web',
  ],
  country: ['country code', 'country name', 'nation', 'pays'],
  industry: ['sector', 'vertical', 'business sector', 'secteur', 'secteur d activite'],
  company_size: [
    'employees',
    'employee count',
    'number of employees',
    'no of employees',
    'num employees',
    'employee range',
    'headcount',
    'size',
    'staff count',
    'effectif',
  ],
  revenue: [
    'annual revenue',
    'company revenue',
    'revenue range',
    'turnover',
    'sales',
    'annual sales',
    'chiffre d affaires',
  ],
  city: ['town', 'locality', 'city name', 'ville'],
  state: ['province', 'region', 'state province', 'state code', 'state region'],
  postal_code: ['zip', 'zip code', 'postcode', 'post code', 'postal', 'code postal', 'plz'],
  linkedin_url: [
    'linkedin',
    'linkedin profile',
    'linkedin profile url',
    'linkedin url',
    'li url',
    'person linkedin url',
  ],
  external_id: [
    'id',
    'contact id',
    'crm id',
    'record id',
    'lead id',
    'customer id',
    'person id',
    'unique id',
    'uid',
    'salesforce id',
    'hubspot id',
  ],
};

/**
 * Words that make a header *about* a field rather than the field itself ("Email Opt Out",
 * "Phone Type", "Account Owner", "Last Modified"). A header carrying one is never fuzzily mapped to
 * a candidate that lacks it; a wrong auto-mapping costs more than an unmapped column.
 */
const QUALIFIERS = new Set([
  'opt',
  'optout',
  'opted',
  'out',
  'unsubscribe',
  'unsubscribed',
  'bounce',
  'bounced',
  'status',
  'verified',
  'verification',
  'valid',
  'type',
  'date',
  'time',
  'source',
  'owner',
  'opened',
  'clicked',
  'sent',
  'consent',
  'score',
  'created',
  'modified',
  'updated',
  'seen',
  'activity',
  'not',
  'dnc',
  'flag',
  'is',
  'has',
]);

// Real columns of their own that sit one edit away from one of our fields.
const NEAR_MISSES = new Set(['county', 'counties']);

/** Lowercase, accents stripped, every run of non-alphanumerics (any script) as one space. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Stable key for "a file with this header row": order-sensitive, blind to case, accents,
 * punctuation and spacing, so a re-export of the same report finds its saved mapping.
 */
export function headerSignature(headers: string[]): string {
  return headers.map((h) => normaliseHeader(h).replaceAll(' ', '_')).join('|');
}

const compact = (normalised: string): string => normalised.replaceAll(' ', '');
const fieldPhrase = (field: TargetField): string => field.replaceAll('_', ' ');

const COMPACT_LOOKUP: ReadonlyMap<string, TargetField> = (() => {
  const lookup = new Map<string, TargetField>();
  for (const field of TargetFieldSchema.options) {
    for (const phrase of [fieldPhrase(field), ...SYNONYMS[field]]) {
      lookup.set(compact(normaliseHeader(phrase)), field);
    }
  }
  return lookup;
})();

interface Candidate {
  field: TargetField;
  tokens: string[];
  compact: string;
}

const CANDIDATES: readonly Candidate[] = TargetFieldSchema.options.flatMap((field) =>
  [fieldPhrase(field), ...SYNONYMS[field]].map((phrase) => {
    const normalised = normaliseHeader(phrase);
    return { field, tokens: normalised.split(' '), compact: compact(normalised) };
  }),
);

interface Proposal {
  index: number;
  field: TargetField;
  confidence: number;
  method: Exclude<MappingMethod, 'none'>;
}

/**
 * Suggest a target field for each CSV column. Each field goes to at most one column: the most
 * confident claim wins (then saved > exact > synonym > fuzzy, then the leftmost column) and the
 * losers fall back to their next-best field or to null. So `Email, Secondary Email` maps the first
 * and leaves the second unmapped rather than forcing it onto some other field.
 *
 * A saved entry is final for its column: a saved null means the user chose to skip it, and a
 * saved field that is unknown (e.g. from an older schema) is ignored.
 */
export function suggestMapping(
  headers: string[],
  options: SuggestMappingOptions = {},
): ColumnSuggestion[] {
  const savedByNormalised = new Map<string, string | null>();
  for (const [header, field] of Object.entries(options.saved ?? {})) {
    savedByNormalised.set(normaliseHeader(header), field);
  }

  const decided = new Map<number, ColumnSuggestion>();
  const proposals: Proposal[] = [];

  headers.forEach((header, index) => {
    const normalised = normaliseHeader(header);
    if (normalised === '') return;

    const saved = savedByNormalised.get(normalised);
    if (saved === null) {
      decided.set(index, { index, header, field: null, confidence: 1, method: 'saved' });
      return;
    }
    const savedField = TargetFieldSchema.safeParse(saved);
    if (savedField.success) {
      proposals.push({ index, field: savedField.data, confidence: 1, method: 'saved' });
      return;
    }

    proposals.push(...proposalsFor(index, header, normalised));
  });

  const methodRank: Record<Proposal['method'], number> = {
    saved: 0,
    exact: 1,
    synonym: 2,
    fuzzy: 3,
  };
  proposals.sort(
    (a, b) =>
      b.confidence - a.confidence ||
      methodRank[a.method] - methodRank[b.method] ||
      a.index - b.index,
  );

  const taken = new Set<TargetField>();
  for (const p of proposals) {
    if (decided.has(p.index) || taken.has(p.field)) continue;
    taken.add(p.field);
    const header = headers[p.index] ?? '';
    decided.set(p.index, { ...p, header });
  }

  return headers.map(
    (header, index) =>
      decided.get(index) ?? { index, header, field: null, confidence: 0, method: 'none' },
  );
}

function proposalsFor(index: number, header: string, normalised: string): Proposal[] {
  const exact = TargetFieldSchema.safeParse(normalised.replaceAll(' ', '_'));
  if (exact.success) return [{ index, field: exact.data, confidence: 1, method: 'exact' }];

  const synonym = COMPACT_LOOKUP.get(compact(normalised));
  if (synonym)
    return [{ index, field: synonym, confidence: SYNONYM_CONFIDENCE, method: 'synonym' }];

  // Every field above the threshold is kept, best first, so a column that loses its favourite to
  // a stronger claim can still take its runner-up.
  const best = new Map<TargetField, number>();
  const tokens = normaliseHeader(splitCamelCase(header)).split(' ');
  for (const candidate of CANDIDATES) {
    const score = fuzzyScore(tokens, candidate);
    if (score >= FUZZY_THRESHOLD && score > (best.get(candidate.field) ?? 0)) {
      best.set(candidate.field, score);
    }
  }
  return [...best].map(([field, confidence]) => ({ index, field, confidence, method: 'fuzzy' }));
}

// Only for fuzzy tokens: normaliseHeader must not split camelCase, or `LinkedIn` and `Linkedin`
// would get different signatures.
function splitCamelCase(header: string): string {
  return header.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2');
}

function fuzzyScore(headerTokens: string[], candidate: Candidate): number {
  if (NEAR_MISSES.has(headerTokens.join(' '))) return 0;
  if (headerTokens.some((t) => QUALIFIERS.has(t) && !candidate.tokens.includes(t))) return 0;
  const whole = stringSimilarity(headerTokens.join(''), candidate.compact);
  return Math.min(FUZZY_CEILING, Math.max(whole, containmentScore(headerTokens, candidate.tokens)));
}

/**
 * Scores a header that contains the candidate phrase as a contiguous run of (possibly misspelt)
 * tokens, e.g. `Primary Work Email Address` ⊃ `work email address`. Covering more of the header
 * scores higher, and so does covering its last word: in English headers the head noun comes last
 * (`Company Country` is a country, not a company).
 */
function containmentScore(headerTokens: string[], candidateTokens: string[]): number {
  const n = candidateTokens.length;
  let best = 0;
  for (let start = 0; start + n <= headerTokens.length; start++) {
    const sims = candidateTokens.map((c, i) => tokenSimilarity(headerTokens[start + i] ?? '', c));
    if (sims.some((s) => s < 0.85)) continue;
    const covered = headerTokens.slice(start, start + n).join('').length;
    const coverage = covered / headerTokens.join('').length;
    const endsHeader = start + n === headerTokens.length ? 0.05 : 0;
    const meanSim = sims.reduce((a, b) => a + b, 0) / n;
    best = Math.max(best, 0.82 + 0.07 * coverage + endsHeader - 0.2 * (1 - meanSim));
  }
  return best;
}

function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  // Short words differ by one letter too easily (`tel`/`tell`, `id`/`ip`) to call them typos.
  if (a.length < 4 || b.length < 4) return 0;
  return stringSimilarity(a, b);
}

/**
 * Mean of Jaro-Winkler and normalised Damerau-Levenshtein: JW forgives transpositions and rewards a
 * shared prefix, DL charges every edit evenly; together they accept typos like `emial` and
 * `compnay name` while short unrelated words (`state`/`title`) stay below the threshold.
 */
export function stringSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const dl = 1 - osaDistance(a, b) / Math.max(a.length, b.length);
  return (jaroWinkler(a, b) + dl) / 2;
}

function jaroWinkler(a: string, b: string): number {
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched: boolean[] = new Array<boolean>(a.length).fill(false);
  const bMatched: boolean[] = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = true;
      bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;

  let transpositions = 0;
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[j]) j++;
    if (a[i] !== b[j]) transpositions++;
    j++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;

  let prefix = 0;
  while (prefix < 4 && prefix < a.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions. */
function osaDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] ?? [];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, at(i - 2, j - 2) + 1);
      }
      row[j] = d;
    }
  }
  return at(a.length, b.length);
}
