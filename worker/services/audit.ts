import { and, desc, eq, gte, lt, lte, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AuditEvent, AuditPage, AuditQuery } from '../../core/contracts/accounts';
import { auditEvents, users } from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';

export interface AuditActor {
  type: 'user' | 'token' | 'system';
  id: string | null;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** Work the platform does by itself: queue consumers and scheduled jobs. */
export const SYSTEM_ACTOR: AuditActor = {
  type: 'system',
  id: null,
  requestId: null,
  ip: null,
  userAgent: null,
};

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string | null;
  /** Ids, counts, roles and changed field names. Never raw PII: hash an email before it goes here. */
  summary: Record<string, unknown>;
}

/** The single way anything is written to the audit trail. Every mutating service calls it. */
export async function recordAudit(
  deps: Pick<Deps, 'newId' | 'now'>,
  tenant: TenantDb,
  actor: AuditActor,
  entry: AuditEntry,
): Promise<void> {
  await tenant.insert(auditEvents, {
    id: deps.newId(),
    actorType: actor.type,
    actorId: actor.id,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    summary: JSON.stringify(entry.summary),
    requestId: actor.requestId,
    ip: actor.ip,
    userAgent: actor.userAgent,
    createdAt: new Date(deps.now()),
  });
}

/** A stable fingerprint of an email for audit summaries: lets you match events without storing it. */
export async function emailFingerprint(email: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(email.trim().toLowerCase()),
  );
  return [...new Uint8Array(digest).slice(0, 8)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

const SummarySchema = z.record(z.string(), z.unknown());
const CursorSchema = z.object({ t: z.number().int(), id: z.string().max(64) });
type Cursor = z.infer<typeof CursorSchema>;

const encodeCursor = (cursor: Cursor) => btoa(JSON.stringify(cursor));
function decodeCursor(value: string): Cursor | null {
  try {
    return CursorSchema.parse(JSON.parse(atob(value)));
  } catch {
    return null;
  }
}

export type AuditListResult =
  { ok: true; page: AuditPage } | { ok: false; reason: 'invalid_cursor' };

/** Newest first, keyset-paginated on (created_at, id) so pages stay stable while events arrive. */
export async function listAudit(tenant: TenantDb, query: AuditQuery): Promise<AuditListResult> {
  const conditions: SQL[] = [];
  if (query.actor) conditions.push(eq(auditEvents.actorId, query.actor));
  if (query.action) conditions.push(eq(auditEvents.action, query.action));
  if (query.targetType) conditions.push(eq(auditEvents.targetType, query.targetType));
  if (query.targetId) conditions.push(eq(auditEvents.targetId, query.targetId));
  if (query.from) conditions.push(gte(auditEvents.createdAt, new Date(query.from)));
  if (query.to) conditions.push(lte(auditEvents.createdAt, new Date(query.to)));
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    if (!cursor) return { ok: false, reason: 'invalid_cursor' };
    const at = new Date(cursor.t);
    conditions.push(
      or(
        lt(auditEvents.createdAt, at),
        and(eq(auditEvents.createdAt, at), lt(auditEvents.id, cursor.id)),
      ) as SQL,
    );
  }

  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select({ event: auditEvents, actorName: users.name })
      .from(auditEvents)
      .leftJoin(users, and(eq(auditEvents.actorType, 'user'), eq(users.id, auditEvents.actorId)))
      .where(scope(auditEvents, conditions.length ? and(...conditions) : undefined))
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(query.limit + 1),
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    ok: true,
    page: {
      events: page.map(({ event, actorName }) => toAuditEvent(event, actorName)),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ t: last.event.createdAt.getTime(), id: last.event.id })
          : null,
    },
  };
}

function toAuditEvent(row: typeof auditEvents.$inferSelect, actorName: string | null): AuditEvent {
  return {
    id: row.id,
    actorType: row.actorType,
    actorId: row.actorId,
    actorName,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    summary: SummarySchema.parse(JSON.parse(row.summary)),
    requestId: row.requestId,
    ip: row.ip,
    userAgent: row.userAgent,
    createdAt: row.createdAt.toISOString(),
  };
}
