import type { InStatement } from '@libsql/client';
import { desc } from 'drizzle-orm';
import type { DsrInput, DsrResult } from '../../core/contracts/activation';
import { normalizePhone, phoneCountry, uid2NormalizeEmail } from '../../core/ingest/normalize';
import { dsrRequests, ttdDestinations } from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';
import { recordAudit, type AuditActor } from './audit';
import { bumpDataVersion } from './data-version';
import { ttdClientFor, type TtdConnectionOptions } from './ttd-export';

/*
 * Data-subject requests (GDPR Art. 17 / 21, CCPA delete and opt-out of sale/sharing). A person
 * is found by the same hash uploads store, never by a raw identifier kept anywhere. Delete removes
 * their contact records and mappings; opt-out keeps the records but marks every identifier of the
 * person opted out (never re-mapped, never exported). Either way every Trade Desk advertiser we
 * send to gets the matching deletion/opt-out request for their UID2s, and our record of what TTD
 * holds forgets them. The request row keeps only the identifier's hash and the counts.
 */

type DsrRow = typeof dsrRequests.$inferSelect;

const toHex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');

async function identifierHash(input: DsrInput): Promise<{ kind: 'email' | 'phone'; hex: string }> {
  let normalized: string | null;
  if (input.email) {
    normalized = uid2NormalizeEmail(input.email.trim());
    if (!normalized) throw new AppError(400, 'invalid_identifier', 'That is not an email address');
  } else {
    const phone = normalizePhone(input.phone, phoneCountry(input.defaultCountry));
    if (!phone.ok || !phone.value)
      throw new AppError(
        400,
        'invalid_identifier',
        'That is not a valid phone number (add the country code, e.g. +44…)',
      );
    normalized = phone.value;
  }
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(normalized));
  return { kind: input.email ? 'email' : 'phone', hex: toHex(digest) };
}

function resultView(row: DsrRow): DsrResult {
  return {
    id: row.id,
    action: row.action,
    identifierKind: row.identifierKind,
    contactsRemoved: row.contactsRemoved,
    uid2sFound: row.uid2sFound,
    membershipsRemoved: row.membershipsRemoved,
    ttdRequests: row.ttdRequests,
    ttdFailures: row.ttdFailures,
    createdAt: row.createdAt,
  };
}

export async function handleDataSubjectRequest(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  input: DsrInput,
  options: TtdConnectionOptions = {},
): Promise<DsrResult> {
  const { kind, hex } = await identifierHash(input);
  const orgId = tenant.orgId;
  const run = (statement: InStatement) =>
    tenant.withScopedQuery((db) => db.$client.execute(statement));

  // The person: every contact with this identifier, and every identifier those contacts have.
  const people = await run({
    sql: `SELECT id, hex(email_hash) AS email, hex(phone_hash) AS phone FROM contacts
          WHERE org_id = ? AND ${kind}_hash = unhex(?)`,
    args: [orgId, hex],
  });
  const identifiers = new Map<string, { kind: 'email' | 'phone'; hex: string }>();
  identifiers.set(`${kind}:${hex}`, { kind, hex });
  for (const row of people.rows) {
    if (row.email) identifiers.set(`email:${row.email}`, { kind: 'email', hex: String(row.email) });
    if (row.phone) identifiers.set(`phone:${row.phone}`, { kind: 'phone', hex: String(row.phone) });
  }
  const keys = JSON.stringify([...identifiers.values()].map((i) => [i.kind, i.hex]));
  const mapped = await run({
    sql: `SELECT uid2, prev_uid2 FROM identities
          WHERE org_id = ? AND (kind, hash) IN (SELECT value ->> 0, unhex(value ->> 1) FROM json_each(?))`,
    args: [orgId, keys],
  });
  const uid2s = [
    ...new Set(
      mapped.rows
        .flatMap((r) => [r.uid2, r.prev_uid2])
        .filter((u): u is string => typeof u === 'string' && u.length > 0),
    ),
  ];
  const members = await run({
    sql: `SELECT COUNT(*) AS n FROM ttd_export_members WHERE org_id = ?
            AND uid2 IN (SELECT value FROM json_each(?))`,
    args: [orgId, JSON.stringify(uid2s)],
  });

  // The Trade Desk first: if it cannot be told, we say so (and the request can be repeated).
  let ttdRequests = 0;
  let ttdFailures = 0;
  if (uid2s.length) {
    const destinations = await tenant.select(ttdDestinations);
    for (const destination of destinations) {
      const client = await ttdClientFor(deps, destination, options, () => ttdRequests++);
      if (!client) {
        ttdFailures++;
        continue;
      }
      try {
        const result = await client.deletionOptout(
          destination.advertiserId,
          input.action === 'delete' ? 'Deletion' : 'OptOut',
          uid2s,
        );
        ttdFailures += result.failedLines.length ? 1 : 0;
      } catch (error) {
        ttdFailures++;
        deps.log.warn('ttd data-subject request failed', {
          orgId,
          destinationId: destination.id,
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    }
  }

  const now = deps.now();
  const writes: InStatement[] = [
    {
      sql: `DELETE FROM ttd_export_members WHERE org_id = ?
              AND uid2 IN (SELECT value FROM json_each(?))`,
      args: [orgId, JSON.stringify(uid2s)],
    },
  ];
  if (input.action === 'delete') {
    writes.push(
      {
        sql: `DELETE FROM contact_lists WHERE org_id = ?
                AND contact_id IN (SELECT value FROM json_each(?))`,
        args: [orgId, JSON.stringify(people.rows.map((r) => Number(r.id)))],
      },
      {
        sql: 'DELETE FROM contacts WHERE org_id = ? AND id IN (SELECT value FROM json_each(?))',
        args: [orgId, JSON.stringify(people.rows.map((r) => Number(r.id)))],
      },
      {
        sql: `DELETE FROM identities WHERE org_id = ?
                AND (kind, hash) IN (SELECT value ->> 0, unhex(value ->> 1) FROM json_each(?))`,
        args: [orgId, keys],
      },
      bumpDataVersion(orgId),
    );
  } else {
    // Opted out for good: kept as a marker (so a later upload of the same person is not sent).
    writes.push({
      sql: `INSERT INTO identities (org_id, kind, hash, status, uid2, prev_uid2, opted_out_at,
              optout_source, created_at, updated_at)
            SELECT ?, value ->> 0, unhex(value ->> 1), 'optout', NULL, NULL, ?, 'dsr', ?, ?
            FROM json_each(?) WHERE true
            ON CONFLICT (org_id, kind, hash) DO UPDATE SET status = 'optout',
              prev_uid2 = COALESCE(identities.uid2, identities.prev_uid2), uid2 = NULL,
              opted_out_at = excluded.opted_out_at, optout_source = 'dsr',
              updated_at = excluded.updated_at`,
      args: [orgId, now, now, now, keys],
    });
  }
  const row: DsrRow = {
    id: deps.newId(),
    orgId,
    action: input.action,
    identifierKind: kind,
    identifierHash: hex,
    contactsRemoved: input.action === 'delete' ? people.rows.length : 0,
    uid2sFound: uid2s.length,
    membershipsRemoved: Number(members.rows[0]?.n ?? 0),
    ttdRequests,
    ttdFailures,
    requestedBy: actor.id,
    createdAt: now,
  };
  writes.push({
    sql: `INSERT INTO dsr_requests (id, org_id, action, identifier_kind, identifier_hash,
            contacts_removed, uid2s_found, memberships_removed, ttd_requests, ttd_failures,
            requested_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      row.id,
      orgId,
      row.action,
      row.identifierKind,
      row.identifierHash,
      row.contactsRemoved,
      row.uid2sFound,
      row.membershipsRemoved,
      row.ttdRequests,
      row.ttdFailures,
      row.requestedBy,
      row.createdAt,
    ],
  });
  await tenant.withScopedQuery((db) => db.$client.batch(writes, 'write'));
  await recordAudit(deps, tenant, actor, {
    action: input.action === 'delete' ? 'privacy.person_deleted' : 'privacy.person_opted_out',
    targetType: 'dsr_request',
    targetId: row.id,
    summary: {
      identifierKind: kind,
      contactsRemoved: row.contactsRemoved,
      uid2sFound: row.uid2sFound,
      membershipsRemoved: row.membershipsRemoved,
      ttdRequests,
      ttdFailures,
    },
  });
  return resultView(row);
}

export async function listDataSubjectRequests(tenant: TenantDb): Promise<DsrResult[]> {
  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select()
      .from(dsrRequests)
      .where(scope(dsrRequests))
      .orderBy(desc(dsrRequests.createdAt))
      .limit(100),
  );
  return rows.map(resultView);
}
