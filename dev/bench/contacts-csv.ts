// A realistic contacts CSV for benchmarks: 12 columns as CRMs export them, ~3% invalid rows
// (bad emails, bad phones, unknown countries, ragged rows) and ~5% duplicates of earlier people.
// Deterministic for a given seed, streamed to disk so any size can be written.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const FIRST = ['Jane', 'John', 'Zoë', 'Ahmed', 'Mei', 'Carlos', 'Olga', 'Sean', 'Priya', 'Lukas'];
const LAST = ['Doe', 'Smith', 'Müller', 'García', 'Chen', 'O’Brien', 'Kowalski', 'Rossi', 'Khan'];
const TITLES = ['VP Marketing', 'Head of Growth', 'CMO', 'Demand Gen Manager', 'Director, Sales'];
const SENIORITY = ['VP', 'Director', 'C-Level', 'Manager', 'Individual Contributor'];
const INDUSTRIES = ['Software', 'Financial Services', 'Healthcare', 'Manufacturing', 'Retail'];
const COUNTRIES = [
  ['United States', 'US', '(415) 555-{4}'],
  ['United Kingdom', 'GB', '020 7946 {4}'],
  ['Germany', 'DE', '+49 30 9018{4}'],
  ['Australia', 'AU', '0491 57{4}'],
] as const;
const CITIES = ['Springfield', 'London', 'Berlin', 'Sydney', 'Austin'];

export const HEADER =
  'Email,First Name,Last Name,Job Title,Seniority,Company,Website,Phone,Country,City,Industry,CRM ID';

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedFile {
  path: string;
  bytes: number;
  rows: number;
  invalidRows: number;
  duplicateRows: number;
}

export async function writeContactsCsv(
  path: string,
  targetBytes: number,
  seed = 42,
): Promise<GeneratedFile> {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const digits = (n: number) => String(Math.floor(random() * 10 ** n)).padStart(n, '0');
  const out = createWriteStream(path);
  let bytes = 0;
  let rows = 0;
  let invalidRows = 0;
  let duplicateRows = 0;
  const recent: string[] = [];
  let buffer = HEADER + '\n';

  while (bytes + buffer.length < targetBytes) {
    const roll = random();
    let line: string;
    if (roll < 0.05 && recent.length) {
      line = pick(recent);
      duplicateRows++;
    } else {
      const [country, , phonePattern] = pick(COUNTRIES);
      const first = pick(FIRST);
      const last = pick(LAST);
      const company = `${pick(['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli'])} ${digits(4)}`;
      const domain = `${company.toLowerCase().replace(/[^a-z0-9]+/g, '')}.com`;
      let email = `${first.toLowerCase().replace(/[^a-z]/g, '')}.${last.toLowerCase().replace(/[^a-z]/g, '')}${digits(3)}@${domain}`;
      let phone = phonePattern.replace('{4}', digits(4));
      let countryCell: string = country;
      let ragged = false;
      if (roll > 0.97) {
        invalidRows++;
        const fault = Math.floor(random() * 4);
        if (fault === 0) email = email.replace('@', ' at ');
        else if (fault === 1) phone = '12345';
        else if (fault === 2) countryCell = 'Atlantis';
        else ragged = true;
      }
      const cells = [
        email,
        first,
        last,
        pick(TITLES),
        pick(SENIORITY),
        company,
        `https://www.${domain}/`,
        phone,
        countryCell,
        pick(CITIES),
        pick(INDUSTRIES),
        `CRM-${rows}`,
      ].map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell));
      line = (ragged ? cells.slice(0, 10) : cells).join(',');
      if (!ragged && recent.length < 1000) recent.push(line);
      else if (!ragged) recent[Math.floor(random() * recent.length)] = line;
    }
    buffer += line + '\n';
    rows++;
    if (buffer.length > 1 << 20) {
      bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await once(out, 'finish');
  return { path, bytes, rows, invalidRows, duplicateRows };
}
