// `npm run db:migrate`: apply pending migrations to TURSO_DATABASE_URL (with TURSO_AUTH_TOKEN).
// Reads .dev.vars when the variables are not already in the environment.
import { migrateDatabase } from './db-tasks';
import { readDevVars } from './dev-vars';

const vars = { ...readDevVars(), ...process.env };
const url = vars.TURSO_DATABASE_URL;
if (!url) {
  console.error('TURSO_DATABASE_URL is not set. Set it in the environment or in .dev.vars.');
  process.exit(1);
}
const started = Date.now();
await migrateDatabase({ url, authToken: vars.TURSO_AUTH_TOKEN });
console.log(`Migrations applied to ${new URL(url).host} in ${Date.now() - started} ms`);
