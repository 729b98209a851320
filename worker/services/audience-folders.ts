import { asc, count, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CreateFolderSchema,
  Folder,
  FolderNode,
  FolderTree,
  UpdateFolderSchema,
} from '../../core/contracts/audiences';
import { audienceFolders, audiences } from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';
import { recordAudit, type AuditActor } from './audit';

/*
 * Folders of audiences, any depth. Moving a folder into itself or below itself is refused;
 * deleting one moves its audiences and subfolders up to its parent.
 */

type ServiceDeps = Pick<Deps, 'now' | 'newId'>;
type FolderRow = typeof audienceFolders.$inferSelect;

const notFound = (): never => {
  throw new AppError(404, 'not_found', 'No such folder in this organisation');
};

async function loadFolder(tenant: TenantDb, id: string): Promise<FolderRow> {
  const row = await tenant.first(audienceFolders, eq(audienceFolders.id, id));
  return row ?? notFound();
}

const view = (row: FolderRow): Folder => ({ id: row.id, name: row.name, parentId: row.parentId });

export async function folderTree(tenant: TenantDb): Promise<FolderTree> {
  const [rows, counts] = await tenant.withScopedQuery((db, scope) =>
    Promise.all([
      db
        .select()
        .from(audienceFolders)
        .where(scope(audienceFolders))
        .orderBy(asc(audienceFolders.name)),
      db
        .select({ folderId: audiences.folderId, n: count() })
        .from(audiences)
        .where(scope(audiences))
        .groupBy(audiences.folderId),
    ]),
  );
  const countOf = new Map(counts.map((c) => [c.folderId, c.n]));
  const nodes = new Map<string, FolderNode>(
    rows.map((r) => [
      r.id,
      { ...view(r), audienceCount: countOf.get(r.id) ?? 0, children: [] as FolderNode[] },
    ]),
  );
  const roots: FolderNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return { folders: roots };
}

async function assertParent(tenant: TenantDb, parentId: string | null) {
  if (parentId && !(await tenant.first(audienceFolders, eq(audienceFolders.id, parentId))))
    throw new AppError(422, 'unknown_folder', 'No such parent folder in this organisation', {
      fieldErrors: { parentId: ['No such folder'] },
    });
}

export async function createFolder(
  deps: ServiceDeps,
  tenant: TenantDb,
  actor: AuditActor,
  input: z.output<typeof CreateFolderSchema>,
): Promise<Folder> {
  await assertParent(tenant, input.parentId);
  const id = deps.newId();
  const now = deps.now();
  await tenant.insert(audienceFolders, {
    id,
    name: input.name,
    parentId: input.parentId,
    createdAt: now,
    updatedAt: now,
  });
  await recordAudit(deps, tenant, actor, {
    action: 'audience_folder.created',
    targetType: 'audience_folder',
    targetId: id,
    summary: { parentId: input.parentId },
  });
  return { id, name: input.name, parentId: input.parentId };
}

/** Would making `parentId` the parent of `id` put the folder inside itself? */
async function wouldCycle(tenant: TenantDb, id: string, parentId: string): Promise<boolean> {
  const rows = await tenant.select(audienceFolders);
  const parentOf = new Map(rows.map((r) => [r.id, r.parentId]));
  const seen = new Set<string>();
  for (let at: string | null | undefined = parentId; at; at = parentOf.get(at)) {
    if (at === id) return true;
    if (seen.has(at)) return true; // an existing loop: refuse rather than deepen it
    seen.add(at);
  }
  return false;
}

export async function updateFolder(
  deps: ServiceDeps,
  tenant: TenantDb,
  actor: AuditActor,
  id: string,
  input: z.output<typeof UpdateFolderSchema>,
): Promise<Folder> {
  const row = await loadFolder(tenant, id);
  const set: Partial<typeof audienceFolders.$inferInsert> = {};
  if (input.name !== undefined && input.name !== row.name) set.name = input.name;
  if (input.parentId !== undefined && input.parentId !== row.parentId) {
    await assertParent(tenant, input.parentId);
    if (input.parentId && (await wouldCycle(tenant, id, input.parentId)))
      throw new AppError(
        409,
        'folder_cycle',
        'A folder cannot move into itself or one of its subfolders',
      );
    set.parentId = input.parentId;
  }
  if (!Object.keys(set).length) return view(row);
  await tenant.update(
    audienceFolders,
    { ...set, updatedAt: deps.now() },
    eq(audienceFolders.id, id),
  );
  await recordAudit(deps, tenant, actor, {
    action: set.parentId !== undefined ? 'audience_folder.moved' : 'audience_folder.renamed',
    targetType: 'audience_folder',
    targetId: id,
    summary: {
      changed: Object.keys(set),
      ...(set.parentId !== undefined ? { parentId: set.parentId } : {}),
    },
  });
  return view({ ...row, ...set } as FolderRow);
}

export async function deleteFolder(
  deps: ServiceDeps,
  tenant: TenantDb,
  actor: AuditActor,
  id: string,
): Promise<void> {
  const row = await loadFolder(tenant, id);
  const now = deps.now();
  const movedAudiences = await tenant.update(
    audiences,
    { folderId: row.parentId, updatedAt: now },
    eq(audiences.folderId, id),
  );
  const movedFolders = await tenant.update(
    audienceFolders,
    { parentId: row.parentId, updatedAt: now },
    eq(audienceFolders.parentId, id),
  );
  await tenant.delete(audienceFolders, eq(audienceFolders.id, id));
  await recordAudit(deps, tenant, actor, {
    action: 'audience_folder.deleted',
    targetType: 'audience_folder',
    targetId: id,
    summary: { movedTo: row.parentId, audiences: movedAudiences, folders: movedFolders },
  });
}
