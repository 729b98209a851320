import { desc, eq, lt, sql } from 'drizzle-orm';
import type {
  BomboraOverview,
  IntentCluster,
  IntentClusterInput,
  IntentFreshness,
  IntentSyncRun,
  IntentSyncRunDetail,
  IntentTopicList,
  SurgingView,
} from '../../core/contracts/intent';
import { DEFAULT_SURGE_THRESHOLD } from '../../core/intent/scores';
import { bomboraSettings, intentClusters, intentSyncRuns, intentTopics } from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';
import { recordAudit, type AuditActor } from './audit';
import { getBomboraSettings, topicIdsOf } from './bombora-settings';

type RunRow = typeof intentSyncRuns.$inferSelect;

export function runView(row: RunRow): IntentSyncRun {
  return {
    id: row.id,
    week: row.week,
    trigger: row.trigger,
    mode: row.mode,
    status: row.status,
    requestedBy: row.requestedBy,
    pagesDone: row.pagesDone,
    apiCalls: row.apiCalls,
    rowsReceived: row.rowsReceived,
    rowsStored: row.rowsStored,
    quarantined: row.quarantined,
    unknownTopics: row.unknownTopics,
    outOfRange: row.outOfRange,
    duplicates: row.duplicates,
    freeMail: row.freeMail,
    domainsMatched: row.domainsMatched,
    unmatchedDomains: row.unmatchedDomains,
    companiesEnriched: row.companiesEnriched,
    error: row.error,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    durationMs: row.finishedAt === null ? null : row.finishedAt - row.startedAt,
  };
}

export async function listIntentRuns(
  tenant: TenantDb,
  query: { limit: number; before?: number | undefined },
): Promise<{ runs: IntentSyncRun[] }> {
  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select()
      .from(intentSyncRuns)
      .where(
        scope(
          intentSyncRuns,
          query.before === undefined ? undefined : lt(intentSyncRuns.startedAt, query.before),
        ),
      )
      .orderBy(desc(intentSyncRuns.startedAt))
      .limit(query.limit),
  );
  return { runs: rows.map(runView) };
}

export async function getIntentRun(tenant: TenantDb, id: string): Promise<IntentSyncRunDetail> {
  const row = await tenant.first(intentSyncRuns, eq(intentSyncRuns.id, id));
  if (!row) throw new AppError(404, 'not_found', 'No such sync run');
  const [sample, reasons] = await tenant.withScopedQuery((db) =>
    Promise.all([
      db.$client.execute({
        sql: `SELECT page, item, reason, raw FROM intent_quarantine WHERE org_id = ? AND run_id = ?
              ORDER BY page, item LIMIT 50`,
        args: [tenant.orgId, id],
      }),
      db.$client.execute({
        sql: `SELECT reason, count(*) AS n FROM intent_quarantine WHERE org_id = ? AND run_id = ? GROUP BY reason`,
        args: [tenant.orgId, id],
      }),
    ]),
  );
  return {
    ...runView(row),
    quarantineSample: sample.rows.map((r) => ({
      page: Number(r.page),
      item: Number(r.item),
      reason: String(r.reason),
      raw: String(r.raw),
    })),
    quarantineByReason: Object.fromEntries(
      reasons.rows.map((r) => [String(r.reason), Number(r.n)]),
    ),
  };
}

export async function intentFreshness(
  deps: Pick<Deps, 'now' | 'config'>,
  tenant: TenantDb,
): Promise<IntentFreshness> {
  const [last, running] = await tenant.withScopedQuery((db, scope) =>
    Promise.all([
      db
        .select({ week: intentSyncRuns.week, finishedAt: intentSyncRuns.finishedAt })
        .from(intentSyncRuns)
        .where(scope(intentSyncRuns, eq(intentSyncRuns.status, 'succeeded')))
        .orderBy(desc(intentSyncRuns.finishedAt))
        .limit(1),
      db
        .select()
        .from(intentSyncRuns)
        .where(scope(intentSyncRuns, sql`${intentSyncRuns.status} IN ('running', 'finalizing')`))
        .limit(1),
    ]),
  );
  const staleAfterHours = deps.config.BOMBORA_STALE_AFTER_HOURS;
  const lastRefreshedAt = last[0]?.finishedAt ?? null;
  return {
    latestWeek: last[0]?.week ?? null,
    lastRefreshedAt,
    stale: lastRefreshedAt === null || deps.now() - lastRefreshedAt > staleAfterHours * 3_600_000,
    staleAfterHours,
    running: running[0] ? runView(running[0]) : null,
  };
}

export async function bomboraOverview(deps: Deps, tenant: TenantDb): Promise<BomboraOverview> {
  const [settings, freshness] = await Promise.all([
    getBomboraSettings(deps, tenant),
    intentFreshness(deps, tenant),
  ]);
  return { settings, freshness };
}

export async function listIntentTopics(tenant: TenantDb): Promise<IntentTopicList> {
  const [topics, settings] = await Promise.all([
    // The taxonomy is shared reference data (no organisation column).
    tenant.withScopedQuery((db) =>
      db
        .select()
        .from(intentTopics)
        .orderBy(intentTopics.theme, intentTopics.category, intentTopics.name),
    ),
    tenant.first(bomboraSettings),
  ]);
  return {
    topics: topics.map((t) => ({ ...t, description: t.description ?? null })),
    selected: settings ? topicIdsOf(settings) : [],
  };
}

function clusterView(row: typeof intentClusters.$inferSelect): IntentCluster {
  return {
    id: row.id,
    name: row.name,
    topicIds: JSON.parse(row.topicIds) as string[],
    minTopics: row.minTopics,
    updatedAt: row.updatedAt,
  };
}

export async function listIntentClusters(tenant: TenantDb): Promise<{ clusters: IntentCluster[] }> {
  const rows = await tenant.select(intentClusters);
  return { clusters: rows.map(clusterView).sort((a, b) => a.name.localeCompare(b.name)) };
}

export async function saveIntentCluster(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  id: string | null,
  input: IntentClusterInput,
): Promise<IntentCluster> {
  const topicIds = [...new Set(input.topicIds)];
  const clash = await tenant.first(intentClusters, eq(intentClusters.name, input.name));
  if (clash && clash.id !== id)
    throw new AppError(409, 'name_taken', `A cluster named “${input.name}” already exists`);
  const now = deps.now();
  if (id === null) {
    id = deps.newId();
    await tenant.insert(intentClusters, {
      id,
      name: input.name,
      topicIds: JSON.stringify(topicIds),
      minTopics: input.minTopics,
      createdAt: now,
      updatedAt: now,
    });
  } else {
    const changed = await tenant.update(
      intentClusters,
      {
        name: input.name,
        topicIds: JSON.stringify(topicIds),
        minTopics: input.minTopics,
        updatedAt: now,
      },
      eq(intentClusters.id, id),
    );
    if (changed === 0) throw new AppError(404, 'not_found', 'No such cluster');
  }
  await recordAudit(deps, tenant, actor, {
    action: 'intent.cluster_saved',
    targetType: 'intent_cluster',
    targetId: id,
    summary: { topics: topicIds.length, minTopics: input.minTopics },
  });
  const saved = await tenant.first(intentClusters, eq(intentClusters.id, id));
  return clusterView(saved!);
}

export async function deleteIntentCluster(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  id: string,
): Promise<void> {
  const removed = await tenant.delete(intentClusters, eq(intentClusters.id, id));
  if (removed === 0) throw new AppError(404, 'not_found', 'No such cluster');
  await recordAudit(deps, tenant, actor, {
    action: 'intent.cluster_deleted',
    targetType: 'intent_cluster',
    targetId: id,
    summary: {},
  });
}

/** The latest week's most surging companies (with our contacts there) and topics. */
export async function surgingView(tenant: TenantDb, limit: number): Promise<SurgingView> {
  const settings = await tenant.first(bomboraSettings);
  const threshold = settings?.surgeThreshold ?? DEFAULT_SURGE_THRESHOLD;
  const orgId = tenant.orgId;
  const result = await tenant.withScopedQuery(async (db) => {
    const week = await db.$client.execute({
      sql: 'SELECT max(week) AS week FROM intent_signals WHERE org_id = ?',
      args: [orgId],
    });
    const latest = week.rows[0]?.week as string | null | undefined;
    if (!latest) return null;
    const [companies, topics] = await Promise.all([
      db.$client.execute({
        sql: `WITH s AS (SELECT domain, topic_id, score, delta FROM intent_signals
                         WHERE org_id = ?1 AND week = ?2 AND score >= ?3),
                   top AS (SELECT domain, count(*) AS n, max(score) AS top FROM s GROUP BY domain
                           ORDER BY n DESC, top DESC, domain LIMIT ?4)
              SELECT top.domain, top.n, top.top, co.name,
                (SELECT count(*) FROM contacts c WHERE c.org_id = ?1 AND c.company_domain = top.domain) AS contacts,
                (SELECT json_group_array(json_array(x.topic_id, t.name, x.score, x.delta)) FROM
                  (SELECT * FROM s WHERE s.domain = top.domain ORDER BY s.score DESC, s.topic_id LIMIT 3) x
                  LEFT JOIN intent_topics t ON t.id = x.topic_id) AS topics
              FROM top LEFT JOIN companies co ON co.org_id = ?1 AND co.domain = top.domain
              ORDER BY top.n DESC, top.top DESC, top.domain`,
        args: [orgId, latest, threshold, limit],
      }),
      db.$client.execute({
        sql: `SELECT s.topic_id, t.name, t.theme, t.category, count(*) AS n, avg(s.score) AS avg
              FROM intent_signals s LEFT JOIN intent_topics t ON t.id = s.topic_id
              WHERE s.org_id = ?1 AND s.week = ?2 AND s.score >= ?3
              GROUP BY s.topic_id ORDER BY n DESC, s.topic_id LIMIT ?4`,
        args: [orgId, latest, threshold, limit],
      }),
    ]);
    return { latest, companies, topics };
  });
  if (!result) return { week: null, threshold, companies: [], topics: [] };
  return {
    week: result.latest,
    threshold,
    companies: result.companies.rows.map((r) => ({
      domain: String(r.domain),
      name: r.name === null ? null : String(r.name),
      surgingTopics: Number(r.n),
      topScore: Number(r.top),
      contacts: Number(r.contacts),
      topTopics: (
        JSON.parse(String(r.topics)) as [string, string | null, number, number | null][]
      ).map(([id, name, score, delta]) => ({ id, name: name ?? id, score, delta })),
    })),
    topics: result.topics.rows.map((r) => ({
      id: String(r.topic_id),
      name: r.name === null ? String(r.topic_id) : String(r.name),
      theme: String(r.theme ?? ''),
      category: String(r.category ?? ''),
      surgingCompanies: Number(r.n),
      averageScore: Math.round(Number(r.avg)),
    })),
  };
}
