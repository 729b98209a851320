import { and, desc, eq, gte, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { compileCount, compileMembers } from '../../core/audience/compile-sql';
import type { Definition } from '../../core/audience/definition';
import { fieldView } from '../../core/audience/field-catalog';
import { overlapReport, priorityCounts } from '../../core/audience/overlap';
import { parseDefinition, printDefinition } from '../../core/audience/text-form';
import type {
  AudienceStatsSchema,
  OverlapSchema,
  SlowQueriesSchema,
  SqlViewSchema,
} from '../../core/contracts/audiences';
import { audienceQueries, audiences } from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';
import {
  loadOrgData,
  nameResolver,
  overlapRegions,
  parseStoredDefinition,
  prepare,
  sizeOf,
  validate,
} from './audience-engine';
import { validDraft } from './audience-members';
import { loadAudience, notFound } from './audiences';

/*
 * Reading audiences: the field catalog, estimates of unsaved drafts, overlap of several audiences,
 * the text form both ways, the SQL an audience compiles to, and query statistics.
 */

type ServiceDeps = Pick<Deps, 'now' | 'newId' | 'log'>;
const DAY_MS = 24 * 60 * 60 * 1000;

export async function fields(tenant: TenantDb) {
  const data = await loadOrgData(tenant);
  return { fields: data.catalog.fields.map(fieldView) };
}

export function estimate(
  deps: ServiceDeps,
  tenant: TenantDb,
  definition: Definition,
  audienceId: string | undefined,
) {
  return sizeOf(deps, tenant, definition, { audienceId });
}

export async function overlap(
  deps: ServiceDeps,
  tenant: TenantDb,
  ids: string[],
  priority: boolean,
): Promise<z.infer<typeof OverlapSchema>> {
  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select({ id: audiences.id, name: audiences.name, definition: audiences.definition })
      .from(audiences)
      .where(scope(audiences, inArray(audiences.id, ids))),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  if (ids.some((id) => !byId.has(id))) notFound();
  const chosen = ids.map((id) => byId.get(id)!);
  const definitions = chosen.map((a) => parseStoredDefinition(a.definition));
  const prepared = await prepare(deps, tenant, definitions);
  const invalid = chosen.filter((a, i) => validate(prepared, definitions[i]!, a.id).length);
  if (invalid.length)
    throw new AppError(
      422,
      'invalid_definition',
      `Fix ${invalid.map((a) => `“${a.name}”`).join(', ')} before comparing`,
      { audiences: invalid.map((a) => ({ id: a.id, name: a.name })) },
    );
  const { regions, durationMs } = await overlapRegions(deps, tenant, prepared, definitions);
  const report = overlapReport(ids.length, regions);
  return {
    audiences: chosen.map((a, i) => ({ id: a.id, name: a.name, size: report.sizes[i] ?? 0 })),
    report,
    ...(priority ? { priority: priorityCounts(ids.length, regions) } : {}),
    durationMs,
  };
}

export async function textOf(tenant: TenantDb, id: string) {
  const audience = await loadAudience(tenant, id);
  const names = await nameResolver(tenant, await loadOrgData(tenant));
  return { text: printDefinition(parseStoredDefinition(audience.definition), names) };
}

export async function parseText(deps: Pick<Deps, 'newId'>, tenant: TenantDb, text: string) {
  const data = await loadOrgData(tenant);
  const names = await nameResolver(tenant, data);
  const parsed = parseDefinition(text, names, data.catalog, deps.newId);
  if (!parsed.ok)
    throw new AppError(422, 'parse_error', parsed.error.message, {
      offset: parsed.error.offset,
      line: parsed.error.line,
      column: parsed.error.column,
    });
  return { definition: parsed.definition };
}

export async function sqlOf(
  deps: ServiceDeps,
  tenant: TenantDb,
  id: string,
): Promise<z.infer<typeof SqlViewSchema>> {
  const { definition, prepared } = await validDraft(deps, tenant, id);
  const count = compileCount(tenant.orgId, definition, prepared.ctx);
  const members = compileMembers(tenant.orgId, definition, prepared.ctx, {
    afterId: 0,
    limit: 100,
  });
  return {
    count: { sql: count.sql, args: [...count.args] },
    members: { sql: members.sql, args: [...members.args] },
  };
}

type QueryRow = typeof audienceQueries.$inferSelect;
const entryOf = (q: QueryRow) => ({
  kind: q.kind,
  hash: q.hash,
  cacheHit: q.cacheHit,
  durationMs: q.durationMs,
  rowsExamined: q.rowsExamined,
  rowsReturned: q.rowsReturned,
  at: new Date(q.at).toISOString(),
});

/** The sample value at percentile p (nearest rank). */
function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

export async function audienceStats(
  deps: Pick<Deps, 'now'>,
  tenant: TenantDb,
  id: string,
): Promise<z.infer<typeof AudienceStatsSchema>> {
  await loadAudience(tenant, id);
  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select()
      .from(audienceQueries)
      .where(
        scope(
          audienceQueries,
          and(
            eq(audienceQueries.audienceId, id),
            gte(audienceQueries.at, deps.now() - 30 * DAY_MS),
          ),
        ),
      )
      .orderBy(desc(audienceQueries.at), desc(audienceQueries.id))
      .limit(1000),
  );
  const durations = rows.map((r) => r.durationMs).sort((a, b) => a - b);
  return {
    recent: rows.slice(0, 50).map(entryOf),
    count: rows.length,
    p50Ms: percentile(durations, 50),
    p95Ms: percentile(durations, 95),
    cacheHitRate: rows.length ? rows.filter((r) => r.cacheHit).length / rows.length : null,
  };
}

export async function slowQueries(
  deps: Pick<Deps, 'now'>,
  tenant: TenantDb,
  query: { days: number; limit: number },
): Promise<z.infer<typeof SlowQueriesSchema>> {
  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select({ q: audienceQueries, name: audiences.name })
      .from(audienceQueries)
      .leftJoin(
        audiences,
        and(
          eq(audiences.id, audienceQueries.audienceId),
          eq(audiences.orgId, audienceQueries.orgId),
        ),
      )
      .where(scope(audienceQueries, gte(audienceQueries.at, deps.now() - query.days * DAY_MS)))
      .orderBy(desc(audienceQueries.durationMs), desc(audienceQueries.at))
      .limit(query.limit),
  );
  return {
    queries: rows.map(({ q, name }) => ({
      ...entryOf(q),
      audience: q.audienceId && name !== null ? { id: q.audienceId, name } : null,
    })),
  };
}
