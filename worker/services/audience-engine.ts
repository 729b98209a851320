import { createHash } from 'node:crypto';
import { and, count, eq, gte, inArray, lt, max } from 'drizzle-orm';
import { definitionHash, stableJson } from '../../core/audience/canonical';
import {
  compileCount,
  compileMembers,
  compileNodeSizes,
  compileOverlap,
  type SqlQuery,
} from '../../core/audience/compile-sql';
import {
  DefinitionSchema,
  MAX_AUDIENCE_DEPTH,
  referencedAudiences,
  walk,
  type AudienceNode,
  type Definition,
} from '../../core/audience/definition';
import type { EngineContext, NodeSizes } from '../../core/audience/evaluate';
import { expandAudienceRefs } from '../../core/audience/expand';
import { fieldCatalog, type FieldCatalog } from '../../core/audience/field-catalog';
import { validateDefinition, type NodeIssue } from '../../core/audience/validate';
import type { SizeResult } from '../../core/contracts/audiences';
import { ProcessUploadSchema } from '../../core/contracts/uploads';
import {
  audienceQueries,
  audiences,
  audienceSizeCache,
  contacts,
  intentSignals,
  intentTopics,
  uploads,
} from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import type { Logger } from '../lib/log';
import { dataVersionOf } from './data-version';

/*
 * The engine runner: everything the pure audience engine in core needs from the organisation
 * (its field catalog, lists, intent topics and latest intent week, the audiences a definition
 * refers to), validation, and counting through the size cache. Every count and materialisation is
 * recorded in `audience_queries` for the stats and slow-query views.
 */

/** A subset of `Deps`, spelled out so Node-side tools (the audience bench) can use the runner. */
type EngineDeps = { now: () => number; log: Logger };

export type QueryKind = (typeof audienceQueries.$inferInsert)['kind'];

const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest());
const HOUR_MS = 60 * 60 * 1000;
/** A chain of references never loads more than this many audiences (depth is limited anyway). */
const MAX_REFERENCED = 200;

/** What the engine knows about an organisation's data. */
export interface OrgData {
  catalog: FieldCatalog;
  /** Upload id → name: the lists a definition can refer to. */
  lists: Map<string, string>;
  /** Topic id → name; null while no intent taxonomy has been loaded (topics are not checked). */
  topics: Map<string, string> | null;
  latestIntentWeek: string | null;
  dataVersion: number;
}

/** Custom attributes are the unmapped columns that uploads chose to keep, by their header. */
function customKeysOf(rows: Array<{ settings: string | null; headers: string | null }>): string[] {
  const keys = new Set<string>();
  for (const row of rows) {
    if (!row.settings || !row.headers) continue;
    const settings = ProcessUploadSchema.safeParse(JSON.parse(row.settings));
    if (!settings.success || !settings.data.options.keepUnmapped) continue;
    const headers = JSON.parse(row.headers) as unknown;
    if (!Array.isArray(headers)) continue;
    headers.forEach((header, i) => {
      if (typeof header === 'string' && settings.data.mapping[i] === null) keys.add(header);
    });
  }
  return [...keys];
}

export async function loadOrgData(tenant: TenantDb): Promise<OrgData> {
  const [lists, topics, week, dataVersion] = await tenant.withScopedQuery((db, scope) =>
    Promise.all([
      db
        .select({
          id: uploads.id,
          name: uploads.name,
          settings: uploads.settings,
          headers: uploads.headers,
        })
        .from(uploads)
        .where(scope(uploads)),
      // The taxonomy is reference data shared by every organisation.
      db.select({ id: intentTopics.id, name: intentTopics.name }).from(intentTopics),
      db
        .select({ week: max(intentSignals.week) })
        .from(intentSignals)
        .where(scope(intentSignals)),
      dataVersionOf(tenant),
    ]),
  );
  return {
    catalog: fieldCatalog(customKeysOf(lists)),
    lists: new Map(lists.map((l) => [l.id, l.name])),
    topics: topics.length ? new Map(topics.map((t) => [t.id, t.name])) : null,
    latestIntentWeek: week[0]?.week ?? null,
    dataVersion,
  };
}

export function parseStoredDefinition(json: string): Definition {
  return DefinitionSchema.parse(JSON.parse(json));
}

/**
 * The audiences these definitions refer to, and those they refer to, and so on (their current
 * definitions, as the editor shows them). Unknown ids are simply absent: validation reports them.
 */
export async function loadReferencedAudiences(
  tenant: TenantDb,
  definitions: Definition[],
  known: Map<string, Definition> = new Map(),
): Promise<Map<string, Definition>> {
  const found = new Map(known);
  let wanted = [...new Set(definitions.flatMap(referencedAudiences))].filter(
    (id) => !found.has(id),
  );
  for (let depth = 0; wanted.length && depth <= MAX_AUDIENCE_DEPTH + 1; depth++) {
    if (found.size >= MAX_REFERENCED) break;
    const rows = await tenant.withScopedQuery((db, scope) =>
      db
        .select({ id: audiences.id, definition: audiences.definition })
        .from(audiences)
        .where(scope(audiences, inArray(audiences.id, wanted))),
    );
    const next: Definition[] = [];
    for (const row of rows) {
      const definition = parseStoredDefinition(row.definition);
      found.set(row.id, definition);
      next.push(definition);
    }
    wanted = [...new Set(next.flatMap(referencedAudiences))].filter((id) => !found.has(id));
  }
  return found;
}

export interface Prepared {
  data: OrgData;
  audiences: Map<string, Definition>;
  ctx: EngineContext;
}

export async function prepare(
  deps: EngineDeps,
  tenant: TenantDb,
  definitions: Definition[],
  data?: OrgData,
): Promise<Prepared> {
  const org = data ?? (await loadOrgData(tenant));
  const referenced = await loadReferencedAudiences(tenant, definitions);
  return {
    data: org,
    audiences: referenced,
    ctx: {
      now: deps.now(),
      latestIntentWeek: org.latestIntentWeek,
      catalog: org.catalog,
      audiences: referenced,
    },
  };
}

export function validate(
  prepared: Prepared,
  definition: Definition,
  audienceId?: string,
): NodeIssue[] {
  return validateDefinition(definition, {
    catalog: prepared.data.catalog,
    listIds: new Set(prepared.data.lists.keys()),
    topicIds: prepared.data.topics ? new Set(prepared.data.topics.keys()) : null,
    ...(audienceId ? { audienceId } : {}),
    audiences: prepared.audiences,
  });
}

/** The canonical hash of a definition with its audience references expanded. */
export function hashOf(prepared: Prepared, definition: Definition): string {
  return definitionHash(expandAudienceRefs(definition, prepared.audiences), sha256);
}

/**
 * The size-cache key: `<meaning>:<layout>`. The meaning is the canonical hash of the expanded
 * definition, plus the hour for relative dates ("within the last 30 days" moves with the clock)
 * and the intent week for intent conditions. The canonical form drops node ids and reorders
 * children, but node sizes are reported per node id — so the layout (a hash of this very tree,
 * ids included) completes the key. A total only needs the meaning (`totalOf` looks up by prefix).
 */
function cacheKey(prepared: Prepared, definition: Definition): { key: string; meaning: string } {
  const expanded = expandAudienceRefs(definition, prepared.audiences);
  let relative = false;
  let intent = false;
  for (const { node } of walk(expanded.root)) {
    if (node.kind === 'rule' && node.op === 'within_last') relative = true;
    if (node.kind === 'intent') intent = true;
  }
  let meaning = definitionHash(expanded, sha256);
  if (relative) meaning += `:h${Math.floor(prepared.ctx.now / HOUR_MS)}`;
  if (intent) meaning += `:w${prepared.data.latestIntentWeek ?? 'none'}`;
  const layout = createHash('sha256').update(stableJson(definition)).digest('hex').slice(0, 16);
  return { key: `${meaning}:${layout}`, meaning };
}

// ------------------------------------------------------------------------------------------------
// Caches in front of Turso: sizes (exact per data version) and the contact count per data version.

interface Cached {
  sizes: NodeSizes;
  countedAt: number;
}
const LRU_MAX = 1000;
const lru = new Map<string, Cached>();
function lruGet(key: string): Cached | undefined {
  const hit = lru.get(key);
  if (hit) {
    lru.delete(key);
    lru.set(key, hit);
  }
  return hit;
}
function lruSet(key: string, value: Cached) {
  lru.set(key, value);
  if (lru.size > LRU_MAX) lru.delete(lru.keys().next().value!);
}

const contactCounts = new Map<string, { dataVersion: number; n: number }>();

/** How many contacts a query over the organisation scans: all of them, per data version. */
export async function contactCountOf(tenant: TenantDb, dataVersion: number): Promise<number> {
  const known = contactCounts.get(tenant.orgId);
  if (known && known.dataVersion === dataVersion) return known.n;
  const rows = await tenant.withScopedQuery((db, scope) =>
    db.select({ n: count() }).from(contacts).where(scope(contacts)),
  );
  const n = rows[0]?.n ?? 0;
  contactCounts.set(tenant.orgId, { dataVersion, n });
  return n;
}

export async function execute(tenant: TenantDb, query: SqlQuery) {
  const result = await tenant.withScopedQuery((db) =>
    db.$client.execute({ sql: query.sql, args: query.args as never }),
  );
  return result.rows as unknown as Array<Record<string, unknown>>;
}

export interface QueryLog {
  audienceId: string | null;
  kind: QueryKind;
  hash: string;
  cacheHit: boolean;
  durationMs: number;
  rowsExamined: number;
  rowsReturned: number;
}

export async function logQuery(deps: EngineDeps, tenant: TenantDb, entry: QueryLog) {
  await tenant.insert(audienceQueries, { ...entry, at: deps.now() });
}

// ------------------------------------------------------------------------------------------------

interface Measured {
  sizes: NodeSizes;
  cached: boolean;
  durationMs: number;
  countedAt: number;
}

/** Node sizes of a valid definition, through the in-isolate LRU and the Turso size cache. */
async function measure(
  deps: EngineDeps,
  tenant: TenantDb,
  prepared: Prepared,
  definition: Definition,
  audienceId: string | null,
): Promise<Measured> {
  const started = Date.now();
  const { dataVersion } = prepared.data;
  const { key } = cacheKey(prepared, definition);
  const lruKey = `${tenant.orgId}\u0000${key}\u0000${dataVersion}`;
  let hit = lruGet(lruKey);
  if (!hit) {
    const row = await tenant.first(audienceSizeCache, eq(audienceSizeCache.key, key));
    if (row && row.dataVersion === dataVersion) {
      hit = { sizes: JSON.parse(row.result) as NodeSizes, countedAt: row.createdAt };
      lruSet(lruKey, hit);
    }
  }
  if (hit) {
    const durationMs = Date.now() - started;
    await logQuery(deps, tenant, {
      audienceId,
      kind: 'nodes',
      hash: key,
      cacheHit: true,
      durationMs,
      rowsExamined: 0,
      rowsReturned: 1,
    });
    return { ...hit, cached: true, durationMs };
  }

  const compiled = compileNodeSizes(tenant.orgId, definition, prepared.ctx);
  const queryStarted = Date.now();
  const [row] = await execute(tenant, compiled.query);
  const durationMs = Date.now() - queryStarted;
  const nodes: NodeSizes['nodes'] = {};
  for (const { nodeId, measure: kind, column } of compiled.columns) {
    const value = Number(row?.[column] ?? 0);
    const entry = (nodes[nodeId] ??= { size: 0 });
    if (kind === 'size') entry.size = value;
    else entry.removed = value;
  }
  const sizes: NodeSizes = { total: nodes[definition.root.id]?.size ?? 0, nodes };
  const countedAt = deps.now();
  await tenant.withScopedQuery((db) =>
    db
      .insert(audienceSizeCache)
      .values({
        orgId: tenant.orgId,
        key,
        dataVersion,
        result: JSON.stringify(sizes),
        durationMs,
        createdAt: countedAt,
      })
      .onConflictDoUpdate({
        target: [audienceSizeCache.orgId, audienceSizeCache.key],
        set: { dataVersion, result: JSON.stringify(sizes), durationMs, createdAt: countedAt },
      }),
  );
  lruSet(lruKey, { sizes, countedAt });
  await logQuery(deps, tenant, {
    audienceId,
    kind: 'nodes',
    hash: key,
    cacheHit: false,
    durationMs,
    rowsExamined: await contactCountOf(tenant, dataVersion),
    rowsReturned: 1,
  });
  return { sizes, cached: false, durationMs: Date.now() - started, countedAt };
}

/**
 * The subtrees that have no issues in themselves or below, as large as possible. Issues naming
 * no node of the tree count against the root.
 */
function cleanSubtrees(definition: Definition, issues: NodeIssue[]): AudienceNode[] {
  const bad = new Set(issues.map((i) => i.nodeId));
  const ids = new Set([...walk(definition.root)].map(({ node }) => node.id));
  if ([...bad].some((id) => !ids.has(id))) bad.add(definition.root.id);
  const dirty = new Set<string>();
  const mark = (node: AudienceNode): boolean => {
    let isDirty = bad.has(node.id);
    if (node.kind === 'group') for (const child of node.children) isDirty = mark(child) || isDirty;
    if (isDirty) dirty.add(node.id);
    return isDirty;
  };
  mark(definition.root);
  const clean: AudienceNode[] = [];
  const collect = (node: AudienceNode) => {
    if (!dirty.has(node.id)) clean.push(node);
    else if (node.kind === 'group') node.children.forEach(collect);
  };
  collect(definition.root);
  return clean;
}

export interface SizeOptions {
  /** The audience the definition belongs to (self-reference checks, the query log). */
  audienceId?: string | undefined;
}

/**
 * Validates and counts a definition. Valid: every node's size and the total. With issues: the
 * issues, and the sizes of the subtrees without issues (counted together in one query as the
 * children of a synthetic OR, whose own figures are dropped).
 */
export async function sizeOf(
  deps: EngineDeps,
  tenant: TenantDb,
  definition: Definition,
  options: SizeOptions = {},
  preparedIn?: Prepared,
): Promise<SizeResult> {
  const prepared = preparedIn ?? (await prepare(deps, tenant, [definition]));
  const issues = validate(prepared, definition, options.audienceId);
  const audienceId = options.audienceId ?? null;
  const base = { dataVersion: prepared.data.dataVersion, issues };
  if (!issues.length) {
    const measured = await measure(deps, tenant, prepared, definition, audienceId);
    return {
      ...base,
      valid: true,
      total: measured.sizes.total,
      nodes: measured.sizes.nodes,
      cached: measured.cached,
      durationMs: measured.durationMs,
      countedAt: new Date(measured.countedAt).toISOString(),
    };
  }
  const clean = cleanSubtrees(definition, issues);
  if (!clean.length)
    return {
      ...base,
      valid: false,
      total: null,
      nodes: {},
      cached: false,
      durationMs: 0,
      countedAt: new Date(deps.now()).toISOString(),
    };
  const used = new Set([...walk(definition.root)].map(({ node }) => node.id));
  let rootId = 'partial';
  while (used.has(rootId)) rootId = `${rootId}_`;
  const partial: Definition = {
    version: definition.version,
    root: { id: rootId, kind: 'group', op: 'or', children: clean },
  };
  const measured = await measure(deps, tenant, prepared, partial, audienceId);
  const nodes: SizeResult['nodes'] = {};
  const tops = new Set(clean.map((n) => n.id));
  for (const [id, entry] of Object.entries(measured.sizes.nodes)) {
    if (id === rootId) continue;
    // A top clean subtree's "removed" was relative to the synthetic OR: meaningless.
    nodes[id] = tops.has(id) ? { size: entry.size } : entry;
  }
  return {
    ...base,
    valid: false,
    total: null,
    nodes,
    cached: measured.cached,
    durationMs: measured.durationMs,
    countedAt: new Date(measured.countedAt).toISOString(),
  };
}

/**
 * The total only (the daily recount): a size-cache hit when the definition was counted on this
 * data version, else the cheaper count query. Assumes a valid definition.
 */
export async function totalOf(
  deps: EngineDeps,
  tenant: TenantDb,
  prepared: Prepared,
  definition: Definition,
  audienceId: string,
): Promise<number> {
  const started = Date.now();
  const { meaning } = cacheKey(prepared, definition);
  const { dataVersion } = prepared.data;
  // Any layout of the same meaning counted on this data version has the right total.
  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select({ result: audienceSizeCache.result })
      .from(audienceSizeCache)
      .where(
        scope(
          audienceSizeCache,
          and(
            gte(audienceSizeCache.key, `${meaning}:`),
            lt(audienceSizeCache.key, `${meaning};`),
            eq(audienceSizeCache.dataVersion, dataVersion),
          ),
        ),
      )
      .limit(1),
  );
  const cached = rows[0] ? (JSON.parse(rows[0].result) as NodeSizes) : null;
  if (cached) {
    await logQuery(deps, tenant, {
      audienceId,
      kind: 'count',
      hash: meaning,
      cacheHit: true,
      durationMs: Date.now() - started,
      rowsExamined: 0,
      rowsReturned: 1,
    });
    return cached.total;
  }
  const [row] = await execute(tenant, compileCount(tenant.orgId, definition, prepared.ctx));
  const total = Number(row?.n ?? 0);
  await logQuery(deps, tenant, {
    audienceId,
    kind: 'count',
    hash: meaning,
    cacheHit: false,
    durationMs: Date.now() - started,
    rowsExamined: await contactCountOf(tenant, dataVersion),
    rowsReturned: 1,
  });
  return total;
}

/** One page of member ids in id order (keyset paging), logged as `kind`. */
export async function memberIds(
  deps: EngineDeps,
  tenant: TenantDb,
  prepared: Prepared,
  definition: Definition,
  page: { afterId: number; limit: number },
  log: { audienceId: string; kind: 'members' } | null,
): Promise<number[]> {
  const started = Date.now();
  const rows = await execute(tenant, compileMembers(tenant.orgId, definition, prepared.ctx, page));
  const ids = rows.map((r) => Number(r.id));
  if (log)
    await logQuery(deps, tenant, {
      audienceId: log.audienceId,
      kind: log.kind,
      hash: hashOf(prepared, definition),
      cacheHit: false,
      durationMs: Date.now() - started,
      rowsExamined: await contactCountOf(tenant, prepared.data.dataVersion),
      rowsReturned: ids.length,
    });
  return ids;
}

/** People per region of the Venn diagram of `definitions` (bit i = in definition i). */
export async function overlapRegions(
  deps: EngineDeps,
  tenant: TenantDb,
  prepared: Prepared,
  definitions: Definition[],
): Promise<{ regions: Map<number, number>; durationMs: number }> {
  const started = Date.now();
  const rows = await execute(tenant, compileOverlap(tenant.orgId, definitions, prepared.ctx));
  const regions = new Map<number, number>();
  for (const row of rows) {
    const mask = Number(row.region);
    if (mask) regions.set(mask, Number(row.n));
  }
  const durationMs = Date.now() - started;
  await logQuery(deps, tenant, {
    audienceId: null,
    kind: 'overlap',
    hash: definitions.map((d) => hashOf(prepared, d)).join('+'),
    cacheHit: false,
    durationMs,
    rowsExamined: await contactCountOf(tenant, prepared.data.dataVersion),
    rowsReturned: rows.length,
  });
  return { regions, durationMs };
}

/** Names for the text form: lists, audiences and topics, both ways. */
export async function nameResolver(tenant: TenantDb, data: OrgData) {
  const rows = await tenant.withScopedQuery((db, scope) =>
    db.select({ id: audiences.id, name: audiences.name }).from(audiences).where(scope(audiences)),
  );
  const audienceNames = new Map(rows.map((r) => [r.id, r.name]));
  const idsByName = (map: Map<string, string>) => {
    const index = new Map<string, string[]>();
    for (const [id, name] of map) {
      const key = name.trim().toLowerCase();
      index.set(key, [...(index.get(key) ?? []), id]);
    }
    return (name: string) => index.get(name.trim().toLowerCase()) ?? [];
  };
  const topics = data.topics ?? new Map<string, string>();
  return {
    listName: (id: string) => data.lists.get(id),
    listIdsByName: idsByName(data.lists),
    audienceName: (id: string) => audienceNames.get(id),
    audienceIdsByName: idsByName(audienceNames),
    topicName: (id: string) => topics.get(id),
    topicIdsByName: idsByName(topics),
  };
}

/** For tests: forget the in-isolate caches. */
export function clearEngineCaches() {
  lru.clear();
  contactCounts.clear();
}
