// The deterministic weekly dataset: universe order, firmographics, presence, scores.
import { describe, expect, it } from 'vitest';
import { defaultConfig, mergeConfig } from './config';
import {
  addWeeks,
  canonicalDomain,
  companyName,
  datasetRows,
  firmographics,
  mondayOf,
  SPECIAL_DOMAINS,
  universeFor,
} from './dataset';
import { DEFAULT_TAXONOMY, topicByName } from './taxonomy';

const WEEK = '2026-11-23';
const small = mergeConfig(defaultConfig(), { universe: { perBrand: 500, extraDomains: 500 } });
const topicIds = ['Data Warehousing', 'Cloud Computing', 'Payroll', 'Legal'].map(
  (n) => topicByName(n)?.id as number,
);

function pearson(xs: number[], ys: number[]): number {
  const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(xs), mean(ys)];
  let [sxy, sxx, syy] = [0, 0, 0];
  xs.forEach((x, i) => {
    const y = ys[i] as number;
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

describe('domain universe', () => {
  const universe = universeFor(defaultConfig().universe);

  it('starts with the brand domains the app seeds, in order', () => {
    expect(universe.domains[0]).toBe('acme0000.com');
    expect(universe.domains[9999]).toBe('acme9999.com');
    expect(universe.domains[10000]).toBe('globex0000.com');
    expect(universe.domains[49999]).toBe('hooli9999.com');
  });

  it('continues with realistic non-overlapping extra domains', () => {
    const extra = universe.domains.slice(50000, 60000);
    expect(new Set(extra).size).toBe(10000);
    for (const d of extra) expect(d).toMatch(/^[a-z]+(-[a-z]+)*-\d+\.(com|io|co\.uk|de|net)$/);
  });

  it('ends with included domains, IDNs in Unicode form and free-mail providers', () => {
    const withExtra = universeFor({
      ...defaultConfig().universe,
      includeDomains: ['WWW.Example.org'],
    });
    expect(withExtra.domains.slice(-6)).toEqual(['example.org', ...SPECIAL_DOMAINS]);
    expect(SPECIAL_DOMAINS).toEqual(
      expect.arrayContaining(['münchen-bau.de', 'gmail.com', 'yahoo.co.uk']),
    );
  });
});

describe('firmographics', () => {
  it('names the company after the domain', () => {
    expect(companyName('acme0042.com')).toBe('Acme 0042');
    expect(companyName('northwind-logistics-17.io')).toBe('Northwind Logistics 17');
    expect(companyName('münchen-bau.de')).toBe('München Bau');
  });

  it('is stable per domain and plausible', () => {
    const firm = firmographics('acme0042.com');
    expect(firmographics('acme0042.com')).toEqual(firm);
    expect(firm.hq.country).toMatch(/^[A-Z]{2}$/);
    expect(firm.size).toMatch(/^[\d,]+(-[\d,]+|\+)$/);
  });

  it('weights headquarters towards the US', () => {
    const countries = universeFor(small.universe)
      .domains.slice(0, 1000)
      .map((d) => firmographics(d).hq.country);
    const us = countries.filter((c) => c === 'US').length / countries.length;
    expect(us).toBeGreaterThan(0.4);
    expect(us).toBeLessThan(0.7);
  });
});

describe('scores and presence', () => {
  const now = datasetRows(small, topicIds, WEEK).rows;
  const next = datasetRows(small, topicIds, addWeeks(WEEK, 1)).rows;

  it('is deterministic for the same config and week', () => {
    expect(datasetRows(small, topicIds, WEEK).rows).toEqual(now);
  });

  it('has a row for about `presence` of the pairs', () => {
    const share = now.length / (universeFor(small.universe).domains.length * topicIds.length);
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.55);
  });

  it('marks 25–35 % of rows as surging (score ≥ 60)', () => {
    const surging = now.filter((r) => r.score >= 60).length / now.length;
    expect(surging).toBeGreaterThan(0.25);
    expect(surging).toBeLessThan(0.35);
  });

  it('keeps presence mostly stable from one week to the next', () => {
    const key = (r: (typeof now)[number]): string => `${r.canonicalDomain}|${r.topicId}`;
    const nextKeys = new Set(next.map(key));
    const kept = now.filter((r) => nextKeys.has(key(r))).length / now.length;
    expect(kept).toBeGreaterThan(0.9);
    expect(kept).toBeLessThan(1);
  });

  it('changes scores next week, correlated with this week', () => {
    const before = new Map(now.map((r) => [`${r.canonicalDomain}|${r.topicId}`, r.score]));
    const pairs = next
      .filter((r) => before.has(`${r.canonicalDomain}|${r.topicId}`))
      .map((r) => [before.get(`${r.canonicalDomain}|${r.topicId}`) as number, r.score] as const);
    const changed = pairs.filter(([a, b]) => a !== b).length / pairs.length;
    expect(changed).toBeGreaterThan(0.5);
    expect(
      pearson(
        pairs.map((p) => p[0]),
        pairs.map((p) => p[1]),
      ),
    ).toBeGreaterThan(0.6);
  });

  it('emits a messyRate share of rows in a messy but equivalent form', () => {
    const messy = datasetRows(
      mergeConfig(small, { universe: { messyRate: 0.3 } }),
      topicIds,
      WEEK,
    ).rows;
    const odd = messy.filter((r) => r.domain !== r.canonicalDomain);
    expect(odd.length / messy.length).toBeGreaterThan(0.25);
    expect(odd.length / messy.length).toBeLessThan(0.35);
    for (const r of odd) expect(canonicalDomain(r.domain).endsWith(r.canonicalDomain)).toBe(true);
    expect(odd.some((r) => r.domain.startsWith('www.'))).toBe(true);
    expect(odd.some((r) => /^(uk|shop)\./.test(r.domain))).toBe(true);
    expect(odd.some((r) => r.domain !== r.domain.toLowerCase())).toBe(true);
  });

  it('pages through the dataset with cursors', () => {
    const first = datasetRows(small, topicIds, WEEK, 0, 1000);
    expect(first.rows).toEqual(now.slice(0, 1000));
    const second = datasetRows(small, topicIds, WEEK, first.nextCursor as number, 1000);
    expect(second.rows).toEqual(now.slice(1000, 2000));
  });

  it('generates a 10,000-row page of the full universe', () => {
    const page = datasetRows(defaultConfig(), topicIds, WEEK, 0, 10_000);
    expect(page.rows).toHaveLength(10_000);
    expect(page.nextCursor).not.toBeNull();
  });
});

describe('weeks and taxonomy', () => {
  it('derives the Monday (UTC) of the current week', () => {
    expect(mondayOf(Date.parse('2026-11-25T12:00:00Z'))).toBe('2026-11-23');
    expect(mondayOf(Date.parse('2026-11-23T00:00:00Z'))).toBe('2026-11-23');
    expect(mondayOf(Date.parse('2026-11-29T23:59:59Z'))).toBe('2026-11-23');
  });

  it('has about 300 topics in ~10 themes and ~40 categories with unique ids', () => {
    const { themes, categories, topics } = DEFAULT_TAXONOMY;
    expect(themes.length).toBe(10);
    expect(categories.length).toBeGreaterThanOrEqual(35);
    expect(topics.length).toBeGreaterThan(250);
    expect(new Set(topics.map((x) => x.id)).size).toBe(topics.length);
    for (const x of topics) expect(x.id).toBeGreaterThanOrEqual(1333000);
  });

  it('contains the documented fixtures', () => {
    expect(DEFAULT_TAXONOMY.themes).toContainEqual({ id: 1500622, name: 'Business' });
    expect(DEFAULT_TAXONOMY.categories).toContainEqual(
      expect.objectContaining({ id: 1500511, name: 'Accounting', theme: 'Business' }),
    );
    expect(topicByName('Local Government')).toMatchObject({
      id: 1333532,
      theme: 'Government',
      category: 'Other',
    });
    expect(topicByName('legal')).toMatchObject({
      id: 1333536,
      theme: 'Legal',
      category: 'Legal Services',
    });
  });
});
