// The accuracy corpus: contact rows generated in code from a seed, each labelled valid or invalid
// by how it was built, never by asking the validator. Valid rows are assembled from parts that are
// valid by their own standards (RFC 5322 atoms and real public suffixes for email and websites,
// national numbering plans for phones, ISO 3166-1 for countries) and carry noise that must not
// make a row invalid; invalid rows are valid rows with exactly one labelled corruption applied.
// The test measures the validator's precision and recall of invalid-row detection against it.
import { writeFileSync } from 'node:fs';
import type { ContactField, RowRules } from '../../core/ingest/contact-row';
import type { Sha256 } from '../../core/ingest/normalize';

export const ACCURACY_HEADERS = [
  'Email',
  'First Name',
  'Last Name',
  'Company',
  'Website',
  'Phone',
  'Country',
  'Job Title',
  'Notes',
] as const;

export type Column = (typeof ACCURACY_HEADERS)[number];

export const ACCURACY_MAPPING: ReadonlyArray<ContactField | null> = [
  'email',
  'first_name',
  'last_name',
  'company_name',
  'company_domain',
  'phone',
  'country',
  'title',
  null,
];

const COL = {
  email: 0,
  first: 1,
  last: 2,
  company: 3,
  website: 4,
  phone: 5,
  country: 6,
  title: 7,
  notes: 8,
} as const;

/** The rules an upload of this corpus runs with: US default phone country, any one identifier. */
export function accuracyRules(sha256: Sha256): RowRules {
  return {
    headers: [...ACCURACY_HEADERS],
    mapping: ACCURACY_MAPPING,
    defaultCountry: 'US',
    required: [],
    keepUnmapped: false,
    sha256,
  };
}

export type Label = 'valid' | 'invalid';

/** How one cell was written: its form, and the noise laid over it. */
export interface CellPart {
  form: string;
  noise: string[];
}

export interface LabelledRow {
  cells: string[];
  label: Label;
  /** 'valid', or the corruption that makes the row invalid (e.g. 'email: TLD typo'). */
  kind: string;
  /** The column the corruption is in; null for a valid row or a whole-row corruption. */
  column: Column | null;
  /** How each identifier and country cell was built, so a misread valid row names its cause. */
  parts: Partial<Record<Column, CellPart>>;
}

/* ---------------------------------------------------------------------------------------------
 * Randomness: mulberry32, so a seed always gives the same corpus.
 */

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(private readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  weighted<T>(options: ReadonlyArray<readonly [T, number]>): T {
    const total = options.reduce((n, [, w]) => n + w, 0);
    let roll = this.next() * total;
    for (const [value, weight] of options) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return options[options.length - 1]![0];
  }
  digits(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += this.int(10);
    return out;
  }
  /** One digit from a set written as a string, e.g. '2345789'. */
  digitOf(set: string): string {
    return set[this.int(set.length)]!;
  }
}

/* ---------------------------------------------------------------------------------------------
 * People and companies.
 */

const list = (items: string) => items.split('|');

const FIRST = list(
  'Jane|John|Zoë|Ahmed|Mei|Carlos|Olga|Seán|Priya|Lukas|Amélie|Søren|Chloé|Mohammed|Aoife|Hiroshi|Ana|Björn|Fatima|Tomás|Grace|Wei|Nadia|Jean-Luc',
);
const LAST = list(
  "Doe|Smith|Müller|García|Chen|O’Brien|O'Neil|Kowalski|Rossi|Khan|Nguyen|Dubois|Schmidt|Jones|Silva|Johansson|Tanaka|Murphy|Lefèvre|Novák|van der Berg|Smith-Jones",
);
const COMPANY_FIRST = list(
  'Northwind|Contoso|Globex|Initech|Umbrella|Hooli|Vandelay|Tyrell|Cyberdyne|Soylent|Blue Sky|Red Rock|Silver Lake|Brightside|Oakfield|Kestrel',
);
const COMPANY_SECOND = list(
  'Logistics|Analytics|Holdings|Labs|Systems|Foods|Media|Partners|Consulting|Energy|Health|Studios|Robotics',
);
const LEGAL = [
  '',
  '',
  '',
  ' Inc.',
  ' Ltd',
  ', Inc.',
  ' GmbH',
  ' SAS',
  ' Pty Ltd',
  ' LLC',
  ' & Co.',
];
const TITLES = [
  'VP Marketing',
  'Head of Growth',
  'CMO',
  'Demand Gen Manager',
  'Director, Sales',
  'Founder & CEO',
  'Software Engineer',
  'Responsable marketing',
];
const NOTES = [
  'Met at SaaStr',
  'follow up in Q3, budget approved',
  'Prefers "email" over calls',
  'Two offices:\nLondon and Leeds',
  'Référence client #4412',
];

/** Public suffixes from the IANA root zone and the Public Suffix List (multi-part ones included). */
const SUFFIXES: ReadonlyArray<readonly [string, number]> = [
  ['com', 30],
  ['co.uk', 6],
  ['com.au', 4],
  ['de', 4],
  ['fr', 3],
  ['io', 3],
  ['co', 2],
  ['ai', 2],
  ['ca', 2],
  ['es', 1],
  ['ie', 1],
  ['nl', 1],
  ['ch', 1],
  ['co.jp', 1],
  ['com.br', 1],
  ['co.nz', 1],
  ['co.za', 1],
  ['com.mx', 1],
  ['org', 2],
  ['net', 2],
  ['tech', 1],
  ['agency', 1],
  ['consulting', 1],
  ['photography', 1],
  ['international', 1],
  ['app', 1],
  ['dev', 1],
];
const FREE_MAIL = list(
  'gmail.com|googlemail.com|yahoo.com|yahoo.co.uk|hotmail.com|hotmail.fr|outlook.com|live.co.uk|icloud.com|gmx.de|web.de|orange.fr|aol.com|protonmail.com|btinternet.com|bigpond.com',
);
/** Not delegated in the root zone: what a slip of the finger on '.com' produces. */
const TLD_TYPOS = ['con', 'cmo', 'ocm', 'comm', 'vom', 'xom'];

/** Placeholders CRMs and spreadsheets write for "no value". */
const PLACEHOLDERS = ['', '', '', '', 'N/A', 'n/a', 'null', 'NULL', '-', '#N/A', 'None'];

interface Company {
  name: string;
  /** The registrable label and its public suffix: `northwind-labs` + `co.uk`. */
  label: string;
  suffix: string;
  words: [string, string];
}

function ascii(name: string): string {
  return name
    .replace(/ø/gi, 'o')
    .replace(/æ/gi, 'ae')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9'-]/g, '');
}

function makeCompany(d: Dice): Company {
  const first = d.pick(COMPANY_FIRST);
  const second = d.pick(COMPANY_SECOND);
  const words: [string, string] = [ascii(first), ascii(second)];
  const label = d.pick([words.join(''), words.join('-'), words[0], `${words[0]}${d.digits(2)}`]);
  return {
    name: `${first} ${second}${d.pick(LEGAL)}`,
    label,
    suffix: d.weighted(SUFFIXES),
    words,
  };
}

/* ---------------------------------------------------------------------------------------------
 * Countries, ISO 3166-1: alpha-2, alpha-3, the everyday English name, the ISO English short name
 * and other names in common use. All of them name the country.
 */

interface Country {
  a2: string;
  a3: string;
  name: string;
  iso: string;
  aliases?: string[];
}

const COUNTRIES: ReadonlyArray<readonly [Country, number]> = [
  [
    {
      a2: 'US',
      a3: 'USA',
      name: 'United States',
      iso: 'United States of America',
      aliases: ['USA', 'U.S.', 'U.S.A.', 'America'],
    },
    40,
  ],
  [
    {
      a2: 'GB',
      a3: 'GBR',
      name: 'United Kingdom',
      iso: 'United Kingdom of Great Britain and Northern Ireland',
      aliases: ['UK', 'Great Britain', 'England', 'Scotland', 'Wales', 'Northern Ireland'],
    },
    12,
  ],
  [{ a2: 'CA', a3: 'CAN', name: 'Canada', iso: 'Canada' }, 6],
  [{ a2: 'DE', a3: 'DEU', name: 'Germany', iso: 'Germany', aliases: ['Deutschland'] }, 6],
  [{ a2: 'FR', a3: 'FRA', name: 'France', iso: 'France' }, 6],
  [{ a2: 'AU', a3: 'AUS', name: 'Australia', iso: 'Australia' }, 5],
  [{ a2: 'ES', a3: 'ESP', name: 'Spain', iso: 'Spain', aliases: ['España'] }, 2],
  [{ a2: 'IT', a3: 'ITA', name: 'Italy', iso: 'Italy' }, 1],
  [
    {
      a2: 'NL',
      a3: 'NLD',
      name: 'Netherlands',
      iso: 'Netherlands, Kingdom of the',
      aliases: ['The Netherlands', 'Holland'],
    },
    1,
  ],
  [{ a2: 'IE', a3: 'IRL', name: 'Ireland', iso: 'Ireland', aliases: ['Republic of Ireland'] }, 1],
  [{ a2: 'SE', a3: 'SWE', name: 'Sweden', iso: 'Sweden' }, 1],
  [{ a2: 'CH', a3: 'CHE', name: 'Switzerland', iso: 'Switzerland' }, 1],
  [{ a2: 'JP', a3: 'JPN', name: 'Japan', iso: 'Japan' }, 1],
  [{ a2: 'KR', a3: 'KOR', name: 'South Korea', iso: 'Korea, Republic of' }, 1],
  [{ a2: 'IN', a3: 'IND', name: 'India', iso: 'India' }, 1],
  [{ a2: 'BR', a3: 'BRA', name: 'Brazil', iso: 'Brazil' }, 1],
  [{ a2: 'MX', a3: 'MEX', name: 'Mexico', iso: 'Mexico' }, 1],
  [{ a2: 'SG', a3: 'SGP', name: 'Singapore', iso: 'Singapore' }, 1],
  [{ a2: 'NZ', a3: 'NZL', name: 'New Zealand', iso: 'New Zealand' }, 1],
  [
    {
      a2: 'AE',
      a3: 'ARE',
      name: 'United Arab Emirates',
      iso: 'United Arab Emirates',
      aliases: ['UAE'],
    },
    1,
  ],
  [{ a2: 'CZ', a3: 'CZE', name: 'Czech Republic', iso: 'Czechia' }, 1],
  [{ a2: 'VN', a3: 'VNM', name: 'Vietnam', iso: 'Viet Nam' }, 1],
  [{ a2: 'TR', a3: 'TUR', name: 'Turkey', iso: 'Türkiye' }, 1],
  [{ a2: 'HK', a3: 'HKG', name: 'Hong Kong', iso: 'Hong Kong' }, 1],
  [{ a2: 'TW', a3: 'TWN', name: 'Taiwan', iso: 'Taiwan, Province of China' }, 1],
  [{ a2: 'ZA', a3: 'ZAF', name: 'South Africa', iso: 'South Africa' }, 1],
  [{ a2: 'PL', a3: 'POL', name: 'Poland', iso: 'Poland' }, 1],
  [{ a2: 'BE', a3: 'BEL', name: 'Belgium', iso: 'Belgium' }, 1],
  [{ a2: 'AT', a3: 'AUT', name: 'Austria', iso: 'Austria' }, 1],
  [{ a2: 'DK', a3: 'DNK', name: 'Denmark', iso: 'Denmark' }, 1],
  [{ a2: 'NO', a3: 'NOR', name: 'Norway', iso: 'Norway' }, 1],
  [{ a2: 'PT', a3: 'PRT', name: 'Portugal', iso: 'Portugal' }, 1],
  [{ a2: 'IL', a3: 'ISR', name: 'Israel', iso: 'Israel' }, 1],
  [{ a2: 'CN', a3: 'CHN', name: 'China', iso: 'China' }, 1],
  [{ a2: 'AR', a3: 'ARG', name: 'Argentina', iso: 'Argentina' }, 1],
  [{ a2: 'CL', a3: 'CHL', name: 'Chile', iso: 'Chile' }, 1],
  [{ a2: 'BO', a3: 'BOL', name: 'Bolivia', iso: 'Bolivia, Plurinational State of' }, 1],
  [{ a2: 'TZ', a3: 'TZA', name: 'Tanzania', iso: 'Tanzania, United Republic of' }, 1],
  [{ a2: 'BA', a3: 'BIH', name: 'Bosnia and Herzegovina', iso: 'Bosnia and Herzegovina' }, 1],
  [{ a2: 'TT', a3: 'TTO', name: 'Trinidad and Tobago', iso: 'Trinidad and Tobago' }, 1],
  [
    {
      a2: 'CI',
      a3: 'CIV',
      name: "Côte d'Ivoire",
      iso: "Côte d'Ivoire",
      aliases: ['Ivory Coast'],
    },
    1,
  ],
];

const countryOf = (a2: string): Country => COUNTRIES.find(([c]) => c.a2 === a2)![0];

/**
 * A country as CRM exports write it. The weights are an a-priori guess at real exports, set
 * before the validator was run: full names and two-letter codes dominate; alpha-3 codes come from
 * ERPs, the ISO short names from systems that copied the standard's list.
 */
function writeCountry(d: Dice, country: Country): [string, CellPart] {
  const form = d.weighted([
    ['name', 45],
    ['alpha-2', 30],
    ['alias', 10],
    ['alpha-3', 10],
    ['ISO short name', 5],
  ] as const);
  let value =
    form === 'alpha-2'
      ? country.a2
      : form === 'alpha-3'
        ? country.a3
        : form === 'ISO short name'
          ? country.iso
          : form === 'alias' && country.aliases
            ? d.pick(country.aliases)
            : country.name;
  const noise: string[] = [];
  const formName = form === 'alias' && !country.aliases ? 'name' : form;
  if (d.chance(0.1)) {
    value = d.chance(0.5) ? value.toUpperCase() : value.toLowerCase();
    noise.push('case');
  }
  return [pad(d, value, noise), { form: formName, noise }];
}

/* ---------------------------------------------------------------------------------------------
 * Phones from national numbering plans. Each plan yields the national significant number (NSN),
 * and writes it nationally (with the trunk prefix where the plan has one) or internationally.
 */

interface PhonePlan {
  name: string;
  country: string;
  cc: string;
  /** A number the regulator's plan assigns. */
  nsn: (d: Dice) => string;
  /** True when every number in the plan has one length, so dropping or adding digits breaks it. */
  fixedLength: boolean;
  national: (d: Dice, nsn: string) => string;
  international: (d: Dice, nsn: string) => string;
}

/** Digits split into groups of the given sizes; left-over digits stay in the last group. */
function group(digits: string, sizes: readonly number[], separator: string): string {
  const parts: string[] = [];
  let at = 0;
  sizes.forEach((size, i) => {
    if (at >= digits.length) return;
    const end = i === sizes.length - 1 ? digits.length : at + size;
    parts.push(digits.slice(at, end));
    at = end;
  });
  return parts.join(separator);
}

// NANP (NANPA): NPA-NXX-XXXX, N = 2–9. Area codes in long service; central office codes avoid
// the N11 service codes, 555 (directory and fictional use) and 950/958/959/976 (special uses).
const US_AREAS = list(
  '201|202|206|212|213|214|303|305|312|404|415|503|512|602|617|646|702|713|718|773|818|917|919|972',
);
const US_TOLL_FREE = ['800', '888', '877', '866'];
const CA_AREAS = ['416', '647', '514', '438', '604', '778', '613', '403', '587', '780', '902'];
const RESERVED_EXCHANGES = new Set(['555', '950', '958', '959', '976']);

function nanpExchange(d: Dice): string {
  for (;;) {
    const x = d.digitOf('23456789') + d.digits(2);
    if (x.slice(1) !== '11' && !RESERVED_EXCHANGES.has(x)) return x;
  }
}

const nanpNational = (d: Dice, n: string) => {
  const [a, x, l] = [n.slice(0, 3), n.slice(3, 6), n.slice(6)];
  return d.pick([
    `(${a}) ${x}-${l}`,
    `${a}-${x}-${l}`,
    `${a}.${x}.${l}`,
    `${a}${x}${l}`,
    `${a} ${x} ${l}`,
    `1-${a}-${x}-${l}`,
    `1 (${a}) ${x}-${l}`,
  ]);
};
const nanpInternational = (d: Dice, n: string) => {
  const [a, x, l] = [n.slice(0, 3), n.slice(3, 6), n.slice(6)];
  return d.pick([
    `+1 ${a} ${x} ${l}`,
    `+1 (${a}) ${x}-${l}`,
    `+1-${a}-${x}-${l}`,
    `+1${n}`,
    `001 ${a} ${x} ${l}`,
    `+1.${a}.${x}.${l}`,
  ]);
};

/** `+CC nsn` in the common international spellings, including the '(0)' trunk hint. */
const international =
  (cc: string, sizes: readonly number[], trunkHint: boolean) => (d: Dice, n: string) =>
    d.pick([
      `+${cc} ${group(n, sizes, ' ')}`,
      `+${cc}${n}`,
      `00${cc} ${group(n, sizes, ' ')}`,
      trunkHint ? `+${cc} (0)${group(n, sizes, ' ')}` : `+${cc}-${group(n, sizes, '-')}`,
    ]);

const PLANS: ReadonlyArray<readonly [PhonePlan, number]> = [
  [
    {
      name: 'US geographic',
      country: 'US',
      cc: '1',
      nsn: (d) => d.pick(US_AREAS) + nanpExchange(d) + d.digits(4),
      fixedLength: true,
      national: nanpNational,
      international: nanpInternational,
    },
    40,
  ],
  [
    {
      name: 'US toll-free',
      country: 'US',
      cc: '1',
      nsn: (d) => d.pick(US_TOLL_FREE) + nanpExchange(d) + d.digits(4),
      fixedLength: true,
      national: nanpNational,
      international: nanpInternational,
    },
    4,
  ],
  [
    {
      name: 'CA geographic',
      country: 'CA',
      cc: '1',
      nsn: (d) => d.pick(CA_AREAS) + nanpExchange(d) + d.digits(4),
      fixedLength: true,
      national: nanpNational,
      international: nanpInternational,
    },
    8,
  ],
  [
    {
      // Ofcom: 071–075 and 077–079 are mobile (076 is paging); 07700 900xxx is kept for drama.
      name: 'GB mobile',
      country: 'GB',
      cc: '44',
      nsn: (d) => {
        for (;;) {
          const n = '7' + d.digitOf('12345789') + d.digits(8);
          if (!n.startsWith('7700900')) return n;
        }
      },
      fixedLength: true,
      national: (d, n) =>
        d.pick([`0${group(n, [4, 6], ' ')}`, `0${group(n, [4, 3, 3], ' ')}`, `0${n}`]),
      international: international('44', [4, 6], true),
    },
    14,
  ],
  [
    {
      // ARCEP: 06 and 073–079 are mobile in metropolitan France; 063x and 069x are numbers of the
      // overseas departments, which have their own country codes.
      name: 'FR mobile',
      country: 'FR',
      cc: '33',
      nsn: (d) =>
        d.chance(0.6)
          ? '6' + d.digitOf('0124578') + d.digits(7)
          : '7' + d.digitOf('3456789') + d.digits(7),
      fixedLength: true,
      national: (d, n) => {
        const pairs = group(`0${n}`, [2, 2, 2, 2, 2], ' ');
        return d.pick([pairs, pairs.replaceAll(' ', '.'), pairs.replaceAll(' ', '-'), `0${n}`]);
      },
      international: international('33', [1, 2, 2, 2, 2], true),
    },
    9,
  ],
  [
    {
      // Bundesnetzagentur: 0151/0152/0157/0159 have 8-digit subscriber numbers, 0160/0162/0163
      // and 0170–0175 have 7.
      name: 'DE mobile',
      country: 'DE',
      cc: '49',
      nsn: (d) =>
        d.chance(0.5)
          ? '15' + d.digitOf('1279') + d.digits(8)
          : d.pick(['160', '162', '163', '170', '171', '172', '173', '174', '175']) + d.digits(7),
      fixedLength: true,
      national: (d, n) => {
        const [p, s] = [n.slice(0, 3), n.slice(3)];
        return d.pick([`0${p} ${s}`, `0${p}/${s}`, `0${p}-${s}`, `0${n}`]);
      },
      international: international('49', [3, 8], true),
    },
    8,
  ],
  [
    {
      // Berlin 030: subscriber numbers of 8 digits, which never start with 0 or 1.
      name: 'DE Berlin',
      country: 'DE',
      cc: '49',
      nsn: (d) => '30' + d.digitOf('23456789') + d.digits(7),
      fixedLength: false,
      national: (d, n) => d.pick([`030 ${n.slice(2)}`, `030/${n.slice(2)}`, `0${n}`]),
      international: international('49', [2, 8], true),
    },
    2,
  ],
  [
    {
      // ACMA: 04 is mobile; 040–043 are fully allocated.
      name: 'AU mobile',
      country: 'AU',
      cc: '61',
      nsn: (d) => '4' + d.digitOf('0123') + d.digits(7),
      fixedLength: true,
      national: (d, n) =>
        d.pick([`0${group(n, [3, 3, 3], ' ')}`, `0${n}`, `0${group(n, [1, 4, 4], ' ')}`]),
      international: international('61', [3, 3, 3], false),
    },
    7,
  ],
  [
    {
      // CNMC: 6xx xxx xxx is mobile; Spain has no trunk prefix.
      name: 'ES mobile',
      country: 'ES',
      cc: '34',
      nsn: (d) => '6' + d.digits(8),
      fixedLength: true,
      national: (d, n) =>
        d.pick([
          group(n, [3, 3, 3], ' '),
          group(n, [3, 2, 2, 2], ' '),
          n,
          group(n, [3, 3, 3], '-'),
        ]),
      international: international('34', [3, 3, 3], false),
    },
    7,
  ],
];

const isNanp = (plan: PhonePlan) => plan.cc === '1';

/* ---------------------------------------------------------------------------------------------
 * Noise that never makes a value invalid.
 */

function pad(d: Dice, value: string, noise: string[]): string {
  if (!d.chance(0.12)) return value;
  noise.push('padded');
  const space = d.pick([' ', '  ', '\t', '\u00a0']);
  return d.pick([`${space}${value}`, `${value}${space}`, `${space}${value}${space}`]);
}

const placeholder = (d: Dice) => d.pick(PLACEHOLDERS);

/* ---------------------------------------------------------------------------------------------
 * A valid row, assembled from its parts.
 */

interface EmailParts {
  local: string;
  /** The full domain, e.g. `eu.northwind.co.uk` or `gmail.com`. */
  domain: string;
  /** The label left of the public suffix: `northwind`, `gmail`. */
  label: string;
  free: boolean;
}

interface Draft {
  cells: string[];
  parts: Partial<Record<Column, CellPart>>;
  first: string;
  last: string;
  company: Company;
  email: EmailParts;
}

function makeLocal(d: Dice, first: string, last: string): [string, string] {
  const f = ascii(first);
  const l = ascii(last);
  const [local, form] = d.weighted<readonly [string, string]>([
    [[`${f}.${l}`, 'first.last'], 30],
    [[`${f.slice(0, 1)}${l}`, 'flast'], 12],
    [[`${f}${l.slice(0, 1)}`, 'firstl'], 5],
    [[f, 'first'], 8],
    [[`${f}_${l}`, 'first_last'], 5],
    [[`${f}-${l}`, 'first-last'], 3],
    [[`${f}.${l}${d.digits(2)}`, 'first.last99'], 6],
    [[`${f}.${d.pick(['a', 'j', 'm', 'r'])}.${l}`, 'first.m.last'], 3],
    [[d.pick(['info', 'sales', 'hello', 'marketing', 'accounts']), 'role'], 4],
  ]);
  if (d.chance(0.12)) {
    const tag = d.pick(['news', 'crm', '2024', 'work', 'events', 'x']);
    return [`${local}+${tag}`, `${form}+tag`];
  }
  return [local, form];
}

function makeEmail(d: Dice, first: string, last: string, company: Company): [EmailParts, string] {
  const [local, localForm] = makeLocal(d, first, last);
  if (d.chance(0.35)) {
    const domain = d.pick(FREE_MAIL);
    return [
      { local, domain, label: domain.split('.')[0]!, free: true },
      `${localForm} @ free mail`,
    ];
  }
  const sub = d.chance(0.15) ? `${d.pick(['eu', 'uk', 'us', 'mail', 'corp', 'emea'])}.` : '';
  const domain = `${sub}${company.label}.${company.suffix}`;
  return [
    { local, domain, label: company.label, free: false },
    `${localForm} @ ${sub ? 'sub.' : ''}*.${company.suffix}`,
  ];
}

function writeEmail(d: Dice, address: string, noise: string[]): string {
  let value = address;
  const roll = d.int(10);
  if (roll < 2) {
    value = value.replace(/(^|[._+@-])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
    noise.push('capitalised');
  } else if (roll < 3) {
    value = value.toUpperCase();
    noise.push('upper case');
  }
  if (d.chance(0.04)) {
    value = `${d.pick(['mailto:', 'MAILTO:', 'Mailto:'])}${value}`;
    noise.push('mailto:');
  }
  return pad(d, value, noise);
}

function writeWebsite(d: Dice, host: string, noise: string[]): [string, string] {
  const [value, form] = d.weighted<readonly [string, string]>([
    [[host, 'bare'], 30],
    [[`www.${host}`, 'www'], 25],
    [[`https://www.${host}`, 'https://www'], 15],
    [[`https://${host}/`, 'https:/'], 10],
    [[`http://www.${host}/about-us`, 'http path'], 5],
    [[`https://www.${host}/en?utm_source=crm&utm_medium=export`, 'query'], 5],
    [[`${host}/`, 'bare/'], 5],
    [[`https://shop.${host}`, 'subdomain'], 5],
  ]);
  let out = value;
  if (d.chance(0.1)) {
    out = out.toUpperCase();
    noise.push('upper case');
  }
  return [pad(d, out, noise), form];
}

interface PhoneChoice {
  plan: PhonePlan;
  nsn: string;
  national: boolean;
}

function writePhone(d: Dice, choice: PhoneChoice, noise: string[]): string {
  const { plan, nsn, national } = choice;
  let value = national ? plan.national(d, nsn) : plan.international(d, nsn);
  if (isNanp(plan) && d.chance(0.05)) {
    value += d.pick([` ext. ${d.digits(3)}`, ` x${d.digits(3)}`]);
    noise.push('extension');
  } else if (value.startsWith('+') && !value.includes('(') && d.chance(0.03)) {
    // RFC 3966: a global number in a tel: URI, visual separators as hyphens.
    value = `tel:${value.replace(/[ ()]+/g, '-').replace(/-+/g, '-')}`;
    noise.push('tel:');
  }
  return pad(d, value, noise);
}

function makeValid(d: Dice): Draft {
  const cells = ACCURACY_HEADERS.map(() => '');
  const parts: Draft['parts'] = {};
  const first = d.pick(FIRST);
  const last = d.pick(LAST);
  const company = makeCompany(d);
  cells[COL.first] = d.chance(0.9) ? first : placeholder(d);
  cells[COL.last] = d.chance(0.9) ? last : placeholder(d);
  cells[COL.company] = d.chance(0.85) ? company.name : placeholder(d);
  cells[COL.title] = d.chance(0.7) ? d.pick(TITLES) : placeholder(d);
  cells[COL.notes] = d.chance(0.3) ? d.pick(NOTES) : '';

  let hasEmail = d.chance(0.85);
  const hasPhone = d.chance(0.55);
  const hasWebsite = d.chance(0.55);
  if (!hasEmail && !hasPhone && !hasWebsite) hasEmail = true;

  const [email, emailForm] = makeEmail(d, first, last, company);
  if (hasEmail) {
    const noise: string[] = [];
    cells[COL.email] = writeEmail(d, `${email.local}@${email.domain}`, noise);
    parts.Email = { form: emailForm, noise };
  } else cells[COL.email] = placeholder(d);

  if (hasWebsite) {
    const noise: string[] = [];
    const [value, form] = writeWebsite(d, `${company.label}.${company.suffix}`, noise);
    cells[COL.website] = value;
    parts.Website = { form: `${form} *.${company.suffix}`, noise };
  } else cells[COL.website] = placeholder(d);

  // The row's country: the phone's own when the phone is written nationally, else any (or none).
  let country: Country | null = d.chance(0.7) ? d.weighted(COUNTRIES) : null;
  if (hasPhone) {
    const plan = d.weighted(PLANS);
    const national = d.chance(0.55);
    const noise: string[] = [];
    cells[COL.phone] = writePhone(d, { plan, nsn: plan.nsn(d), national }, noise);
    parts.Phone = { form: `${plan.name}, ${national ? 'national' : 'international'}`, noise };
    if (national && isNanp(plan)) {
      // NANP numbers dial the same from anywhere in the plan; the file's default country is US.
      country = d.chance(0.5) ? countryOf(plan.country) : null;
    } else if (national) country = countryOf(plan.country);
  } else cells[COL.phone] = placeholder(d);

  if (country) {
    const [value, part] = writeCountry(d, country);
    cells[COL.country] = value;
    parts.Country = part;
  } else cells[COL.country] = placeholder(d);

  return { cells, parts, first, last, company, email };
}

/* ---------------------------------------------------------------------------------------------
 * Corruptions: each turns a valid draft into an invalid row for one named reason.
 */

interface Corruption {
  kind: string;
  column: Column | null;
  apply: (d: Dice, draft: Draft) => void;
}

const setEmail = (draft: Draft, d: Dice, address: string) => {
  draft.cells[COL.email] = writeEmail(d, address, []);
};
const emailCorruption = (kind: string, make: (d: Dice, e: EmailParts) => string): Corruption => ({
  kind: `email: ${kind}`,
  column: 'Email',
  apply: (d, draft) => setEmail(draft, d, make(d, draft.email)),
});

/** Inserts `text` strictly inside `value` (never at either end). */
const insideOf = (d: Dice, value: string, text: string) => {
  const at = 1 + d.int(Math.max(1, value.length - 1));
  return value.slice(0, at) + text + value.slice(at);
};

const websiteCorruption = (kind: string, make: (d: Dice, c: Company) => string): Corruption => ({
  kind: `website: ${kind}`,
  column: 'Website',
  apply: (d, draft) => {
    draft.cells[COL.website] = make(d, draft.company);
  },
});

function setPhone(d: Dice, draft: Draft, value: string, countryA2: string | null) {
  draft.cells[COL.phone] = value;
  if (countryA2 === null) draft.cells[COL.country] = placeholder(d);
  else draft.cells[COL.country] = writeCountry(d, countryOf(countryA2))[0];
}

/** A phone corruption on the digits of a valid number, written in the plan's own country. */
const phoneCorruption = (
  kind: string,
  make: (d: Dice, nsn: string, plan: PhonePlan) => string,
  plans: (plan: PhonePlan) => boolean = () => true,
): Corruption => ({
  kind: `phone: ${kind}`,
  column: 'Phone',
  apply: (d, draft) => {
    const candidates = PLANS.filter(([p]) => plans(p));
    const plan = d.weighted(candidates);
    const nsn = make(d, plan.nsn(d), plan);
    const national = d.chance(0.5);
    const value = national ? plan.national(d, nsn) : plan.international(d, nsn);
    setPhone(d, draft, value, national && !isNanp(plan) ? plan.country : null);
  },
});

const nanpNumber = (d: Dice, area: string, exchange: string, line = d.digits(4)) =>
  d.chance(0.5)
    ? nanpNational(d, area + exchange + line)
    : nanpInternational(d, area + exchange + line);

/** Letters a digit is mistaken for (OCR, typing by eye). */
const LOOKALIKE: Record<string, string> = {
  '0': 'O',
  '1': 'l',
  '2': 'Z',
  '5': 'S',
  '6': 'G',
  '8': 'B',
};

const CORRUPTIONS: readonly Corruption[] = [
  emailCorruption('no @', (d, e) => `${e.local}${d.pick(['', '.'])}${e.domain}`),
  emailCorruption(
    '"at" spelled out',
    (d, e) => `${e.local}${d.pick([' at ', '(at)', '[at]', ' AT '])}${e.domain}`,
  ),
  emailCorruption('two @', (d, e) =>
    d.pick([`${e.local}@@${e.domain}`, `${e.local}@${e.label}@${e.domain}`]),
  ),
  emailCorruption('double dot', (d, e) =>
    d.chance(0.5)
      ? `${insideOf(d, e.local.replaceAll('.', ''), '..')}@${e.domain}`
      : `${e.local}@${e.domain.replace('.', '..')}`,
  ),
  emailCorruption('dot at the edge of the local part', (d, e) =>
    d.chance(0.5) ? `.${e.local}@${e.domain}` : `${e.local}.@${e.domain}`,
  ),
  emailCorruption('space inside', (d, e) =>
    d.chance(0.5)
      ? `${insideOf(d, e.local, ' ')}@${e.domain}`
      : `${e.local}@${insideOf(d, e.domain, ' ')}`,
  ),
  emailCorruption('no TLD', (_d, e) => `${e.local}@${e.label}`),
  emailCorruption('one-letter TLD', (d, e) => `${e.local}@${e.label}.${d.pick(['c', 'u'])}`),
  emailCorruption(
    'TLD typo (not in the root zone)',
    (d, e) => `${e.local}@${e.label}.${d.pick(TLD_TYPOS)}`,
  ),
  emailCorruption(
    'comma for a dot',
    (_d, e) => `${e.local}@${e.domain.replace(/\.(?=[^.]+$)/, ',')}`,
  ),
  emailCorruption('no local part', (_d, e) => `@${e.domain}`),
  emailCorruption('no domain', (_d, e) => `${e.local}@`),
  emailCorruption('trailing dot after the domain', (_d, e) => `${e.local}@${e.domain}.`),
  emailCorruption(
    'local part over 64 characters',
    (d, e) => `${e.local}.${'x'.repeat(65 - e.local.length)}${d.digits(3)}@${e.domain}`,
  ),
  emailCorruption(
    'character not allowed unquoted',
    (d, e) =>
      `${insideOf(d, e.local, d.pick(['(', ')', '<', '>', ',', ';', ':', '\\', '[', ']', '"']))}@${e.domain}`,
  ),
  emailCorruption(
    'underscore in the domain',
    (_d, e) => `${e.local}@${e.domain.replace(/^([^.]+)/, '$1_corp')}`,
  ),
  emailCorruption('hyphen at a label edge', (d, e) =>
    d.chance(0.5) ? `${e.local}@-${e.domain}` : `${e.local}@${e.domain.replace(/^([^.]+)/, '$1-')}`,
  ),

  phoneCorruption(
    'three digits short',
    (_d, n) => n.slice(0, -3),
    (p) => p.fixedLength,
  ),
  phoneCorruption(
    'three digits too many',
    (d, n) => n + d.digits(3),
    (p) => p.fixedLength,
  ),
  phoneCorruption(
    'a letter for a digit',
    (d, n) => {
      const at = 3 + d.int(n.length - 4);
      return n.slice(0, at) + (LOOKALIKE[n[at]!] ?? 'O') + n.slice(at + 1);
    },
    (p) => p.fixedLength,
  ),
  {
    kind: 'phone: NANP area code starting with 0 or 1',
    column: 'Phone',
    apply: (d, draft) =>
      setPhone(d, draft, nanpNumber(d, d.digitOf('01') + d.digits(2), nanpExchange(d)), null),
  },
  {
    kind: 'phone: NANP exchange starting with 0 or 1',
    column: 'Phone',
    apply: (d, draft) =>
      setPhone(d, draft, nanpNumber(d, d.pick(US_AREAS), d.digitOf('01') + d.digits(2)), null),
  },
  {
    kind: 'phone: NANP N11 service code as area code',
    column: 'Phone',
    apply: (d, draft) =>
      setPhone(d, draft, nanpNumber(d, d.digitOf('2345678') + '11', nanpExchange(d)), null),
  },
  {
    kind: 'phone: country code not assigned',
    column: 'Phone',
    apply: (d, draft) => {
      const plan = d.weighted(PLANS);
      const cc = d.pick(['999', '0']);
      setPhone(d, draft, `+${cc} ${group(plan.nsn(d), [3, 3, 4], ' ')}`, null);
    },
  },
  {
    kind: 'phone: spreadsheet scientific notation',
    column: 'Phone',
    apply: (d, draft) => {
      // A spreadsheet holds the number as a float and shows six significant digits: the rest
      // (and a national number's leading 0) are gone.
      const plan = d.weighted(PLANS);
      const digits = (d.chance(0.5) ? plan.cc : '') + plan.nsn(d);
      const [mantissa, exponent] = Number(digits).toExponential(5).split('e');
      const shown = mantissa!.replace(/\.?0+$/, '');
      setPhone(d, draft, `${shown}E+${exponent!.replace('+', '').padStart(2, '0')}`, plan.country);
    },
  },
  {
    // NANPA keeps 555-0100–0199 for fiction; Ofcom keeps 07700 900000–900999 for drama.
    kind: 'phone: number reserved for fiction',
    column: 'Phone',
    apply: (d, draft) => {
      if (d.chance(0.5)) {
        setPhone(d, draft, nanpNumber(d, d.pick(US_AREAS), '555', `01${d.digits(2)}`), null);
      } else {
        const n = `7700900${d.digits(3)}`;
        const gb = PLANS.find(([p]) => p.name === 'GB mobile')![0];
        setPhone(d, draft, d.chance(0.5) ? gb.national(d, n) : gb.international(d, n), 'GB');
      }
    },
  },
  {
    kind: 'phone: all zeros',
    column: 'Phone',
    apply: (d, draft) =>
      setPhone(d, draft, d.pick(['000-000-0000', '0000000000', '(000) 000-0000']), null),
  },
  {
    kind: 'phone: national number of another country, row has no country',
    column: 'Phone',
    apply: (d, draft) => {
      const plan = d.weighted(PLANS.filter(([p]) => !isNanp(p)));
      setPhone(d, draft, plan.national(d, plan.nsn(d)), null);
    },
  },

  websiteCorruption('not a domain', (d, c) =>
    d.pick(['n/a company', c.name, 'see LinkedIn', 'www', 'http://']),
  ),
  websiteCorruption('no TLD', (d, c) => `${d.pick(['', 'www.', 'https://'])}${c.label}`),
  websiteCorruption(
    'IP address',
    (d) =>
      `${d.pick(['', 'http://'])}${d.pick(['192.168', '10.0', '172.16', '203.0'])}.${d.int(256)}.${1 + d.int(254)}`,
  ),
  websiteCorruption('public suffix alone', (d) => d.pick(['co.uk', 'com.au', 'co.jp', 'com'])),
  websiteCorruption('double dot', (d, c) =>
    d.chance(0.5) ? `${c.label}..${c.suffix}` : `www..${c.label}.${c.suffix}`,
  ),
  websiteCorruption(
    'TLD typo (not in the root zone)',
    (d, c) => `${d.pick(['', 'www.', 'https://www.'])}${c.label}.${d.pick(TLD_TYPOS)}`,
  ),
  websiteCorruption(
    'underscore in the host name',
    (d, c) => `${d.pick(['', 'www.', 'https://'])}${c.words[0]}_${c.words[1]}.${c.suffix}`,
  ),
  websiteCorruption('space inside', (d, c) =>
    d.chance(0.5) ? `${c.words[0]} ${c.words[1]}.${c.suffix}` : `www.${c.label} .${c.suffix}`,
  ),
  websiteCorruption('localhost', (d) => d.pick(['localhost', 'http://localhost:3000'])),

  {
    kind: 'country: not a country',
    column: 'Country',
    apply: (d, draft) => {
      draft.cells[COL.country] = d.pick(['Atlantis', 'Narnia', 'Wakanda', 'Westeros', 'Freedonia']);
    },
  },
  {
    kind: 'country: misspelt',
    column: 'Country',
    apply: (d, draft) => {
      draft.cells[COL.country] = d.pick([
        'Untied States',
        'Germnay',
        'Frnace',
        'Austrailia',
        'Unted Kingdom',
        'Spian',
        'Canda',
      ]);
    },
  },
  {
    kind: 'country: a region, not a country',
    column: 'Country',
    apply: (d, draft) => {
      draft.cells[COL.country] = d.pick([
        'Europe',
        'EMEA',
        'APAC',
        'LATAM',
        'North America',
        'Worldwide',
        'Global',
      ]);
    },
  },
  {
    // ISO 3166-1 leaves AA, QM–QZ, XA–XZ and ZZ to private use; none is a country.
    kind: 'country: code not assigned to a country',
    column: 'Country',
    apply: (d, draft) => {
      draft.cells[COL.country] = d.pick(['XX', 'ZZ', 'AA', 'QZ', 'XA']);
    },
  },

  {
    kind: 'row: no identifier',
    column: null,
    apply: (d, draft) => {
      for (const column of [COL.email, COL.phone, COL.website])
        draft.cells[column] = placeholder(d);
    },
  },
  {
    // What an unquoted comma in a company name does to a CSV row.
    kind: 'row: one cell too many',
    column: null,
    apply: (d, draft) => {
      draft.cells.splice(
        COL.company,
        1,
        draft.company.words[0],
        ` ${d.pick(['Inc.', 'Ltd', 'LLC'])}`,
      );
    },
  },
  {
    kind: 'row: one cell missing',
    column: null,
    apply: (d, draft) => {
      draft.cells.splice(d.int(draft.cells.length), 1);
    },
  },
];

/** Every corruption the corpus applies, for coverage checks. */
export const CORRUPTION_KINDS: readonly string[] = CORRUPTIONS.map((c) => c.kind);

export interface CorpusOptions {
  seed?: number;
  rows?: number;
  /** Share of rows that are corrupted; each corruption is equally likely. */
  invalidShare?: number;
}

export function accuracyCorpus(options: CorpusOptions = {}): LabelledRow[] {
  const { seed = 360, rows = 8000, invalidShare = 0.4 } = options;
  const d = new Dice(mulberry32(seed));
  const out: LabelledRow[] = [];
  for (let i = 0; i < rows; i++) {
    const draft = makeValid(d);
    if (!d.chance(invalidShare)) {
      out.push({
        cells: draft.cells,
        label: 'valid',
        kind: 'valid',
        column: null,
        parts: draft.parts,
      });
      continue;
    }
    const corruption = d.pick(CORRUPTIONS);
    corruption.apply(d, draft);
    out.push({
      cells: draft.cells,
      label: 'invalid',
      kind: corruption.kind,
      column: corruption.column,
      parts: {},
    });
  }
  return out;
}

/* ---------------------------------------------------------------------------------------------
 * Scoring: positive = invalid.
 */

export interface Verdict {
  rejected: boolean;
  problems: ReadonlyArray<{ column: string | null; reason: string }>;
}

export interface Mistake {
  index: number;
  row: LabelledRow;
  verdict: Verdict;
  /** A missed invalid row's corruption, or the column and form of the value a valid row lost on. */
  cause: string;
  /** The cell the mistake is about (the corrupted one, or the one refused), if any. */
  value: string | null;
}

export interface AccuracyScore {
  rows: number;
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  /** Invalid rows refused with a problem in the corrupted column (or the row, for row faults). */
  refusedForTheLabelledCause: number;
  mistakes: Mistake[];
  /** How many rows have each cause, for "3 of 70" in the report. */
  causeTotals: Map<string, number>;
}

const partCause = (column: string, part: CellPart | undefined) =>
  `${column}: ${part ? part.form : 'placeholder'}`;

/**
 * The problem a refused valid row is blamed on. A phone written nationally is read in the row's
 * country, so when the country is refused too, the country is the cause.
 */
function blamed(verdict: Verdict) {
  return verdict.problems.find((p) => p.column === 'Country') ?? verdict.problems[0];
}

export function scoreAccuracy(
  rows: readonly LabelledRow[],
  judge: (cells: readonly string[]) => Verdict,
): AccuracyScore {
  const score: AccuracyScore = {
    rows: rows.length,
    truePositives: 0,
    falsePositives: 0,
    trueNegatives: 0,
    falseNegatives: 0,
    precision: 0,
    recall: 0,
    refusedForTheLabelledCause: 0,
    mistakes: [],
    causeTotals: new Map(),
  };
  const count = (cause: string) =>
    score.causeTotals.set(cause, (score.causeTotals.get(cause) ?? 0) + 1);
  const cell = (row: LabelledRow, column: string | null) => {
    const at = ACCURACY_HEADERS.indexOf(column as Column);
    return at >= 0 ? (row.cells[at] ?? null) : null;
  };
  rows.forEach((row, index) => {
    if (row.label === 'invalid') count(row.kind);
    else for (const [column, part] of Object.entries(row.parts)) count(partCause(column, part));
    const verdict = judge(row.cells);
    if (row.label === 'invalid' && verdict.rejected) {
      score.truePositives++;
      if (verdict.problems.some((p) => p.column === row.column)) score.refusedForTheLabelledCause++;
    } else if (row.label === 'valid' && !verdict.rejected) score.trueNegatives++;
    else if (row.label === 'invalid') {
      score.falseNegatives++;
      score.mistakes.push({ index, row, verdict, cause: row.kind, value: cell(row, row.column) });
    } else {
      score.falsePositives++;
      const problem = blamed(verdict);
      const column = problem?.column ?? null;
      const cause =
        column === null
          ? `row: ${problem?.reason ?? '?'}`
          : partCause(column, row.parts[column as Column]);
      score.mistakes.push({ index, row, verdict, cause, value: cell(row, column) });
    }
  });
  const flagged = score.truePositives + score.falsePositives;
  const invalid = score.truePositives + score.falseNegatives;
  score.precision = flagged ? score.truePositives / flagged : 1;
  score.recall = invalid ? score.truePositives / invalid : 1;
  return score;
}

/**
 * The confusion matrix, the mistakes grouped by cause with the values at fault, and up to
 * `maxExamples` misclassified rows (one per cause first), so a failing run says what to fix.
 */
export function formatAccuracyReport(score: AccuracyScore, maxExamples = 20): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const lines = [
    `Invalid-row detection on ${score.rows} labelled rows (positive = invalid):`,
    `                     validator: invalid   validator: valid`,
    `  labelled invalid   TP ${String(score.truePositives).padEnd(16)}  FN ${score.falseNegatives}`,
    `  labelled valid     FP ${String(score.falsePositives).padEnd(16)}  TN ${score.trueNegatives}`,
    `  precision ${pct(score.precision)}   recall ${pct(score.recall)}`,
    `  (${score.refusedForTheLabelledCause} of the ${score.truePositives} invalid rows found were ` +
      `refused for the labelled cause)`,
  ];
  const byCause = new Map<string, Mistake[]>();
  for (const m of score.mistakes) {
    const key = `${m.row.label === 'invalid' ? 'FN' : 'FP'}  ${m.cause}`;
    byCause.set(key, [...(byCause.get(key) ?? []), m]);
  }
  if (!byCause.size) return lines.join('\n');

  const sorted = [...byCause].sort((a, b) => b[1].length - a[1].length);
  lines.push('', 'Misclassified, by cause (of the rows with that cause), and the values at fault:');
  for (const [key, mistakes] of sorted) {
    const total = score.causeTotals.get(mistakes[0]!.cause);
    const values = [...new Set(mistakes.map((m) => m.value?.trim()).filter(Boolean))];
    const shown = values.slice(0, 8).map((v) => JSON.stringify(v));
    if (values.length > 8) shown.push(`… ${values.length - 8} more`);
    lines.push(
      `  ${key}: ${mistakes.length}${total ? ` of ${total}` : ''}`,
      ...(shown.length ? [`      ${shown.join(', ')}`] : []),
    );
  }
  lines.push('', `Examples (at most ${maxExamples}, one per cause first):`);
  const queues = sorted.map(([, mistakes]) => [...mistakes]);
  let shown = 0;
  while (shown < maxExamples && queues.some((q) => q.length)) {
    for (const queue of queues) {
      const m = queue.shift();
      if (!m || shown >= maxExamples) continue;
      shown++;
      const said = m.verdict.rejected
        ? m.verdict.problems.map((p) => `${p.column ?? 'row'}: ${p.reason}`).join(', ')
        : 'accepted';
      const noise = Object.entries(m.row.parts)
        .filter(([, p]) => p.noise.length)
        .map(([c, p]) => `${c} ${p.noise.join('+')}`)
        .join('; ');
      lines.push(
        `  row ${m.index} [${m.row.label}: ${m.cause}]${noise ? ` (noise: ${noise})` : ''}`,
        `    cells: ${JSON.stringify(m.row.cells)}`,
        `    validator: ${said}`,
      );
    }
  }
  return lines.join('\n');
}

/* ---------------------------------------------------------------------------------------------
 * CSV: the corpus as a file an upload can take, and its labels beside it.
 */

const csvCell = (cell: string) =>
  /[",\r\n]|^\s|\s$/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;

export interface CorpusCsv {
  /** RFC 4180, comma-separated, LF line ends, header first. */
  csv: string;
  /** `line,label,kind`: the physical line each data record starts on, and its label. */
  labels: string;
}

export function accuracyCorpusCsv(rows: readonly LabelledRow[]): CorpusCsv {
  const csvLines = [ACCURACY_HEADERS.map(csvCell).join(',')];
  const labelLines = ['line,label,kind'];
  let line = 2;
  for (const row of rows) {
    const text = row.cells.map(csvCell).join(',');
    csvLines.push(text);
    labelLines.push(`${line},${row.label},${csvCell(row.kind)}`);
    line += 1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0);
  }
  return { csv: csvLines.join('\n') + '\n', labels: labelLines.join('\n') + '\n' };
}

/** Writes the corpus to `path` and its labels to `<path without .csv>.labels.csv`. */
export function writeAccuracyCorpus(
  path: string,
  options: CorpusOptions = {},
): { path: string; labelsPath: string; rows: number } {
  const rows = accuracyCorpus(options);
  const { csv, labels } = accuracyCorpusCsv(rows);
  const labelsPath = `${path.replace(/\.csv$/i, '')}.labels.csv`;
  writeFileSync(path, csv);
  writeFileSync(labelsPath, labels);
  return { path, labelsPath, rows: rows.length };
}
