import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes SQL migrations from the schema; they are applied by
// `npm run db:migrate` (any TURSO_DATABASE_URL) and automatically by `npm start`.
export default defineConfig({
  dialect: 'turso',
  schema: './worker/db/schema.ts',
  out: './migrations',
  dbCredentials: {
    url: process.env.TURSO_DATABASE_URL ?? 'http://127.0.0.1:8788',
    authToken: process.env.TURSO_AUTH_TOKEN || undefined,
  },
});
