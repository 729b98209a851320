// Generates an organisation for `npm run bench:audience` straight into a migrated libSQL file:
// contacts with realistic B2B distributions, their companies, 50 uploaded lists, and Bombora-style
// intent for 20% of the companies over four weekly datasets. Deterministic for a given size.
//
// Bulk load: the secondary indexes are dropped, rows inserted in large transactions through the
// native engine, then the indexes recreated from their own definitions — the usual way to load
// millions of rows into SQLite, and the same indexes the product uses.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import { migrateDatabase } from '../db-tasks';
import { startLibsqlServer } from '../libsql-server';
import { ROOT } from '../stack';
import { prng } from '../prng';

export const BENCH_ORG = 'bench-org';
export const LIST_COUNT = 50;
export const TOPIC_COUNT = 300;
export const WEEKS = ['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16'];

const rng = prng;

/** Picks from `items` with weights ∝ 1 / (rank + 1)^s (Zipf-like: a few common, a long tail). */
function zipf<T>(items: readonly T[], s: number, random: () => number): () => T {
  const weights = items.map((_, i) => 1 / (i + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w / total));
  return () => {
    const r = random();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}

export const INDUSTRIES = [
  'Software',
  'Financial Services',
  'Healthcare',
  'Manufacturing',
  'Retail',
  'Education',
  'Telecommunications',
  'Media & Entertainment',
  'Construction',
  'Transportation & Logistics',
  'Energy & Utilities',
  'Insurance',
  'Real Estate',
  'Hospitality',
  'Government',
  'Pharmaceuticals',
  'Automotive',
  'Agriculture',
  'Legal Services',
  'Nonprofit',
  'Aerospace & Defense',
  'Biotechnology',
  'Consulting',
  'Food & Beverage',
];
const SIZE_BANDS = [
  '1-10',
  '11-50',
  '51-200',
  '201-500',
  '501-1000',
  '1001-5000',
  '5001-10000',
  '10001+',
];
const REVENUE_BANDS = [
  '<$1M',
  '$1M-$10M',
  '$10M-$50M',
  '$50M-$100M',
  '$100M-$500M',
  '$500M-$1B',
  '$1B+',
];
export const COUNTRIES = [
  'US',
  'GB',
  'DE',
  'FR',
  'CA',
  'AU',
  'NL',
  'IN',
  'ES',
  'SE',
  'BR',
  'JP',
  'IT',
  'SG',
  'IE',
];
export const SENIORITIES = [
  'Entry',
  'Senior',
  'Manager',
  'Director',
  'VP',
  'C-Level',
  'Owner',
  'Partner',
];
const FUNCTIONS = [
  'Marketing',
  'Sales',
  'Engineering',
  'Finance',
  'IT',
  'Operations',
  'HR',
  'Product',
  'Legal',
  'Data',
];
const TITLE_BY_SENIORITY: Record<string, readonly string[]> = {
  Entry: ['Associate', 'Coordinator', 'Specialist', 'Analyst'],
  Senior: ['Senior Analyst', 'Senior Specialist', 'Senior Engineer', 'Lead'],
  Manager: ['Manager', 'Senior Manager'],
  Director: ['Director', 'Senior Director', 'Head of'],
  VP: ['VP', 'SVP'],
  'C-Level': ['Chief', 'C'],
  Owner: ['Owner', 'Founder'],
  Partner: ['Partner', 'Managing Partner'],
};
const CITIES: Record<string, readonly string[]> = {
  US: ['New York', 'San Francisco', 'Austin', 'Chicago', 'Boston', 'Seattle', 'Atlanta', 'Denver'],
  GB: ['London', 'Manchester', 'Edinburgh', 'Bristol'],
  DE: ['Berlin', 'Munich', 'Hamburg', 'Frankfurt'],
  FR: ['Paris', 'Lyon', 'Toulouse'],
};
const FIRST = [
  'Alex',
  'Sam',
  'Jordan',
  'Taylor',
  'Morgan',
  'Chris',
  'Pat',
  'Jamie',
  'Robin',
  'Casey',
  'Maria',
  'Wei',
  'Aisha',
  'Lars',
  'Priya',
];
const LAST = [
  'Smith',
  'Johnson',
  'Lee',
  'Garcia',
  'Müller',
  'Martin',
  'Brown',
  'Wang',
  'Kumar',
  'Nguyen',
  'Dubois',
  'Rossi',
  'Silva',
  'Kim',
];
const THEMES = ['Technology', 'Business', 'Marketing', 'Finance', 'Healthcare', 'Security'];

export interface GeneratedCounts {
  contacts: number;
  companies: number;
  memberships: number;
  intentRows: number;
  seconds: number;
}

export const topicId = (i: number) => `t${String(i).padStart(4, '0')}`;
export const listId = (i: number) => `bench-list-${String(i).padStart(2, '0')}`;

/** Fills `dbPath` (already migrated, empty of bench data) with `contactCount` contacts. */
export function generateOrganisation(dbPath: string, contactCount: number): GeneratedCounts {
  const started = Date.now();
  const random = rng(0xc0ffee ^ contactCount);
  const db = new Database(dbPath);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;');
  const now = Date.UTC(2026, 10, 20);

  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
         AND tbl_name IN ('contacts', 'companies', 'contact_lists', 'intent_signals')`,
    )
    .all() as Array<{ name: string; sql: string }>;
  for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);

  db.prepare(`INSERT INTO organizations (id, name, slug) VALUES (?, ?, ?)`).run(
    BENCH_ORG,
    'Bench Co',
    'bench-co',
  );
  const insertUpload = db.prepare(
    `INSERT INTO uploads (id, org_id, name, size_bytes, last_modified, fingerprint, status, r2_key,
       part_size, part_count, created_at, updated_at) VALUES (?, ?, ?, 1, 0, ?, 'completed', ?, 1, 1, ?, ?)`,
  );
  for (let i = 0; i < LIST_COUNT; i++)
    insertUpload.run(
      listId(i),
      BENCH_ORG,
      `List ${i + 1}.csv`,
      '0'.repeat(64),
      `bench/${i}`,
      now,
      now,
    );

  const insertTopic = db.prepare(
    `INSERT OR IGNORE INTO intent_topics (id, name, category, theme) VALUES (?, ?, ?, ?)`,
  );
  for (let i = 0; i < TOPIC_COUNT; i++)
    insertTopic.run(
      topicId(i),
      `Topic ${i}`,
      `Category ${Math.floor(i / 10)}`,
      THEMES[i % THEMES.length]!,
    );

  // Companies: one per ~25 contacts; sizes skewed small, industries Zipf-like.
  const companyCount = Math.max(10, Math.round(contactCount / 25));
  const industry = zipf(INDUSTRIES, 0.9, random);
  const sizeBand = zipf(SIZE_BANDS, 0.6, random);
  const revenueBand = zipf(REVENUE_BANDS, 0.5, random);
  const country = zipf(COUNTRIES, 1.3, random);
  const insertCompany = db.prepare(
    `INSERT INTO companies (org_id, domain, name, industry, size_band, employees, revenue_band, country, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const companies: Array<{
    domain: string;
    name: string;
    industry: string;
    size: string;
    country: string;
  }> = [];
  db.exec('BEGIN');
  for (let i = 0; i < companyCount; i++) {
    const company = {
      domain: `company${i}.example.com`,
      name: `Company ${i}`,
      industry: industry(),
      size: sizeBand(),
      country: country(),
    };
    companies.push(company);
    insertCompany.run(
      BENCH_ORG,
      company.domain,
      company.name,
      random() < 0.9 ? company.industry : null,
      company.size,
      Number.parseInt(company.size, 10),
      random() < 0.8 ? revenueBand() : null,
      company.country,
      now,
      now,
    );
  }
  db.exec('COMMIT');

  // Intent: 20% of companies, 3–12 topics each, scores for each of four weeks.
  const insertIntent = db.prepare(
    `INSERT INTO intent_signals (org_id, domain, topic_id, week, score, delta) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const topic = zipf(
    Array.from({ length: TOPIC_COUNT }, (_, i) => i),
    0.7,
    random,
  );
  let intentRows = 0;
  db.exec('BEGIN');
  for (const company of companies) {
    if (random() >= 0.2) continue;
    const topics = new Set<number>();
    const n = 3 + Math.floor(random() * 10);
    while (topics.size < n) topics.add(topic());
    for (const t of topics) {
      let score = Math.floor(random() * 100);
      let previous: number | null = null;
      for (const week of WEEKS) {
        score = Math.max(0, Math.min(100, score + Math.floor(random() * 31) - 15));
        insertIntent.run(
          BENCH_ORG,
          company.domain,
          topicId(t),
          week,
          score,
          previous === null ? null : score - previous,
        );
        previous = score;
        intentRows++;
      }
    }
  }
  db.exec('COMMIT');

  // Contacts: Zipf over companies (a few large accounts), 8% without a company (free mail).
  const companyOf = zipf(companies, 0.35, random);
  const seniority = zipf(SENIORITIES, 0.8, random);
  const fn = zipf(FUNCTIONS, 0.5, random);
  const listOf = zipf(
    Array.from({ length: LIST_COUNT }, (_, i) => i),
    0.8,
    random,
  );
  const insertContact = db.prepare(
    `INSERT INTO contacts (id, org_id, dedupe_key, email, email_hash, phone, phone_hash, first_name, last_name,
       title, seniority, company_name, company_domain, industry, company_size, revenue, country, city, state,
       postal_code, linkedin_url, external_id, custom, quality, created_upload_id, written_upload_id,
       written_line, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMembership = db.prepare(
    `INSERT OR IGNORE INTO contact_lists (org_id, upload_id, contact_id, line) VALUES (?, ?, ?, ?)`,
  );
  const sources = ['Webinar', 'Trade show', 'Content download', 'Partner', 'Website'];
  const BATCH = 50_000;
  db.exec('BEGIN');
  for (let id = 1; id <= contactCount; id++) {
    const company = random() < 0.92 ? companyOf() : null;
    const level = seniority();
    const titles = TITLE_BY_SENIORITY[level]!;
    const title =
      level === 'C-Level'
        ? `Chief ${fn()} Officer`
        : `${titles[Math.floor(random() * titles.length)]} ${fn()}`;
    const first = FIRST[Math.floor(random() * FIRST.length)]!;
    const last = LAST[Math.floor(random() * LAST.length)]!;
    const domain = company?.domain ?? (random() < 0.5 ? 'gmail.com' : 'outlook.com');
    const email = `${first}.${last}.${id}@${domain}`.toLowerCase();
    const hasPhone = random() < 0.45;
    const ctry = company && random() < 0.85 ? company.country : country();
    const cities = CITIES[ctry];
    const firstList = listOf();
    const created = now - Math.floor(random() * 400) * 86_400_000;
    insertContact.run(
      id,
      BENCH_ORG,
      createHash('sha256').update(`e\u0000${email}`).digest().subarray(0, 16),
      email,
      createHash('sha256').update(email).digest(),
      hasPhone ? `+1555${String(id).padStart(7, '0')}` : null,
      hasPhone ? createHash('sha256').update(String(id)).digest() : null,
      first,
      last,
      random() < 0.95 ? title : null,
      random() < 0.9 ? level : null,
      company?.name ?? null,
      company?.domain ?? null,
      company ? company.industry : null,
      company ? company.size : null,
      null,
      random() < 0.97 ? ctry : null,
      cities ? cities[Math.floor(random() * cities.length)]! : null,
      null,
      null,
      random() < 0.6 ? `https://www.linkedin.com/in/p${id}` : null,
      null,
      random() < 0.3
        ? JSON.stringify({ 'Lead source': sources[Math.floor(random() * sources.length)] })
        : null,
      40 + Math.floor(random() * 61),
      listId(firstList),
      listId(firstList),
      id,
      created,
      created,
    );
    insertMembership.run(BENCH_ORG, listId(firstList), id, id);
    // About half the contacts are on a second list, a sixth on a third.
    for (const p of [0.5, 0.17])
      if (random() < p) insertMembership.run(BENCH_ORG, listId(listOf()), id, id);
    if (id % BATCH === 0) {
      db.exec('COMMIT');
      db.exec('BEGIN');
    }
  }
  db.exec('COMMIT');

  for (const index of indexes) db.exec(index.sql);
  db.exec('ANALYZE');
  const { n: memberships } = db.prepare('SELECT count(*) AS n FROM contact_lists').get() as {
    n: number;
  };
  db.close();
  return {
    contacts: contactCount,
    companies: companyCount,
    memberships,
    intentRows,
    seconds: (Date.now() - started) / 1000,
  };
}

/** A migrated database with the generated organisation, reused between runs of the same size. */
export async function prepareBenchDatabase(
  contacts: number,
): Promise<{ dbPath: string; generated: string }> {
  const dir = join(ROOT, '.data', 'bench');
  mkdirSync(dir, { recursive: true });
  const dbPath = join(dir, `audience-${contacts}.db`);
  if (existsSync(dbPath)) {
    const db = new Database(dbPath, { readonly: true });
    try {
      const meta = db.prepare('SELECT value FROM bench_meta WHERE key = ?').get('generated') as
        { value: string } | undefined;
      if (meta) return { dbPath, generated: `reused (${meta.value})` };
    } catch {
      // an interrupted generation: start again
    } finally {
      db.close();
    }
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  const server = await startLibsqlServer({ dbPath, port: 0, log: () => {} });
  await migrateDatabase({ url: server.url });
  await server.close();
  const counts = generateOrganisation(dbPath, contacts);
  const summary = `${counts.companies} companies, ${counts.memberships} list memberships, ${counts.intentRows} intent rows, generated in ${counts.seconds.toFixed(0)} s`;
  const db = new Database(dbPath);
  db.exec('CREATE TABLE bench_meta (key TEXT PRIMARY KEY, value TEXT)');
  db.prepare('INSERT INTO bench_meta VALUES (?, ?)').run('generated', summary);
  db.close();
  return { dbPath, generated: summary };
}
