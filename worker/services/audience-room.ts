import { eq } from 'drizzle-orm';
import type { Definition } from '../../core/audience/definition';
import { audiences } from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import type { AuditActor } from './audit';
import { parseStoredDefinition, sizeOf } from './audience-engine';
import { saveVersion } from './audience-versions';

/*
 * What an AudienceRoom needs from Turso: the draft to start from, autosaving the draft back, its
 * sizes (the engine's all-node count), and saving an immutable version.
 */

type RoomDeps = Pick<Deps, 'now' | 'newId' | 'log'>;

/** The audience's stored draft, or null when the audience does not exist in this organisation. */
export async function loadDraft(tenant: TenantDb, audienceId: string): Promise<Definition | null> {
  const row = await tenant.first(audiences, eq(audiences.id, audienceId));
  return row ? parseStoredDefinition(row.definition) : null;
}

/** Autosave: the room's draft becomes the audience's draft. False when the audience is gone. */
export async function writeDraft(
  deps: RoomDeps,
  tenant: TenantDb,
  audienceId: string,
  definition: Definition,
  userId: string | null,
): Promise<boolean> {
  const rows = await tenant.update(
    audiences,
    { definition: JSON.stringify(definition), updatedAt: deps.now(), updatedBy: userId },
    eq(audiences.id, audienceId),
  );
  return rows > 0;
}

export function draftSizes(
  deps: RoomDeps,
  tenant: TenantDb,
  audienceId: string,
  definition: Definition,
) {
  return sizeOf(deps, tenant, definition, { audienceId });
}

/** Writes the room's draft, then saves it as a version (validated; 422 with issues if invalid). */
export async function saveRoomVersion(
  deps: RoomDeps,
  tenant: TenantDb,
  actor: AuditActor,
  userId: string | null,
  audienceId: string,
  definition: Definition,
  note: string | undefined,
) {
  await writeDraft(deps, tenant, audienceId, definition, userId);
  return saveVersion(deps, tenant, actor, userId, audienceId, note);
}
