import { and, eq, gt, sql } from 'drizzle-orm';
import { audiences, audienceSizePoints, audienceVersions } from '../db/schema';
import { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { errorFields } from '../lib/log';
import {
  loadOrgData,
  parseStoredDefinition,
  prepare,
  totalOf,
  validate,
} from '../services/audience-engine';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Audiences recounted per run; any left over are the first counted the next day. */
const BATCH = 2000;

/**
 * The daily size recount (run in the daily `retention` slot rather than on a cron of its own):
 * each active audience's latest saved version is counted once per UTC day and added to its size
 * history. Idempotent: the point's key is (audience, 'daily', start of the day), and audiences
 * that already have today's point are not visited again.
 */
export async function recountAudiences(deps: Deps): Promise<Record<string, unknown>> {
  const day = Math.floor(deps.now() / DAY_MS) * DAY_MS;
  const due = await deps.db
    .select({
      id: audiences.id,
      orgId: audiences.orgId,
      definition: audienceVersions.definition,
    })
    .from(audiences)
    .innerJoin(
      audienceVersions,
      and(
        eq(audienceVersions.audienceId, audiences.id),
        eq(audienceVersions.version, audiences.version),
      ),
    )
    .where(
      and(
        eq(audiences.status, 'active'),
        gt(audiences.version, 0),
        sql`NOT EXISTS (SELECT 1 FROM audience_size_points p WHERE p.audience_id = ${audiences.id}
              AND p.source = 'daily' AND p.at = ${day})`,
      ),
    )
    .orderBy(audiences.orgId)
    .limit(BATCH);
  let counted = 0;
  let skipped = 0;
  let failed = 0;
  const byOrg = new Map<string, typeof due>();
  for (const audience of due)
    byOrg.set(audience.orgId, [...(byOrg.get(audience.orgId) ?? []), audience]);
  for (const [orgId, list] of byOrg) {
    const tenant = new TenantDb(deps.db, orgId);
    const data = await loadOrgData(tenant);
    for (const audience of list) {
      try {
        const definition = parseStoredDefinition(audience.definition);
        const prepared = await prepare(deps, tenant, [definition], data);
        // A list or audience it uses may have been deleted since the version was saved.
        if (validate(prepared, definition, audience.id).length) {
          skipped++;
          continue;
        }
        const size = await totalOf(deps, tenant, prepared, definition, audience.id);
        await tenant.withScopedQuery((db) =>
          db
            .insert(audienceSizePoints)
            .values({ orgId, audienceId: audience.id, at: day, source: 'daily', size })
            .onConflictDoNothing(),
        );
        counted++;
      } catch (error) {
        failed++;
        deps.log.error('audience recount failed', {
          orgId,
          audienceId: audience.id,
          ...errorFields(error),
        });
      }
    }
  }
  return { audiencesCounted: counted, audiencesSkipped: skipped, audiencesFailed: failed };
}
