import { and, asc, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Definition } from '../../core/audience/definition';
import { diffDefinitions } from '../../core/audience/diff';
import type { DiffSchema, Version, VersionSummarySchema } from '../../core/contracts/audiences';
import { audiences, audienceSizePoints, audienceVersions, users } from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';
import {
  hashOf,
  loadOrgData,
  nameResolver,
  parseStoredDefinition,
  prepare,
  sizeOf,
} from './audience-engine';
import { loadAudience, userNameOf, type AudienceRow } from './audiences';
import { recordAudit, type AuditActor } from './audit';

/*
 * Versions: immutable snapshots of a valid definition with its canonical hash, size, author and
 * note. Saving an invalid draft is refused with its issues; restoring makes a new version from an
 * old one and replaces the draft. Each version adds a point to the size history.
 */

type ServiceDeps = Pick<Deps, 'now' | 'newId' | 'log'>;
type VersionRow = typeof audienceVersions.$inferSelect;

const noVersion = (): never => {
  throw new AppError(404, 'not_found', 'No such version of this audience');
};

function summaryOf(
  row: VersionRow,
  authorName: string | null,
): z.infer<typeof VersionSummarySchema> {
  return {
    version: row.version,
    hash: row.hash,
    size: row.size,
    note: row.note,
    author: row.authorId ? { id: row.authorId, name: authorName ?? 'Former member' } : null,
    restoredFrom: row.restoredFrom,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

async function versionRows(tenant: TenantDb, audienceId: string, version?: number) {
  return tenant.withScopedQuery((db, scope) =>
    db
      .select({ row: audienceVersions, authorName: users.name })
      .from(audienceVersions)
      .leftJoin(users, eq(users.id, audienceVersions.authorId))
      .where(
        scope(
          audienceVersions,
          version === undefined
            ? eq(audienceVersions.audienceId, audienceId)
            : and(
                eq(audienceVersions.audienceId, audienceId),
                eq(audienceVersions.version, version),
              ),
        ),
      )
      .orderBy(desc(audienceVersions.version)),
  );
}

export async function listVersions(tenant: TenantDb, audienceId: string) {
  await loadAudience(tenant, audienceId);
  const rows = await versionRows(tenant, audienceId);
  return { versions: rows.map((r) => summaryOf(r.row, r.authorName)) };
}

export async function getVersion(
  tenant: TenantDb,
  audienceId: string,
  version: number,
): Promise<Version> {
  await loadAudience(tenant, audienceId);
  const [found] = await versionRows(tenant, audienceId, version);
  if (!found) noVersion();
  return {
    ...summaryOf(found!.row, found!.authorName),
    definition: parseStoredDefinition(found!.row.definition),
  };
}

/**
 * Validates and counts `definition`, then writes version n+1. The version number is claimed by a
 * conditional update of the audience, so two saves at once make two versions, never one twice.
 */
async function commitVersion(
  deps: ServiceDeps,
  tenant: TenantDb,
  actor: AuditActor,
  userId: string | null,
  audience: AudienceRow,
  definition: Definition,
  extra: { note: string | null; restoredFrom: number | null },
): Promise<Version> {
  const prepared = await prepare(deps, tenant, [definition]);
  const size = await sizeOf(deps, tenant, definition, { audienceId: audience.id }, prepared);
  if (!size.valid)
    throw new AppError(
      422,
      'invalid_definition',
      'Fix the highlighted conditions before saving a version',
      {
        issues: size.issues,
      },
    );
  const version = audience.version + 1;
  const now = deps.now();
  const json = JSON.stringify(definition);
  const claimed = await tenant.update(
    audiences,
    {
      version,
      definition: json,
      lastSize: size.total,
      lastCountedAt: Date.parse(size.countedAt),
      updatedAt: now,
      updatedBy: userId,
    },
    and(eq(audiences.id, audience.id), eq(audiences.version, audience.version)),
  );
  if (!claimed)
    throw new AppError(
      409,
      'version_conflict',
      'Someone saved a version at the same moment; reload and try again',
    );
  const row: VersionRow = {
    orgId: tenant.orgId,
    audienceId: audience.id,
    version,
    definition: json,
    hash: hashOf(prepared, definition),
    size: size.total,
    note: extra.note,
    authorId: userId,
    restoredFrom: extra.restoredFrom,
    createdAt: now,
  };
  const { orgId: _orgId, ...values } = row;
  await tenant.insert(audienceVersions, values);
  await tenant.withScopedQuery((db) =>
    db
      .insert(audienceSizePoints)
      .values({
        orgId: tenant.orgId,
        audienceId: audience.id,
        at: now,
        source: 'version',
        size: size.total ?? 0,
        version,
      })
      .onConflictDoNothing(),
  );
  await recordAudit(deps, tenant, actor, {
    action: extra.restoredFrom ? 'audience.version_restored' : 'audience.version_saved',
    targetType: 'audience',
    targetId: audience.id,
    summary: {
      version,
      size: size.total,
      ...(extra.restoredFrom ? { restoredFrom: extra.restoredFrom } : {}),
    },
  });
  const author = await userNameOf(tenant, userId);
  return { ...summaryOf(row, author), definition };
}

export async function saveVersion(
  deps: ServiceDeps,
  tenant: TenantDb,
  actor: AuditActor,
  userId: string | null,
  audienceId: string,
  note: string | undefined,
): Promise<Version> {
  const audience = await loadAudience(tenant, audienceId);
  return commitVersion(
    deps,
    tenant,
    actor,
    userId,
    audience,
    parseStoredDefinition(audience.definition),
    {
      note: note || null,
      restoredFrom: null,
    },
  );
}

export async function restoreVersion(
  deps: ServiceDeps,
  tenant: TenantDb,
  actor: AuditActor,
  userId: string | null,
  audienceId: string,
  version: number,
  note: string | undefined,
): Promise<Version> {
  const audience = await loadAudience(tenant, audienceId);
  const [old] = await versionRows(tenant, audienceId, version);
  if (!old) noVersion();
  return commitVersion(
    deps,
    tenant,
    actor,
    userId,
    audience,
    parseStoredDefinition(old!.row.definition),
    {
      note: note || `Restored version ${version}`,
      restoredFrom: version,
    },
  );
}

/** What changed from version `from` to version `to` (or the draft), with both sizes. */
export async function diffVersions(
  deps: ServiceDeps,
  tenant: TenantDb,
  audienceId: string,
  from: number,
  to: number | 'draft',
): Promise<z.infer<typeof DiffSchema>> {
  const audience = await loadAudience(tenant, audienceId);
  const [before] = await versionRows(tenant, audienceId, from);
  if (!before) noVersion();
  let after: { definition: Definition; size: number | null; version: number | null };
  if (to === 'draft') {
    const definition = parseStoredDefinition(audience.definition);
    const size = await sizeOf(deps, tenant, definition, { audienceId });
    after = { definition, size: size.total, version: null };
  } else {
    const [row] = await versionRows(tenant, audienceId, to);
    if (!row) noVersion();
    after = {
      definition: parseStoredDefinition(row!.row.definition),
      size: row!.row.size,
      version: to,
    };
  }
  const names = await nameResolver(tenant, await loadOrgData(tenant));
  return {
    from: { version: from, size: before!.row.size },
    to: { version: after.version, size: after.size },
    changes: diffDefinitions(
      parseStoredDefinition(before!.row.definition),
      after.definition,
      names,
    ),
  };
}

export async function sizeHistory(tenant: TenantDb, audienceId: string) {
  await loadAudience(tenant, audienceId);
  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select()
      .from(audienceSizePoints)
      .where(scope(audienceSizePoints, eq(audienceSizePoints.audienceId, audienceId)))
      .orderBy(asc(audienceSizePoints.at)),
  );
  return {
    points: rows.map((p) => ({
      at: new Date(p.at).toISOString(),
      source: p.source,
      size: p.size,
      version: p.version,
    })),
  };
}
