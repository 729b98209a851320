import Papa from 'papaparse';
import type { AuditEvent, AuditQuery } from '../../core/contracts/accounts';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { listAudit, recordAudit, type AuditActor } from './audit';

/** Enough for years of a team's activity; a larger export should narrow the time range. */
const MAX_EXPORT_EVENTS = 100_000;
const PAGE = 200;

/** Every event matching the filters, as a CSV or JSON download. Exporting is itself audited. */
export async function exportAudit(
  deps: Pick<Deps, 'newId' | 'now'>,
  tenant: TenantDb,
  actor: AuditActor,
  query: Omit<AuditQuery, 'limit' | 'cursor'>,
  format: 'csv' | 'json',
): Promise<{ body: string; contentType: string; filename: string }> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const result = await listAudit(tenant, { ...query, limit: PAGE, cursor });
    if (!result.ok) break;
    events.push(...result.page.events);
    cursor = result.page.nextCursor ?? undefined;
  } while (cursor && events.length < MAX_EXPORT_EVENTS);

  await recordAudit(deps, tenant, actor, {
    action: 'audit.exported',
    targetType: 'audit_log',
    targetId: null,
    summary: {
      format,
      events: events.length,
      filters: Object.keys(query).filter((k) => query[k as keyof typeof query] !== undefined),
    },
  });

  const stamp = new Date(deps.now()).toISOString().slice(0, 10);
  if (format === 'json') {
    return {
      body: JSON.stringify(events, null, 2),
      contentType: 'application/json; charset=utf-8',
      filename: `audit-${stamp}.json`,
    };
  }
  const rows = events.map((e) => ({
    time: e.createdAt,
    actor_type: e.actorType,
    actor_id: e.actorId ?? '',
    actor_name: e.actorName ?? '',
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId ?? '',
    summary: JSON.stringify(e.summary),
    request_id: e.requestId ?? '',
    ip: e.ip ?? '',
    user_agent: e.userAgent ?? '',
  }));
  // escapeFormulae: a cell starting with = + - @ must not run as a formula when opened in a spreadsheet.
  const body = Papa.unparse(rows, { escapeFormulae: true, columns: CSV_COLUMNS });
  return { body, contentType: 'text/csv; charset=utf-8', filename: `audit-${stamp}.csv` };
}

const CSV_COLUMNS = [
  'time',
  'actor_type',
  'actor_id',
  'actor_name',
  'action',
  'target_type',
  'target_id',
  'summary',
  'request_id',
  'ip',
  'user_agent',
];
