// The deterministic weekly dataset: a fixed domain universe, which (domain, topic) pairs have a
// row in a given week, their Company Surge scores and each domain's firmographics. Pure
// functions of the config and the week, so tests compute the data a pull must return.
import type { BomboraSimConfig } from './config';
import { fnv1a, hash2, hash3, unit } from './hash';
import { topicById } from './taxonomy';

const DAY_MS = 86_400_000;

// --- weeks ---------------------------------------------------------------------------------

/** The Monday (UTC, ISO date) of the week containing `ms`. */
export function mondayOf(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const monday = days - ((days + 3) % 7); // 1970-01-01 was a Thursday
  return new Date(monday * DAY_MS).toISOString().slice(0, 10);
}

/** ISO date `week` moved by `weeks` weeks. */
export function addWeeks(week: string, weeks: number): string {
  return new Date(Date.parse(`${week}T00:00:00Z`) + weeks * 7 * DAY_MS).toISOString().slice(0, 10);
}

/** Weeks since Monday 1970-01-05: the integer the generator mixes in. */
export function weekIndex(week: string): number {
  return Math.floor((Date.parse(`${week}T00:00:00Z`) / DAY_MS - 4) / 7);
}

// --- domain universe -----------------------------------------------------------------------

const EXTRA_PREFIXES = [
  'northwind',
  'contoso',
  'fabrikam',
  'tailspin',
  'wingtip',
  'litware',
  'adventure',
  'proseware',
  'lucerne',
  'alpine',
  'blue-yonder',
  'fourth-coffee',
  'coho',
  'wide-world',
  'summit',
  'harbor',
  'pioneer',
  'granite',
  'cedar',
  'redwood',
  'evergreen',
  'bluefin',
  'ironbridge',
  'meridian',
];
const EXTRA_SUFFIXES = [
  'logistics',
  'systems',
  'labs',
  'analytics',
  'partners',
  'health',
  'foods',
  'energy',
  'capital',
  'media',
  'software',
  'networks',
  'consulting',
  'robotics',
  'retail',
  'insurance',
];
// Weighted: .com most often.
const EXTRA_TLDS = ['com', 'com', 'com', 'io', 'co.uk', 'de', 'net', 'com', 'io', 'co.uk'];

/** Always in the universe: IDNs in Unicode form and free-mail providers — real data is messy. */
export const SPECIAL_DOMAINS = [
  'münchen-bau.de',
  'bücher-haus.de',
  'straße-werke.de',
  'gmail.com',
  'yahoo.co.uk',
];

export interface Universe {
  domains: string[];
  /** fnv1a of each domain: the seed of everything generated for it. */
  hashes: Uint32Array;
  index: Map<string, number>;
  firms: (Firmographics | undefined)[];
  /** JSON of each firm, cached: pages embed it verbatim. */
  firmJson: (string | undefined)[];
}

/** Lower-cases and strips a scheme, `www.`, path and trailing dot: the form the universe uses. */
export function canonicalDomain(raw: string): string {
  let d = raw.trim().toLowerCase();
  d = d.replace(/^[a-z]+:\/\//, '').replace(/[/?#].*$/, '');
  d = d.replace(/\.$/, '');
  if (d.startsWith('www.')) d = d.slice(4);
  return d;
}

export function extraDomain(i: number): string {
  const h = hash2(0xe7a, i);
  const prefix = EXTRA_PREFIXES[h % EXTRA_PREFIXES.length] as string;
  const suffix = EXTRA_SUFFIXES[(h >>> 8) % EXTRA_SUFFIXES.length] as string;
  const tld = EXTRA_TLDS[(h >>> 16) % EXTRA_TLDS.length] as string;
  return `${prefix}-${suffix}-${i + 1}.${tld}`;
}

const universeCache = new Map<string, Universe>();

/** The domain universe in its fixed order (cached per universe config). */
export function universeFor(cfg: BomboraSimConfig['universe']): Universe {
  const key = JSON.stringify([cfg.brands, cfg.perBrand, cfg.extraDomains, cfg.includeDomains]);
  const cached = universeCache.get(key);
  if (cached) return cached;
  const domains: string[] = [];
  const index = new Map<string, number>();
  const add = (d: string): void => {
    if (index.has(d)) return;
    index.set(d, domains.length);
    domains.push(d);
  };
  for (const brand of cfg.brands) {
    for (let i = 0; i < cfg.perBrand; i++) add(`${brand}${String(i).padStart(4, '0')}.com`);
  }
  for (let i = 0; i < cfg.extraDomains; i++) add(extraDomain(i));
  for (const d of cfg.includeDomains) add(canonicalDomain(d));
  for (const d of SPECIAL_DOMAINS) add(d);
  const hashes = new Uint32Array(domains.length);
  domains.forEach((d, i) => (hashes[i] = fnv1a(d)));
  const universe: Universe = { domains, hashes, index, firms: [], firmJson: [] };
  if (universeCache.size > 16) universeCache.clear();
  universeCache.set(key, universe);
  return universe;
}

// --- firmographics -------------------------------------------------------------------------

export const INDUSTRIES = [
  'Software',
  'IT Services',
  'Financial Services',
  'Banking',
  'Insurance',
  'Hospitals & Health Care',
  'Pharmaceuticals',
  'Manufacturing',
  'Retail',
  'Wholesale',
  'Education',
  'Government Administration',
  'Telecommunications',
  'Media & Entertainment',
  'Transportation & Logistics',
  'Construction',
  'Real Estate',
  'Energy & Utilities',
  'Professional Services',
  'Hospitality',
  'Nonprofit',
  'Automotive',
];
export const SIZE_BANDS = [
  '1-9',
  '10-49',
  '50-199',
  '200-499',
  '500-999',
  '1,000-4,999',
  '5,000-9,999',
  '10,000+',
];
export const REVENUE_BANDS = [
  'Less than $1M',
  '$1M-$10M',
  '$10M-$50M',
  '$50M-$100M',
  '$100M-$250M',
  '$250M-$500M',
  '$500M-$1B',
  '$1B-$10B',
  '$10B+',
];

interface Place {
  state: string | null;
  city: string;
  zip: string;
}

const PLACES: Record<string, Place[]> = {
  US: [
    { state: 'NY', city: 'New York', zip: '10001' },
    { state: 'CA', city: 'San Francisco', zip: '94105' },
    { state: 'CA', city: 'Los Angeles', zip: '90017' },
    { state: 'TX', city: 'Austin', zip: '78701' },
    { state: 'IL', city: 'Chicago', zip: '60601' },
    { state: 'MA', city: 'Boston', zip: '02110' },
    { state: 'WA', city: 'Seattle', zip: '98101' },
    { state: 'GA', city: 'Atlanta', zip: '30303' },
    { state: 'CO', city: 'Denver', zip: '80202' },
    { state: 'FL', city: 'Miami', zip: '33131' },
  ],
  GB: [
    { state: null, city: 'London', zip: 'EC2A 4NE' },
    { state: null, city: 'Manchester', zip: 'M1 1AE' },
  ],
  DE: [
    { state: null, city: 'München', zip: '80331' },
    { state: null, city: 'Berlin', zip: '10115' },
    { state: null, city: 'Hamburg', zip: '20095' },
  ],
  CA: [
    { state: 'ON', city: 'Toronto', zip: 'M5H 2N2' },
    { state: 'BC', city: 'Vancouver', zip: 'V6B 1A1' },
  ],
  FR: [{ state: null, city: 'Paris', zip: '75002' }],
  AU: [{ state: null, city: 'Sydney', zip: '2000' }],
  IN: [{ state: null, city: 'Bengaluru', zip: '560001' }],
  NL: [{ state: null, city: 'Amsterdam', zip: '1012 AB' }],
  JP: [{ state: null, city: 'Tokyo', zip: '100-0005' }],
  BR: [{ state: null, city: 'São Paulo', zip: '01310-100' }],
  SG: [{ state: null, city: 'Singapore', zip: '048583' }],
};
// Cumulative weights, US-heavy like Bombora's coverage.
const COUNTRY_WEIGHTS: [string, number][] = [
  ['US', 0.55],
  ['GB', 0.65],
  ['DE', 0.72],
  ['CA', 0.78],
  ['FR', 0.82],
  ['AU', 0.86],
  ['IN', 0.9],
  ['NL', 0.93],
  ['JP', 0.96],
  ['BR', 0.98],
  ['SG', 1],
];
const STREETS = ['Main', 'Market', 'Oak', 'Park', 'High', 'King', 'Harbor', 'Mill', 'Church'];
const STREET_KINDS = ['Street', 'Avenue', 'Road', 'Boulevard', 'Way'];

export interface Firmographics {
  name: string;
  industry: string;
  size: string;
  revenue: string;
  hq: {
    country: string;
    state: string | null;
    city: string;
    zip: string;
    address: string;
    address2: string | null;
  };
}

/** "acme0042.com" → "Acme 0042"; "northwind-logistics-17.io" → "Northwind Logistics 17". */
export function companyName(domain: string): string {
  const label = domain.endsWith('.co.uk') ? domain.slice(0, -6) : domain.replace(/\.[^.]+$/, '');
  // A char loop rather than regexes: the benchmark names a million rows.
  let out = '';
  let startOfWord = true;
  let prevDigit = false;
  for (const ch of label) {
    if (ch === '-' || ch === '.') {
      if (!startOfWord) out += ' ';
      startOfWord = true;
      continue;
    }
    const digit = ch >= '0' && ch <= '9';
    if (digit && !prevDigit && !startOfWord) {
      out += ' ';
      startOfWord = true;
    }
    out += startOfWord ? ch.toUpperCase() : ch;
    startOfWord = false;
    prevDigit = digit;
  }
  return out;
}

export function firmographics(domain: string, seed: number = fnv1a(domain)): Firmographics {
  const r = unit(hash2(seed, 21));
  let country = 'US';
  for (const [code, weight] of COUNTRY_WEIGHTS) {
    if (r < weight) {
      country = code;
      break;
    }
  }
  if (domain.endsWith('.de')) country = 'DE';
  if (domain.endsWith('.co.uk')) country = 'GB';
  const places = PLACES[country] as Place[];
  const place = places[hash2(seed, 22) % places.length] as Place;
  const sizeIdx = hash2(seed, 23) % SIZE_BANDS.length;
  const revenueIdx = Math.min(REVENUE_BANDS.length - 1, sizeIdx + (hash2(seed, 24) % 2));
  const street = STREETS[hash2(seed, 27) % STREETS.length] as string;
  const kind = STREET_KINDS[hash2(seed, 28) % STREET_KINDS.length] as string;
  return {
    name: companyName(domain),
    industry: INDUSTRIES[hash2(seed, 25) % INDUSTRIES.length] as string,
    size: SIZE_BANDS[sizeIdx] as string,
    revenue: REVENUE_BANDS[revenueIdx] as string,
    hq: {
      country,
      state: place.state,
      city: place.city,
      zip: place.zip,
      address: `${1 + (hash2(seed, 26) % 9899)} ${street} ${kind}`,
      address2: hash2(seed, 29) % 4 === 0 ? `Suite ${100 + (hash2(seed, 30) % 900)}` : null,
    },
  };
}

export function firmOf(universe: Universe, i: number): Firmographics {
  let firm = universe.firms[i];
  if (!firm) {
    firm = firmographics(universe.domains[i] as string, universe.hashes[i]);
    universe.firms[i] = firm;
  }
  return firm;
}

export function firmJsonOf(universe: Universe, i: number): string {
  let s = universe.firmJson[i];
  if (s === undefined) {
    s = JSON.stringify(firmOf(universe, i));
    universe.firmJson[i] = s;
  }
  return s;
}

// --- presence and scores -------------------------------------------------------------------

const SALT_PRESENT = 1;
const SALT_FLIP = 2;
const SALT_MESSY = 3;
const SALT_MESSY_KIND = 4;
const SALT_BASE = [11, 12, 13];
const SALT_NOISE = 14;
/** Share of (domain, topic) pairs whose presence flips in a given week. */
const WEEKLY_FLIP = 0.05;

/** Whether the pair has a row in week `wk`: mostly stable, ~5 % of pairs flip each week. */
export function isPresent(
  domainHash: number,
  topicId: number,
  wk: number,
  presence: number,
): boolean {
  if (presence <= 0) return false;
  if (presence >= 1) return true;
  const stable = unit(hash3(domainHash, topicId, SALT_PRESENT)) < presence;
  const flipped = unit(hash2(hash3(domainHash, topicId, SALT_FLIP), wk)) < WEEKLY_FLIP;
  return stable !== flipped;
}

function weekNoise(pairSeed: number, wk: number): number {
  return 2 * unit(hash2(pairSeed, wk)) - 1;
}

/**
 * Company Surge score 0–100: a stable per-pair base (≈ normal, mean 52, sd 10) plus a moving
 * average of weekly noise, so consecutive weeks correlate (≈ 0.8) and about 28 % of rows are ≥ 60.
 */
export function scoreOf(domainHash: number, topicId: number, wk: number): number {
  const [s1, s2, s3] = SALT_BASE as [number, number, number];
  const base =
    52 +
    20 *
      (unit(hash3(domainHash, topicId, s1)) +
        unit(hash3(domainHash, topicId, s2)) +
        unit(hash3(domainHash, topicId, s3)) -
        1.5);
  const seed = hash3(domainHash, topicId, SALT_NOISE);
  const noise =
    20 *
    (0.6 * weekNoise(seed, wk) + 0.3 * weekNoise(seed, wk - 1) + 0.1 * weekNoise(seed, wk - 2));
  return Math.max(0, Math.min(100, Math.round(base + noise)));
}

/** score(domain, topic, week) for a domain string and an ISO week. */
export function score(domain: string, topicId: number, week: string): number {
  return scoreOf(fnv1a(canonicalDomain(domain)), topicId, weekIndex(week));
}

/** Intent API scoreLabel (UNCONFIRMED bands: ≥80 Strong, 70–79 Moderate, 60–69 Weak, else Low). */
export function scoreLabel(s: number): string {
  if (s >= 80) return 'Strong';
  if (s >= 70) return 'Moderate';
  if (s >= 60) return 'Weak';
  return 'Low';
}

/** The domain as a row shows it: for a `messyRate` share of rows a messy but equivalent form. */
export function messyDomain(domain: string, seed: number, messyRate: number): string {
  if (messyRate <= 0 || unit(hash2(seed, SALT_MESSY)) >= messyRate) return domain;
  const upper = (s: string): string => s.replace(/[a-z]/g, (c) => c.toUpperCase());
  switch (hash2(seed, SALT_MESSY_KIND) % 5) {
    case 0:
      return `www.${domain}`;
    case 1:
      return upper(domain);
    case 2:
      return upper(domain.charAt(0)) + domain.slice(1);
    case 3:
      return `uk.${domain}`;
    default:
      return `shop.${domain}`;
  }
}

// --- scanning ------------------------------------------------------------------------------

export interface PresentTopic {
  /** Position of the topic in the sorted topic list (the cursor's low part). */
  pos: number;
  topicId: number;
  score: number;
}

export interface ScanContext {
  universe: Universe;
  topicIds: number[];
  wk: number;
  presence: number;
}

export function scanContext(
  config: BomboraSimConfig,
  topicIds: number[],
  week: string,
): ScanContext {
  return {
    universe: universeFor(config.universe),
    topicIds: sortTopicIds(topicIds),
    wk: weekIndex(week),
    presence: config.presence,
  };
}

export function sortTopicIds(topicIds: number[]): number[] {
  return [...new Set(topicIds)].sort((a, b) => a - b);
}

/** The present topics of domain `i` this week, in topic order. */
export function presentTopics(ctx: ScanContext, i: number): PresentTopic[] {
  const dh = ctx.universe.hashes[i] as number;
  const out: PresentTopic[] = [];
  const ids = ctx.topicIds;
  for (let pos = 0; pos < ids.length; pos++) {
    const topicId = ids[pos] as number;
    if (isPresent(dh, topicId, ctx.wk, ctx.presence)) {
      out.push({ pos, topicId, score: scoreOf(dh, topicId, ctx.wk) });
    }
  }
  return out;
}

export interface DatasetRow {
  /** As emitted (may be messy: www., case, subdomain). */
  domain: string;
  canonicalDomain: string;
  domainIndex: number;
  topicId: number;
  topicName: string;
  score: number;
  /** Number of the requested topics the domain has a row for this week. */
  topicsCount: number;
}

/** Row seed for the messy form: per (domain, topic) in pair rows, per domain otherwise. */
export function rowSeed(domainHash: number, topicId: number): number {
  return hash2(domainHash, topicId);
}

export function pairRow(
  ctx: ScanContext,
  i: number,
  t: PresentTopic,
  count: number,
  messyRate: number,
): DatasetRow {
  const domain = ctx.universe.domains[i] as string;
  return {
    domain: messyDomain(domain, rowSeed(ctx.universe.hashes[i] as number, t.topicId), messyRate),
    canonicalDomain: domain,
    domainIndex: i,
    topicId: t.topicId,
    topicName: topicById(t.topicId)?.name ?? String(t.topicId),
    score: t.score,
    topicsCount: count,
  };
}

/**
 * One row per present (domain, topic) pair, ordered by domain (universe order) then topic id.
 * `fromCursor` = domainIndex × topicCount + topic position; `nextCursor` is null at the end.
 */
export function datasetRows(
  config: BomboraSimConfig,
  topicIds: number[],
  week: string,
  fromCursor = 0,
  limit = Number.POSITIVE_INFINITY,
): { rows: DatasetRow[]; nextCursor: number | null } {
  const ctx = scanContext(config, topicIds, week);
  const n = ctx.topicIds.length;
  const rows: DatasetRow[] = [];
  if (n === 0) return { rows, nextCursor: null };
  for (let i = Math.floor(fromCursor / n); i < ctx.universe.domains.length; i++) {
    const present = presentTopics(ctx, i);
    for (const t of present) {
      const cursor = i * n + t.pos;
      if (cursor < fromCursor) continue;
      if (rows.length >= limit) return { rows, nextCursor: cursor };
      rows.push(pairRow(ctx, i, t, present.length, config.universe.messyRate));
    }
  }
  return { rows, nextCursor: null };
}

/** Size of the full dataset for `topicIds` in `week`: present pairs and distinct domains. */
export function expectedCounts(
  config: BomboraSimConfig,
  topicIds: number[],
  week: string,
): { rows: number; domains: number } {
  const ctx = scanContext(config, topicIds, week);
  let rows = 0;
  let domains = 0;
  for (let i = 0; i < ctx.universe.domains.length; i++) {
    const dh = ctx.universe.hashes[i] as number;
    let count = 0;
    for (const topicId of ctx.topicIds) if (isPresent(dh, topicId, ctx.wk, ctx.presence)) count++;
    rows += count;
    if (count > 0) domains++;
  }
  return { rows, domains };
}
