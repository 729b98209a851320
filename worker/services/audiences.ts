import {
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNull,
  like,
  lt,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { z } from 'zod';
import {
  emptyDefinition,
  referencedAudiences,
  type Definition,
} from '../../core/audience/definition';
import type {
  Audience,
  AudienceList,
  AudienceListParams,
  AudienceSummary,
  CreateAudience,
  UpdateAudience,
} from '../../core/contracts/audiences';
import { CreateAudienceSchema, UpdateAudienceSchema } from '../../core/contracts/audiences';
import { audienceFolders, audiences, audienceTags, users } from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { AppError, isUniqueViolation } from '../lib/errors';
import { parseStoredDefinition, sizeOf } from './audience-engine';
import { templateDefinition } from './audience-templates';
import { recordAudit, type AuditActor } from './audit';

/*
 * Audiences: create (blank, from a template, or with a definition), read with issues and size,
 * update the name, description, folder, tags and draft definition, duplicate, archive, delete
 * (refused while another audience uses it), list with filters and cursor paging, tag counts.
 */

export type AudienceRow = typeof audiences.$inferSelect;
type ServiceDeps = Pick<Deps, 'now' | 'newId' | 'log'>;

function refuse(
  status: 400 | 404 | 409 | 422,
  code: string,
  message: string,
  details?: unknown,
): never {
  throw new AppError(status, code, message, details);
}

export const notFound = (): never =>
  refuse(404, 'not_found', 'No such audience in this organisation');

export async function loadAudience(tenant: TenantDb, id: string): Promise<AudienceRow> {
  const row = await tenant.first(audiences, eq(audiences.id, id));
  if (!row) notFound();
  return row!;
}

const nameTaken = (name: string): never =>
  refuse(409, 'name_taken', `There is already an audience called “${name}”`, {
    fieldErrors: { name: ['Another audience has this name'] },
  });

async function assertFolder(tenant: TenantDb, folderId: string | null | undefined) {
  if (!folderId) return;
  const folder = await tenant.first(audienceFolders, eq(audienceFolders.id, folderId));
  if (!folder)
    refuse(422, 'unknown_folder', 'No such folder in this organisation', {
      fieldErrors: { folderId: ['No such folder'] },
    });
}

async function tagsOf(tenant: TenantDb, ids: string[]): Promise<Map<string, string[]>> {
  const byAudience = new Map<string, string[]>();
  if (!ids.length) return byAudience;
  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select({ audienceId: audienceTags.audienceId, tag: audienceTags.tag })
      .from(audienceTags)
      .where(scope(audienceTags, inArray(audienceTags.audienceId, ids)))
      .orderBy(asc(audienceTags.tag)),
  );
  for (const row of rows)
    byAudience.set(row.audienceId, [...(byAudience.get(row.audienceId) ?? []), row.tag]);
  return byAudience;
}

async function setTags(tenant: TenantDb, audienceId: string, tags: string[]) {
  await tenant.delete(audienceTags, eq(audienceTags.audienceId, audienceId));
  for (const tag of tags) await tenant.insert(audienceTags, { audienceId, tag });
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function summaryOf(
  row: AudienceRow,
  tags: string[],
  creatorName: string | null | undefined,
): AudienceSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status,
    folderId: row.folderId,
    tags,
    version: row.version,
    lastSize: row.lastSize,
    lastCountedAt: iso(row.lastCountedAt),
    createdBy: row.createdBy ? { id: row.createdBy, name: creatorName ?? 'Former member' } : null,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    archivedAt: iso(row.archivedAt),
  };
}

export async function userNameOf(tenant: TenantDb, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  // Users are not tenant data; a creator is always a member (or a former one) of this organisation.
  const rows = await tenant.withScopedQuery((db) =>
    db.select({ name: users.name }).from(users).where(eq(users.id, userId)),
  );
  return rows[0]?.name ?? null;
}

/** Audiences whose draft definitions use `id` (a text pre-filter, then the parsed tree decides). */
export async function audiencesUsing(tenant: TenantDb, id: string) {
  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select({ id: audiences.id, name: audiences.name, definition: audiences.definition })
      .from(audiences)
      .where(scope(audiences, like(audiences.definition, `%${id}%`)))
      .orderBy(asc(audiences.name)),
  );
  return rows
    .filter(
      (r) => r.id !== id && referencedAudiences(parseStoredDefinition(r.definition)).includes(id),
    )
    .map((r) => ({ id: r.id, name: r.name }));
}

/** The draft's size: counted (or cached), and remembered on the row as the last size. */
export async function draftSize(deps: ServiceDeps, tenant: TenantDb, row: AudienceRow) {
  const size = await sizeOf(deps, tenant, parseStoredDefinition(row.definition), {
    audienceId: row.id,
  });
  if (size.total !== null && size.total !== row.lastSize)
    await tenant.update(
      audiences,
      { lastSize: size.total, lastCountedAt: Date.parse(size.countedAt) },
      eq(audiences.id, row.id),
    );
  return size;
}

export async function getAudience(
  deps: ServiceDeps,
  tenant: TenantDb,
  id: string,
): Promise<Audience> {
  const row = await loadAudience(tenant, id);
  const [size, tags, usedBy, creator] = await Promise.all([
    draftSize(deps, tenant, row),
    tagsOf(tenant, [id]),
    audiencesUsing(tenant, id),
    userNameOf(tenant, row.createdBy),
  ]);
  const fresh =
    size.total !== null
      ? { ...row, lastSize: size.total, lastCountedAt: Date.parse(size.countedAt) }
      : row;
  return {
    ...summaryOf(fresh, tags.get(id) ?? [], creator),
    definition: parseStoredDefinition(row.definition),
    size,
    usedBy,
  };
}

async function startingDefinition(
  deps: ServiceDeps,
  tenant: TenantDb,
  input: z.output<typeof CreateAudienceSchema>,
): Promise<Definition> {
  if (input.definition) return input.definition;
  if (input.templateId) return templateDefinition(deps, tenant, input.templateId);
  return emptyDefinition(deps.newId());
}

export async function createAudience(
  deps: ServiceDeps,
  tenant: TenantDb,
  actor: AuditActor,
  userId: string | null,
  raw: CreateAudience,
): Promise<Audience> {
  const input = CreateAudienceSchema.parse(raw);
  await assertFolder(tenant, input.folderId);
  const definition = await startingDefinition(deps, tenant, input);
  const id = deps.newId();
  await insertAudience(deps, tenant, {
    id,
    name: input.name,
    description: input.description ?? null,
    folderId: input.folderId ?? null,
    definition,
    userId,
    tags: input.tags ?? [],
  });
  await recordAudit(deps, tenant, actor, {
    action: 'audience.created',
    targetType: 'audience',
    targetId: id,
    summary: {
      from: input.templateId ? 'template' : input.definition ? 'definition' : 'blank',
      ...(input.templateId ? { templateId: input.templateId } : {}),
    },
  });
  return getAudience(deps, tenant, id);
}

async function insertAudience(
  deps: ServiceDeps,
  tenant: TenantDb,
  a: {
    id: string;
    name: string;
    description: string | null;
    folderId: string | null;
    definition: Definition;
    userId: string | null;
    tags: string[];
  },
) {
  const now = deps.now();
  try {
    await tenant.insert(audiences, {
      id: a.id,
      name: a.name,
      description: a.description,
      folderId: a.folderId,
      definition: JSON.stringify(a.definition),
      createdBy: a.userId,
      updatedBy: a.userId,
      createdAt: now,
      updatedAt: now,
    });
  } catch (error) {
    if (isUniqueViolation(error)) nameTaken(a.name);
    throw error;
  }
  await setTags(tenant, a.id, a.tags);
}

export async function updateAudience(
  deps: ServiceDeps,
  tenant: TenantDb,
  actor: AuditActor,
  userId: string | null,
  id: string,
  raw: UpdateAudience,
): Promise<Audience> {
  const input = UpdateAudienceSchema.parse(raw);
  const row = await loadAudience(tenant, id);
  if (input.folderId !== undefined) await assertFolder(tenant, input.folderId);
  const set: Partial<typeof audiences.$inferInsert> = {};
  const changed: string[] = [];
  if (input.name !== undefined && input.name !== row.name) {
    set.name = input.name;
    changed.push('name');
  }
  if (input.description !== undefined && input.description !== row.description) {
    set.description = input.description;
    changed.push('description');
  }
  if (input.folderId !== undefined && input.folderId !== row.folderId) {
    set.folderId = input.folderId;
    changed.push('folder');
  }
  if (input.definition !== undefined) {
    const json = JSON.stringify(input.definition);
    if (json !== row.definition) {
      set.definition = json;
      changed.push('definition');
    }
  }
  if (Object.keys(set).length) {
    try {
      await tenant.update(
        audiences,
        { ...set, updatedAt: deps.now(), updatedBy: userId },
        eq(audiences.id, id),
      );
    } catch (error) {
      if (isUniqueViolation(error)) nameTaken(input.name ?? row.name);
      throw error;
    }
  }
  if (input.tags !== undefined) {
    const before = (await tagsOf(tenant, [id])).get(id) ?? [];
    if ([...before].sort().join('\u0000') !== [...input.tags].sort().join('\u0000')) {
      await setTags(tenant, id, input.tags);
      changed.push('tags');
      if (!Object.keys(set).length)
        await tenant.update(
          audiences,
          { updatedAt: deps.now(), updatedBy: userId },
          eq(audiences.id, id),
        );
    }
  }
  if (changed.length)
    await recordAudit(deps, tenant, actor, {
      action: 'audience.updated',
      targetType: 'audience',
      targetId: id,
      summary: { changed },
    });
  return getAudience(deps, tenant, id);
}

/** "<name> (copy)", then "(copy 2)", "(copy 3)" … — the first that is free. */
async function copyName(tenant: TenantDb, name: string): Promise<string> {
  const base = `${name.slice(0, 100)} (copy`;
  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select({ name: audiences.name })
      .from(audiences)
      .where(scope(audiences, sql`substr(${audiences.name}, 1, ${base.length}) = ${base}`)),
  );
  const taken = new Set(rows.map((r) => r.name));
  if (!taken.has(`${base})`)) return `${base})`;
  for (let n = 2; ; n++) if (!taken.has(`${base} ${n})`)) return `${base} ${n})`;
}

export async function duplicateAudience(
  deps: ServiceDeps,
  tenant: TenantDb,
  actor: AuditActor,
  userId: string | null,
  id: string,
): Promise<Audience> {
  const row = await loadAudience(tenant, id);
  const tags = (await tagsOf(tenant, [id])).get(id) ?? [];
  const copyId = deps.newId();
  await insertAudience(deps, tenant, {
    id: copyId,
    name: await copyName(tenant, row.name),
    description: row.description,
    folderId: row.folderId,
    definition: parseStoredDefinition(row.definition),
    userId,
    tags,
  });
  await recordAudit(deps, tenant, actor, {
    action: 'audience.duplicated',
    targetType: 'audience',
    targetId: copyId,
    summary: { from: id },
  });
  return getAudience(deps, tenant, copyId);
}

/** Archive or bring back; asking for the state it is already in changes nothing. */
export async function setArchived(
  deps: ServiceDeps,
  tenant: TenantDb,
  actor: AuditActor,
  userId: string | null,
  id: string,
  archived: boolean,
): Promise<Audience> {
  const row = await loadAudience(tenant, id);
  const status = archived ? 'archived' : 'active';
  if (row.status !== status) {
    const now = deps.now();
    await tenant.update(
      audiences,
      { status, archivedAt: archived ? now : null, updatedAt: now, updatedBy: userId },
      and(eq(audiences.id, id), eq(audiences.status, row.status)),
    );
    await recordAudit(deps, tenant, actor, {
      action: archived ? 'audience.archived' : 'audience.unarchived',
      targetType: 'audience',
      targetId: id,
      summary: {},
    });
  }
  return getAudience(deps, tenant, id);
}

export async function deleteAudience(
  deps: ServiceDeps,
  tenant: TenantDb,
  actor: AuditActor,
  id: string,
): Promise<void> {
  const row = await loadAudience(tenant, id);
  const usedBy = await audiencesUsing(tenant, id);
  if (usedBy.length)
    refuse(
      409,
      'in_use',
      `“${row.name}” is used by ${usedBy.map((a) => `“${a.name}”`).join(', ')}; remove it from ${usedBy.length === 1 ? 'that audience' : 'those audiences'} first`,
      { usedBy },
    );
  await tenant.delete(audiences, eq(audiences.id, id));
  await recordAudit(deps, tenant, actor, {
    action: 'audience.deleted',
    targetType: 'audience',
    targetId: id,
    summary: { version: row.version },
  });
}

const CursorSchema = z.object({ t: z.number().int(), id: z.string().max(100) });
const encodeCursor = (c: z.infer<typeof CursorSchema>) => btoa(JSON.stringify(c));
function decodeCursor(value: string) {
  try {
    return CursorSchema.parse(JSON.parse(atob(value)));
  } catch {
    return refuse(
      400,
      'invalid_cursor',
      'This page cursor is not valid; start from the first page',
    );
  }
}

export async function listAudiences(
  tenant: TenantDb,
  query: AudienceListParams,
): Promise<AudienceList> {
  const conditions: SQL[] = [];
  if (query.q)
    // Search text is literal: its % and _ are escaped, which SQLite honours only with ESCAPE.
    conditions.push(
      sql`${audiences.name} LIKE ${`%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`,
    );
  if (query.status !== 'all') conditions.push(eq(audiences.status, query.status));
  if (query.folder === 'none') conditions.push(isNull(audiences.folderId));
  else if (query.folder) conditions.push(eq(audiences.folderId, query.folder));
  if (query.tag)
    conditions.push(
      sql`EXISTS (SELECT 1 FROM audience_tags t WHERE t.org_id = ${audiences.orgId}
            AND t.audience_id = ${audiences.id} AND t.tag = ${query.tag})`,
    );
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    conditions.push(
      or(lt(audiences.updatedAt, c.t), and(eq(audiences.updatedAt, c.t), lt(audiences.id, c.id)))!,
    );
  }
  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select({ audience: audiences, creatorName: users.name })
      .from(audiences)
      .leftJoin(users, eq(users.id, audiences.createdBy))
      .where(scope(audiences, conditions.length ? and(...conditions) : undefined))
      .orderBy(desc(audiences.updatedAt), desc(audiences.id))
      .limit(query.limit + 1),
  );
  const page = rows.slice(0, query.limit);
  const tags = await tagsOf(
    tenant,
    page.map((r) => r.audience.id),
  );
  const last = page[page.length - 1];
  return {
    audiences: page.map((r) => summaryOf(r.audience, tags.get(r.audience.id) ?? [], r.creatorName)),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ t: last.audience.updatedAt, id: last.audience.id })
        : null,
  };
}

export async function tagCounts(tenant: TenantDb) {
  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select({ tag: audienceTags.tag, count: count() })
      .from(audienceTags)
      .where(scope(audienceTags))
      .groupBy(audienceTags.tag)
      .orderBy(desc(count()), asc(audienceTags.tag)),
  );
  return { tags: rows };
}
