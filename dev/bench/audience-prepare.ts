// `node --import tsx dev/bench/audience-prepare.ts <contacts>`: generates (or finds) the bench
// database of that size ahead of `npm run bench:audience` — the 10M one takes several minutes.
import { prepareBenchDatabase } from './audience-data';

const contacts = Number(process.argv[2] ?? '1000000');
if (!Number.isSafeInteger(contacts) || contacts < 1)
  throw new Error('Usage: audience-prepare.ts <contacts>');
const { dbPath, generated } = await prepareBenchDatabase(contacts);
console.log(`${dbPath}: ${generated}`);
