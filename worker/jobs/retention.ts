import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { uploads } from '../db/schema';
import { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { recordAudit, SYSTEM_ACTOR } from '../services/audit';
import { deleteStoredFiles } from '../services/uploads';

const DAY_MS = 24 * 60 * 60 * 1000;
/** R2 drops unfinished multipart uploads after 7 days; we close them on our side at the same age. */
const ABANDONED_AFTER_MS = 7 * DAY_MS;
const BATCH = 200;
const UPLOAD_FILES = {
  id: uploads.id,
  orgId: uploads.orgId,
  r2UploadId: uploads.r2UploadId,
  r2Key: uploads.r2Key,
};

/**
 * The `retention` cron: source files (and their rejects and samples) of uploads older than the
 * retention period are removed from R2 — the records they brought stay — and uploads abandoned
 * mid-way are closed. Idempotent: a removed source is marked and never visited again.
 */
export async function runRetention(deps: Deps): Promise<Record<string, unknown>> {
  const now = deps.now();
  const cutoff = new Date(now - deps.config.UPLOAD_RETENTION_DAYS * DAY_MS);
  const expired = await deps.db
    .select(UPLOAD_FILES)
    .from(uploads)
    .where(
      and(
        isNull(uploads.sourceDeletedAt),
        sql`${uploads.status} <> 'processing'`,
        or(
          lt(uploads.finishedAt, cutoff),
          and(isNull(uploads.finishedAt), lt(uploads.createdAt, cutoff)),
        ),
      ),
    )
    .limit(BATCH);
  for (const upload of expired) {
    const tenant = new TenantDb(deps.db, upload.orgId);
    await deleteStoredFiles(deps, upload.orgId, upload.id);
    await tenant.update(
      uploads,
      { sourceDeletedAt: new Date(now), updatedAt: new Date(now) },
      eq(uploads.id, upload.id),
    );
    await recordAudit(deps, tenant, SYSTEM_ACTOR, {
      action: 'upload.source_expired',
      targetType: 'upload',
      targetId: upload.id,
      summary: { retentionDays: deps.config.UPLOAD_RETENTION_DAYS },
    });
  }

  const abandoned = await deps.db
    .select(UPLOAD_FILES)
    .from(uploads)
    .where(
      and(
        eq(uploads.status, 'uploading'),
        lt(uploads.updatedAt, new Date(now - ABANDONED_AFTER_MS)),
      ),
    )
    .limit(BATCH);
  for (const upload of abandoned) {
    const tenant = new TenantDb(deps.db, upload.orgId);
    if (upload.r2UploadId)
      await deps.bucket
        .resumeMultipartUpload(upload.r2Key, upload.r2UploadId)
        .abort()
        .catch(() => undefined);
    await deleteStoredFiles(deps, upload.orgId, upload.id);
    await tenant.update(
      uploads,
      {
        status: 'cancelled',
        r2UploadId: null,
        errorCode: 'abandoned',
        errorMessage:
          'The upload was not finished within 7 days; pick the file again to upload it.',
        finishedAt: new Date(now),
        updatedAt: new Date(now),
        sourceDeletedAt: new Date(now),
      },
      and(eq(uploads.id, upload.id), eq(uploads.status, 'uploading')),
    );
    await recordAudit(deps, tenant, SYSTEM_ACTOR, {
      action: 'upload.abandoned',
      targetType: 'upload',
      targetId: upload.id,
      summary: {},
    });
  }
  return { sourcesRemoved: expired.length, abandonedClosed: abandoned.length };
}
