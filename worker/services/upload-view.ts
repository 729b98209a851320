import { and, asc, eq } from 'drizzle-orm';
import type { SniffView, Upload, UploadProgress } from '../../core/contracts/uploads';
import { uploadChunkResults, uploadChunks, uploadParts, users, type uploads } from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';

export type UploadRow = typeof uploads.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The committed chunk results of one pass over an upload. */
export const resultsOf = (uploadId: string, generation: number, phase: 'validate' | 'write') =>
  and(
    eq(uploadChunkResults.uploadId, uploadId),
    eq(uploadChunkResults.generation, generation),
    eq(uploadChunkResults.phase, phase),
  );

/** An upload as the API shows it: stored parts, progress while processing, results when done. */
export async function uploadView(
  deps: Pick<Deps, 'now'>,
  tenant: TenantDb,
  row: UploadRow,
): Promise<Upload> {
  const [parts, creator, progress] = await Promise.all([
    row.status === 'uploading'
      ? tenant.withScopedQuery((db, scope) =>
          db
            .select({ n: uploadParts.partNumber })
            .from(uploadParts)
            .where(scope(uploadParts, eq(uploadParts.uploadId, row.id)))
            .orderBy(asc(uploadParts.partNumber)),
        )
      : Promise.resolve(null),
    row.createdBy
      ? tenant.withScopedQuery((db) =>
          db.select({ name: users.name }).from(users).where(eq(users.id, row.createdBy!)),
        )
      : Promise.resolve([]),
    row.generation > 0 ? progressOf(deps, tenant, row) : Promise.resolve(null),
  ]);
  const sniff = row.sniff ? (JSON.parse(row.sniff) as SniffView & { bomLength?: number }) : null;
  if (sniff) delete sniff.bomLength;
  return {
    id: row.id,
    name: row.name,
    sizeBytes: row.sizeBytes,
    lastModified: row.lastModified,
    fingerprint: row.fingerprint,
    status: row.status,
    partSize: row.partSize,
    partCount: row.partCount,
    partsStored: parts
      ? parts.map((p) => p.n)
      : row.uploadedAt
        ? Array.from({ length: row.partCount }, (_, i) => i + 1)
        : [],
    generation: row.generation,
    createdBy: row.createdBy
      ? { id: row.createdBy, name: creator[0]?.name ?? 'Former member' }
      : null,
    createdAt: row.createdAt.toISOString(),
    uploadedAt: iso(row.uploadedAt),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    sourceDeletedAt: iso(row.sourceDeletedAt),
    sniff,
    suggestions: row.suggestions ? JSON.parse(row.suggestions) : null,
    settings: row.settings ? JSON.parse(row.settings) : null,
    progress,
    counts: row.counts ? JSON.parse(row.counts) : null,
    quality: row.quality ? JSON.parse(row.quality) : null,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '' } : null,
  };
}

async function progressOf(
  deps: Pick<Deps, 'now'>,
  tenant: TenantDb,
  row: UploadRow,
): Promise<UploadProgress> {
  const phase = row.phase ?? 'write';
  const [results, dead] = await tenant.withScopedQuery((db, scope) =>
    Promise.all([
      db
        .select({ rows: uploadChunkResults.rows, at: uploadChunkResults.committedAt })
        .from(uploadChunkResults)
        .where(scope(uploadChunkResults, resultsOf(row.id, row.generation, phase))),
      db
        .select({ chunk: uploadChunks.chunk })
        .from(uploadChunks)
        .where(
          scope(
            uploadChunks,
            and(
              eq(uploadChunks.uploadId, row.id),
              eq(uploadChunks.generation, row.generation),
              eq(uploadChunks.state, 'dead'),
            ),
          ),
        ),
    ]),
  );
  const total = row.chunkCount ?? 0;
  const done = results.length;
  const rows = results.reduce((sum, r) => sum + r.rows, 0);
  const started = row.startedAt?.getTime() ?? deps.now();
  const last = results.reduce((latest, r) => Math.max(latest, r.at.getTime()), started);
  const running = row.status === 'processing';
  const elapsed = ((running ? deps.now() : last) - started) / 1000;
  const rowsPerSecond = done > 0 && elapsed > 0 ? Math.round(rows / elapsed) : null;
  const etaSeconds =
    running && done > 0 && elapsed > 0
      ? Math.round((elapsed / done) * Math.max(0, total - done))
      : null;
  return {
    chunksTotal: total,
    chunksDone: done,
    chunksFailed: dead.map((d) => d.chunk),
    rowsProcessed: rows,
    rowsPerSecond,
    etaSeconds,
    phase,
  };
}
