import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import { describeSchedule, isTimeZone, nextRunAt } from '../../core/activation/schedule';
import type {
  AudienceExportStatus,
  DestinationView,
  ExportRunDetail,
  ExportRunView,
  ExportView,
  ReachEstimate,
} from '../../core/contracts/activation';
import {
  DestinationInputSchema,
  type DestinationPatchSchema,
  ExportInputSchema,
  type ExportPatchSchema,
} from '../../core/contracts/activation';
import type { z } from 'zod';
import { secretKeysOf } from '../config';
import {
  audiences,
  organizations,
  ttdDestinations,
  ttdExportAudiences,
  ttdExportRuns,
  ttdExports,
  ttdFailedLines,
} from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';
import { sealSecret, secretHint } from '../lib/secrets';
import { compileMembers } from '../../core/audience/compile-sql';
import { execute } from './audience-engine';
import { validDraft } from './audience-members';
import { loadAudience } from './audiences';
import { recordAudit, type AuditActor } from './audit';
import { webhookHint } from './bombora-settings';
import { CONTACT_IDENTITY_JOIN, rate } from './uid2-settings';
import { timeZoneOf, type ExportedAudience } from './ttd-export';

type DestinationRow = typeof ttdDestinations.$inferSelect;
type ExportRow = typeof ttdExports.$inferSelect;
type RunRow = typeof ttdExportRuns.$inferSelect;

const notFound = (what: string): never => {
  throw new AppError(404, 'not_found', `No such ${what}`);
};

// ---------------------------------------------------------------------------------------------
// Destinations

async function destinationView(tenant: TenantDb, row: DestinationRow): Promise<DestinationView> {
  const uses = await tenant.select(ttdExports, eq(ttdExports.destinationId, row.id));
  return {
    id: row.id,
    name: row.name,
    advertiserId: row.advertiserId,
    region: row.region,
    authMode: row.authMode,
    secretHint: row.secretHint,
    alertWebhookHint: row.alertWebhookHint,
    failureAlertPercent: row.failureAlertPercent,
    exports: uses.length,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function listDestinations(tenant: TenantDb): Promise<DestinationView[]> {
  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select()
      .from(ttdDestinations)
      .where(scope(ttdDestinations))
      .orderBy(asc(ttdDestinations.name)),
  );
  return Promise.all(rows.map((row) => destinationView(tenant, row)));
}

async function loadDestination(tenant: TenantDb, id: string): Promise<DestinationRow> {
  return (
    (await tenant.first(ttdDestinations, eq(ttdDestinations.id, id))) ?? notFound('destination')
  );
}

async function assertUniqueName<T extends typeof ttdDestinations | typeof ttdExports>(
  tenant: TenantDb,
  table: T,
  name: string,
  id: string | null,
) {
  const clash = await tenant.first(
    table,
    id ? and(eq(table.name, name), ne(table.id, id)) : eq(table.name, name),
  );
  if (clash) throw new AppError(409, 'name_taken', `"${name}" is already used`);
}

/** Creates (id null) or updates a destination. Secrets are sealed, audited by name only. */
export async function saveDestination(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  id: string | null,
  input: z.infer<typeof DestinationPatchSchema>,
): Promise<DestinationView> {
  const existing = id ? await loadDestination(tenant, id) : null;
  if (!existing) DestinationInputSchema.parse(input);
  if (!existing && !input.secret)
    throw new AppError(400, 'invalid_input', 'Enter the token or secret key for this advertiser');
  if (existing && input.authMode && input.authMode !== existing.authMode && !input.secret)
    throw new AppError(400, 'invalid_input', 'Enter the secret for the new authentication mode');
  const name = input.name ?? existing!.name;
  await assertUniqueName(tenant, ttdDestinations, name, id);
  const keys = secretKeysOf(deps.config);
  const now = deps.now();
  const row: DestinationRow = {
    id: existing?.id ?? deps.newId(),
    orgId: tenant.orgId,
    name,
    advertiserId: input.advertiserId ?? existing!.advertiserId,
    region: input.region ?? existing!.region,
    authMode: input.authMode ?? existing!.authMode,
    secret: input.secret ? await sealSecret(keys, tenant.orgId, input.secret) : existing!.secret,
    secretHint: input.secret ? secretHint(input.secret) : existing!.secretHint,
    alertWebhook:
      input.alertWebhookUrl === undefined
        ? (existing?.alertWebhook ?? null)
        : input.alertWebhookUrl === null
          ? null
          : await sealSecret(keys, tenant.orgId, input.alertWebhookUrl),
    alertWebhookHint:
      input.alertWebhookUrl === undefined
        ? (existing?.alertWebhookHint ?? null)
        : input.alertWebhookUrl === null
          ? null
          : webhookHint(input.alertWebhookUrl),
    failureAlertPercent: input.failureAlertPercent ?? existing?.failureAlertPercent ?? 5,
    createdBy: existing?.createdBy ?? actor.id,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  const { orgId: _org, id: _id, ...values } = row;
  if (existing) await tenant.update(ttdDestinations, values, eq(ttdDestinations.id, row.id));
  else await tenant.insert(ttdDestinations, { id: row.id, ...values });
  await recordAudit(deps, tenant, actor, {
    action: existing ? 'ttd.destination_updated' : 'ttd.destination_created',
    targetType: 'ttd_destination',
    targetId: row.id,
    summary: {
      name: row.name,
      advertiserId: row.advertiserId,
      region: row.region,
      authMode: row.authMode,
      secretChanged: Boolean(input.secret),
    },
  });
  return destinationView(tenant, row);
}

export async function deleteDestination(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  id: string,
): Promise<void> {
  const row = await loadDestination(tenant, id);
  const uses = await tenant.select(ttdExports, eq(ttdExports.destinationId, id));
  if (uses.length)
    throw new AppError(
      409,
      'destination_in_use',
      `Delete or move its ${uses.length} export${uses.length === 1 ? '' : 's'} first`,
    );
  await tenant.delete(ttdDestinations, eq(ttdDestinations.id, id));
  await recordAudit(deps, tenant, actor, {
    action: 'ttd.destination_deleted',
    targetType: 'ttd_destination',
    targetId: id,
    summary: { name: row.name },
  });
}

// ---------------------------------------------------------------------------------------------
// Exports

export function exportRunView(run: RunRow): ExportRunView {
  const versions = JSON.parse(run.audienceVersions) as ExportedAudience[];
  return {
    id: run.id,
    exportId: run.exportId,
    trigger: run.trigger,
    status: run.status,
    phase: run.phase,
    audienceVersions: versions.map(({ audienceId, version, hash, segmentName }) => ({
      audienceId,
      version,
      hash,
      segmentName,
    })),
    requests: run.requests,
    bytesSent: run.bytesSent,
    audienceSize: run.audienceSize,
    targeted: run.targeted,
    added: run.added,
    removed: run.removed,
    refreshed: run.refreshed,
    failed: run.failed,
    failedByCode: JSON.parse(run.failedByCode) as Record<string, number>,
    skippedOptedOut: run.skippedOptedOut,
    unmapped: run.unmapped,
    error: run.error,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.finishedAt === null ? null : run.finishedAt - run.startedAt,
  };
}

async function exportView(tenant: TenantDb, row: ExportRow, timeZone: string): Promise<ExportView> {
  const [destination, slots, lastRuns, members] = await Promise.all([
    tenant.first(ttdDestinations, eq(ttdDestinations.id, row.destinationId)),
    tenant.withScopedQuery((db, scope) =>
      db
        .select({
          audienceId: ttdExportAudiences.audienceId,
          segmentName: ttdExportAudiences.segmentName,
          audienceName: audiences.name,
        })
        .from(ttdExportAudiences)
        .innerJoin(audiences, eq(audiences.id, ttdExportAudiences.audienceId))
        .where(scope(ttdExportAudiences, eq(ttdExportAudiences.exportId, row.id)))
        .orderBy(asc(ttdExportAudiences.slot)),
    ),
    tenant.withScopedQuery((db, scope) =>
      db
        .select()
        .from(ttdExportRuns)
        .where(scope(ttdExportRuns, eq(ttdExportRuns.exportId, row.id)))
        .orderBy(desc(ttdExportRuns.startedAt))
        .limit(2),
    ),
    tenant.withScopedQuery((db) =>
      db.$client.execute({
        sql: 'SELECT COUNT(*) AS n FROM ttd_export_members WHERE export_id = ? AND org_id = ?',
        args: [row.id, tenant.orgId],
      }),
    ),
  ]);
  const finished = lastRuns.find((r) => r.status !== 'running') ?? null;
  return {
    id: row.id,
    name: row.name,
    destinationId: row.destinationId,
    destinationName: destination?.name ?? '',
    audiences: slots,
    ttlDays: Math.round(row.ttlMinutes / 1440),
    schedule: row.schedule,
    scheduleText: describeSchedule(row.schedule, timeZone),
    timeZone,
    enabled: row.enabled,
    nextRunAt: row.enabled ? row.nextRunAt : null,
    members: Number(members.rows[0]?.n ?? 0),
    lastRun: finished ? exportRunView(finished) : null,
    running: lastRuns.some((r) => r.status === 'running'),
  };
}

export async function listExports(
  tenant: TenantDb,
  audienceId?: string,
): Promise<{ exports: ExportView[]; timeZone: string }> {
  const timeZone = await timeZoneOf(tenant);
  let rows = await tenant.withScopedQuery((db, scope) =>
    db.select().from(ttdExports).where(scope(ttdExports)).orderBy(asc(ttdExports.name)),
  );
  if (audienceId) {
    const using = await tenant.select(
      ttdExportAudiences,
      eq(ttdExportAudiences.audienceId, audienceId),
    );
    const ids = new Set(using.map((u) => u.exportId));
    rows = rows.filter((r) => ids.has(r.id));
  }
  return { exports: await Promise.all(rows.map((r) => exportView(tenant, r, timeZone))), timeZone };
}

async function loadExport(tenant: TenantDb, id: string): Promise<ExportRow> {
  return (await tenant.first(ttdExports, eq(ttdExports.id, id))) ?? notFound('export');
}

export async function getExport(tenant: TenantDb, id: string): Promise<ExportView> {
  return exportView(tenant, await loadExport(tenant, id), await timeZoneOf(tenant));
}

/** Creates (id null) or updates an export: its audiences in priority order, TTL and schedule. */
export async function saveExport(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  id: string | null,
  input: z.infer<typeof ExportPatchSchema>,
): Promise<ExportView> {
  const existing = id ? await loadExport(tenant, id) : null;
  if (!existing) ExportInputSchema.parse(input);
  const name = input.name ?? existing!.name;
  await assertUniqueName(tenant, ttdExports, name, id);
  const destinationId = input.destinationId ?? existing!.destinationId;
  await loadDestination(tenant, destinationId);
  const exportId = existing?.id ?? deps.newId();
  if (input.audiences) {
    for (const entry of input.audiences) await loadAudience(tenant, entry.audienceId);
    const clash = await tenant.first(
      ttdExportAudiences,
      and(
        eq(ttdExportAudiences.destinationId, destinationId),
        inArray(
          ttdExportAudiences.segmentName,
          input.audiences.map((a) => a.segmentName),
        ),
        ne(ttdExportAudiences.exportId, exportId),
      ),
    );
    if (clash)
      throw new AppError(
        409,
        'segment_in_use',
        `Another export already sends segment "${clash.segmentName}" to this advertiser`,
      );
  }
  const timeZone = await timeZoneOf(tenant);
  const now = deps.now();
  const schedule = input.schedule ?? existing!.schedule;
  const enabled = input.enabled ?? existing?.enabled ?? true;
  const values = {
    destinationId,
    name,
    ttlMinutes: input.ttlDays !== undefined ? input.ttlDays * 1440 : existing!.ttlMinutes,
    schedule,
    enabled,
    nextRunAt: nextRunAt(schedule, timeZone, now),
    updatedAt: now,
  };
  const slots = input.audiences?.map((a, slot) => ({
    exportId,
    slot,
    orgId: tenant.orgId,
    destinationId,
    audienceId: a.audienceId,
    segmentName: a.segmentName,
  }));
  await tenant.withScopedQuery(async (db) => {
    const statements = [
      existing
        ? db
            .update(ttdExports)
            .set(values)
            .where(and(eq(ttdExports.id, exportId), eq(ttdExports.orgId, tenant.orgId)))
        : db.insert(ttdExports).values({
            id: exportId,
            orgId: tenant.orgId,
            ...values,
            createdBy: actor.id,
            createdAt: now,
          }),
      ...(slots
        ? [
            db
              .delete(ttdExportAudiences)
              .where(
                and(
                  eq(ttdExportAudiences.exportId, exportId),
                  eq(ttdExportAudiences.orgId, tenant.orgId),
                ),
              ),
            db.insert(ttdExportAudiences).values(slots),
          ]
        : input.destinationId && existing
          ? [
              db
                .update(ttdExportAudiences)
                .set({ destinationId })
                .where(
                  and(
                    eq(ttdExportAudiences.exportId, exportId),
                    eq(ttdExportAudiences.orgId, tenant.orgId),
                  ),
                ),
            ]
          : []),
    ] as const;
    await db.batch(statements as never);
  });
  await recordAudit(deps, tenant, actor, {
    action: existing ? 'ttd.export_updated' : 'ttd.export_created',
    targetType: 'ttd_export',
    targetId: exportId,
    summary: {
      name,
      destinationId,
      schedule,
      enabled,
      ttlMinutes: values.ttlMinutes,
      audiences: input.audiences?.map((a) => a.audienceId) ?? null,
    },
  });
  return getExport(tenant, exportId);
}

export async function deleteExport(deps: Deps, tenant: TenantDb, actor: AuditActor, id: string) {
  const row = await loadExport(tenant, id);
  await tenant.delete(ttdExports, eq(ttdExports.id, id));
  await recordAudit(deps, tenant, actor, {
    action: 'ttd.export_deleted',
    targetType: 'ttd_export',
    targetId: id,
    summary: { name: row.name },
  });
}

export async function listExportRuns(
  tenant: TenantDb,
  exportId: string,
  limit = 20,
): Promise<ExportRunView[]> {
  await loadExport(tenant, exportId);
  const runs = await tenant.withScopedQuery((db, scope) =>
    db
      .select()
      .from(ttdExportRuns)
      .where(scope(ttdExportRuns, eq(ttdExportRuns.exportId, exportId)))
      .orderBy(desc(ttdExportRuns.startedAt))
      .limit(limit),
  );
  return runs.map(exportRunView);
}

/** UIDs are shortened in the API: enough to find one, not to copy the segment around. */
const shortUid2 = (uid2: string) => `${uid2.slice(0, 8)}…`;

export async function getExportRun(tenant: TenantDb, runId: string): Promise<ExportRunDetail> {
  const run =
    (await tenant.first(ttdExportRuns, eq(ttdExportRuns.id, runId))) ?? notFound('export run');
  const exp = await tenant.first(ttdExports, eq(ttdExports.id, run.exportId));
  const lines = await tenant.withScopedQuery((db, scope) =>
    db
      .select()
      .from(ttdFailedLines)
      .where(scope(ttdFailedLines, eq(ttdFailedLines.runId, runId)))
      .limit(500),
  );
  return {
    ...exportRunView(run),
    exportName: exp?.name ?? '',
    failedLines: lines.map((l) => ({
      uid2: shortUid2(l.uid2),
      segmentName: l.segmentName,
      action: l.action,
      errorCode: l.errorCode,
      message: l.message,
    })),
  };
}

export async function audienceExportStatuses(tenant: TenantDb): Promise<AudienceExportStatus[]> {
  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select({
        audienceId: ttdExportAudiences.audienceId,
        exportId: ttdExports.id,
        exportName: ttdExports.name,
        lastStatus: ttdExports.lastStatus,
        lastRunAt: ttdExports.lastRunAt,
      })
      .from(ttdExportAudiences)
      .innerJoin(ttdExports, eq(ttdExports.id, ttdExportAudiences.exportId))
      .where(scope(ttdExportAudiences)),
  );
  return rows.map((r) => ({
    audienceId: r.audienceId,
    exportId: r.exportId,
    exportName: r.exportName,
    status: (r.lastStatus as AudienceExportStatus['status'] | null) ?? 'never_run',
    lastRunAt: r.lastRunAt,
  }));
}

export async function setTimeZone(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  timeZone: string,
): Promise<{ timeZone: string }> {
  if (!isTimeZone(timeZone))
    throw new AppError(400, 'invalid_time_zone', `Unknown time zone "${timeZone}"`);
  await tenant.withScopedQuery((db) =>
    db.update(organizations).set({ timeZone }).where(eq(organizations.id, tenant.orgId)),
  );
  // Schedules are read in the zone: every export's next run moves with it.
  const rows = await tenant.select(ttdExports);
  for (const row of rows)
    await tenant.update(
      ttdExports,
      { nextRunAt: nextRunAt(row.schedule, timeZone, deps.now()) },
      eq(ttdExports.id, row.id),
    );
  await recordAudit(deps, tenant, actor, {
    action: 'organization.time_zone_changed',
    targetType: 'organization',
    targetId: tenant.orgId,
    summary: { timeZone },
  });
  return { timeZone };
}

// ---------------------------------------------------------------------------------------------
// Reach

/** Audience size × UID2 match, by identifier type, over the audience's current draft. */
export async function reachEstimate(
  deps: Deps,
  tenant: TenantDb,
  audienceId: string,
): Promise<ReachEstimate> {
  const { definition, prepared } = await validDraft(deps, tenant, audienceId);
  const members = compileMembers(tenant.orgId, definition, prepared.ctx, {
    afterId: 0,
    limit: -1,
  });
  const rows = await execute(tenant, {
    sql: `SELECT COUNT(*) AS size,
                 SUM(c.email_hash IS NOT NULL) AS email_contacts,
                 SUM(COALESCE(e.status = 'mapped', 0)) AS email_mapped,
                 SUM(c.phone_hash IS NOT NULL) AS phone_contacts,
                 SUM(COALESCE(p.status = 'mapped', 0)) AS phone_mapped,
                 SUM(COALESCE(e.status = 'optout', 0) OR COALESCE(p.status = 'optout', 0)) AS opted_out,
                 SUM((COALESCE(e.status = 'mapped', 0) OR COALESCE(p.status = 'mapped', 0))
                     AND NOT (COALESCE(e.status = 'optout', 0) OR COALESCE(p.status = 'optout', 0)))
                   AS reachable
          FROM (${members.sql}) m
          JOIN contacts c ON c.org_id = ? AND c.id = m.id ${CONTACT_IDENTITY_JOIN}`,
    args: [...members.args, tenant.orgId],
  });
  const r = rows[0] ?? {};
  const n = (key: string) => Number(r[key] ?? 0);
  return {
    audienceId,
    size: n('size'),
    byKind: [
      {
        kind: 'email',
        contacts: n('email_contacts'),
        mapped: n('email_mapped'),
        matchRate: rate(n('email_mapped'), n('email_contacts')),
      },
      {
        kind: 'phone',
        contacts: n('phone_contacts'),
        mapped: n('phone_mapped'),
        matchRate: rate(n('phone_mapped'), n('phone_contacts')),
      },
    ],
    reachable: n('reachable'),
    optedOut: n('opted_out'),
    matchRate: rate(n('reachable'), n('size')),
  };
}
