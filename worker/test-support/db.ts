import { env } from 'cloudflare:workers';
import { createDb } from '../db/client';

/** The workers tier's own handle on the test database, for arranging rows and asserting on them. */
export const testDb = () =>
  createDb({ url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN });
