import { env } from 'cloudflare:workers';
import { getConfig, piiKeysOf } from '../config';
import { openPii, sealPii } from '../lib/pii';

/*
 * Contacts' email and phone are sealed in the database (worker/lib/pii.ts). Tests that arrange or
 * read contact rows directly seal and open them with the workers tier's own PII key.
 */
const keys = () => piiKeysOf(getConfig(env));

export const sealStored = (orgId: string, plain: string | null | undefined): string | null =>
  plain == null ? null : sealPii(keys(), orgId, plain);

export const openStored = (orgId: string, sealed: string | null): string | null =>
  openPii(keys(), orgId, sealed);

/** Contact rows as the app reads them: email and phone opened. */
export function opened<T extends { orgId: string; email: string | null; phone: string | null }>(
  rows: T[],
): T[] {
  return rows.map((r) => ({
    ...r,
    email: openStored(r.orgId, r.email),
    phone: openStored(r.orgId, r.phone),
  }));
}
