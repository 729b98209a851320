import { and, asc, count, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import {
  createPartScanner,
  planChunks,
  type CodeUnits,
  type PartScan,
} from '../../core/csv/chunk-plan';
import { readRecords } from '../../core/csv/records';
import {
  codeUnitsOf,
  decodeSample,
  detectEncoding,
  looksBinary,
  normalizeHeaders,
  sniff,
  sourceWidthOf,
} from '../../core/csv/sniff';
import { headerSignature, suggestMapping } from '../../core/ingest/column-mapping';
import { phoneCountry } from '../../core/ingest/normalize';
import { formatBytes } from '../../core/text/format-bytes';
import {
  FINISHED_STATUSES,
  ProcessUploadSchema,
  type CreateUpload,
  type IngestChunkMessage,
  type ProcessSettings,
  type ProcessUpload,
  type SniffView,
  type Upload,
  type UploadDialect,
  type UploadList,
  type UploadListParams,
} from '../../core/contracts/uploads';
import type { Config } from '../config';
import {
  columnMappings,
  organizations,
  uploadChunks,
  uploadParts,
  uploads,
  users,
} from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';
import { bumpDataVersion } from './data-version';
import { recordAudit, type AuditActor } from './audit';
import { uploadView, type UploadRow } from './upload-view';

/*
 * Uploads: creating them, receiving parts into an R2 multipart upload (scanning each part on the
 * way so chunks can be planned without re-reading the file), completing, starting and re-starting
 * processing, cancelling and deleting. The INGEST consumer is in ./ingest.ts.
 */

type UploadConfig = Pick<
  Config,
  'UPLOAD_MAX_BYTES' | 'UPLOAD_PART_BYTES' | 'UPLOAD_CHUNK_BYTES' | 'UPLOAD_RETENTION_DAYS'
>;

/** R2 allows at most 10,000 parts; very large files get larger parts. */
const MAX_PARTS = 10_000;
/** Bytes of the first part kept as a separate object, to re-sniff when the user corrects a setting. */
export const SAMPLE_BYTES = 2 * 1024 * 1024;
const QUOTES = ['"', "'"] as const;

export const sourceKey = (orgId: string, id: string) => `orgs/${orgId}/uploads/${id}/source.csv`;
const sampleKey = (orgId: string, id: string) => `orgs/${orgId}/uploads/${id}/sample`;
export const uploadPrefix = (orgId: string, id: string) => `orgs/${orgId}/uploads/${id}/`;

function refuse(
  status: 400 | 404 | 409 | 413 | 415,
  code: string,
  message: string,
  details?: unknown,
): never {
  throw new AppError(status, code, message, details);
}

export async function maxBytesFor(tenant: TenantDb, config: UploadConfig): Promise<number> {
  const rows = await tenant.withScopedQuery((db) =>
    db
      .select({ max: organizations.uploadMaxBytes })
      .from(organizations)
      .where(eq(organizations.id, tenant.orgId)),
  );
  return rows[0]?.max ?? config.UPLOAD_MAX_BYTES;
}

export async function uploadLimits(tenant: TenantDb, config: UploadConfig) {
  return {
    maxBytes: await maxBytesFor(tenant, config),
    partSize: config.UPLOAD_PART_BYTES,
    retentionDays: config.UPLOAD_RETENTION_DAYS,
  };
}

export async function loadUpload(tenant: TenantDb, id: string): Promise<UploadRow> {
  const row = await tenant.first(uploads, eq(uploads.id, id));
  if (!row) refuse(404, 'not_found', 'No such upload in this organisation');
  return row;
}

export async function getUpload(
  deps: Pick<Deps, 'now'>,
  tenant: TenantDb,
  id: string,
): Promise<Upload> {
  return uploadView(deps, tenant, await loadUpload(tenant, id));
}

export async function createUpload(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  userId: string | null,
  config: UploadConfig,
  input: CreateUpload,
): Promise<{ upload: Upload; resumed: boolean }> {
  const maxBytes = await maxBytesFor(tenant, config);
  if (input.sizeBytes > maxBytes)
    refuse(
      413,
      'too_large',
      `This file is ${formatBytes(input.sizeBytes)}; your organisation can upload files of up to ${formatBytes(maxBytes)}. Split the file, or ask us to raise the limit.`,
      { maxBytes },
    );
  // The same file picked again while its upload is unfinished: carry on with that upload.
  const existing = await tenant.first(
    uploads,
    and(
      eq(uploads.fingerprint, input.fingerprint),
      eq(uploads.sizeBytes, input.sizeBytes),
      eq(uploads.name, input.name),
      eq(uploads.status, 'uploading'),
    ),
  );
  if (existing) return { upload: await uploadView(deps, tenant, existing), resumed: true };

  const partSize = Math.max(config.UPLOAD_PART_BYTES, Math.ceil(input.sizeBytes / MAX_PARTS));
  const id = deps.newId();
  const key = sourceKey(tenant.orgId, id);
  const multipart = await deps.bucket.createMultipartUpload(key, {
    httpMetadata: { contentType: 'text/csv' },
  });
  const now = new Date(deps.now());
  await tenant.insert(uploads, {
    id,
    name: input.name,
    sizeBytes: input.sizeBytes,
    lastModified: input.lastModified,
    fingerprint: input.fingerprint,
    status: 'uploading',
    r2Key: key,
    r2UploadId: multipart.uploadId,
    partSize,
    partCount: Math.ceil(input.sizeBytes / partSize),
    createdBy: userId,
    createdAt: now,
    updatedAt: now,
  });
  await recordAudit(deps, tenant, actor, {
    action: 'upload.created',
    targetType: 'upload',
    targetId: id,
    summary: { sizeBytes: input.sizeBytes, parts: Math.ceil(input.sizeBytes / partSize) },
  });
  return { upload: await getUpload(deps, tenant, id), resumed: false };
}

function expectedPartSize(upload: UploadRow, n: number): number {
  return n < upload.partCount
    ? upload.partSize
    : upload.sizeBytes - upload.partSize * (upload.partCount - 1);
}

const lineEndByte = (lineBreak: string) => (lineBreak === '\r' ? 0x0d : 0x0a);

interface ScanVariant {
  quote: string;
  lineEnd: number;
  units: CodeUnits;
  scan: PartScan;
}

function scannersFor(units: CodeUnits, lineEnds: readonly number[], markEvery: number) {
  return QUOTES.flatMap((quote) =>
    lineEnds.map((lineEnd) => ({
      quote,
      lineEnd,
      units,
      scanner: createPartScanner({ quote: quote.charCodeAt(0), lineEnd, markEvery, units }),
    })),
  );
}

/**
 * Stores part `n` in the R2 multipart upload. Part 1 is read whole (it is sniffed for the preview
 * and checked for binary formats before anything is kept); the others stream through to R2, with
 * the chunk planner's scan taken on the way.
 */
export async function putPart(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  config: UploadConfig,
  id: string,
  n: number,
  body: ReadableStream<Uint8Array> | null,
  contentLength: number | null,
): Promise<{ partNumber: number; etag: string }> {
  const upload = await loadUpload(tenant, id);
  if (upload.status !== 'uploading' || !upload.r2UploadId)
    refuse(
      409,
      'not_uploading',
      `This upload is ${upload.status.replaceAll('_', ' ')}; it takes no more parts`,
    );
  if (!Number.isInteger(n) || n < 1 || n > upload.partCount)
    refuse(400, 'bad_part', `Part numbers run from 1 to ${upload.partCount}`);
  const expected = expectedPartSize(upload, n);
  if (contentLength !== expected || !body)
    refuse(
      400,
      'part_size',
      `Part ${n} must be exactly ${expected} bytes (got ${contentLength ?? 'no length'})`,
      { expected },
    );
  const multipart = deps.bucket.resumeMultipartUpload(upload.r2Key, upload.r2UploadId);
  const markEvery = Math.max(64, Math.floor(config.UPLOAD_CHUNK_BYTES / 4));

  if (n === 1)
    return putFirstPart(deps, tenant, actor, upload, multipart, body, expected, markEvery);

  const sniffed = upload.sniff ? (JSON.parse(upload.sniff) as SniffView) : null;
  if (!sniffed)
    refuse(
      409,
      'first_part_required',
      'Send part 1 first: it is read to recognise the file format',
    );
  const units = codeUnitsOf(sniffed.encoding);
  const scanners = scannersFor(units, [lineEndByte(sniffed.lineBreak)], markEvery);
  const fixed = new FixedLengthStream(expected);
  const piping = body
    .pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          for (const s of scanners) s.scanner.push(chunk);
          controller.enqueue(chunk);
        },
      }),
    )
    .pipeTo(fixed.writable);
  const [part] = await Promise.all([multipart.uploadPart(n, fixed.readable), piping]);
  await savePart(deps, tenant, id, n, part.etag, expected, scanners);
  return { partNumber: n, etag: part.etag };
}

async function putFirstPart(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  upload: UploadRow,
  multipart: R2MultipartUpload,
  body: ReadableStream<Uint8Array>,
  expected: number,
  markEvery: number,
) {
  const bytes = new Uint8Array(await new Response(body).arrayBuffer());
  if (bytes.length !== expected)
    refuse(400, 'part_size', `Part 1 must be exactly ${expected} bytes (got ${bytes.length})`);
  const binary = looksBinary(bytes.subarray(0, 8192));
  if (binary.binary) {
    await multipart.abort().catch(() => undefined);
    await tenant.update(
      uploads,
      {
        status: 'cancelled',
        errorCode: 'not_csv',
        errorMessage: binary.message,
        updatedAt: new Date(deps.now()),
        finishedAt: new Date(deps.now()),
      },
      eq(uploads.id, upload.id),
    );
    await recordAudit(deps, tenant, actor, {
      action: 'upload.refused',
      targetType: 'upload',
      targetId: upload.id,
      summary: { kind: binary.kind },
    });
    refuse(415, 'not_csv', binary.message, { kind: binary.kind });
  }
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  const truncated = upload.sizeBytes > sample.length;
  const sniffed = sniff(sample, { truncated });
  const { bomLength } = detectEncoding(sample, { truncated });
  const units = codeUnitsOf(sniffed.encoding);
  // The line break is known now, but the user may still correct the quote character.
  const scanners = scannersFor(units, [lineEndByte(sniffed.lineBreak)], markEvery);
  for (const s of scanners) s.scanner.push(bytes);
  const part = await multipart.uploadPart(1, bytes);
  await deps.bucket.put(sampleKey(tenant.orgId, upload.id), sample);

  const view: SniffView = {
    encoding: sniffed.encoding,
    delimiter: sniffed.delimiter,
    quote: sniffed.quote,
    headerLine: sniffed.headerLine,
    bom: sniffed.bom,
    lineBreak: sniffed.lineBreak,
    headers: sniffed.headers,
    preview: sniffed.preview,
    warnings: sniffed.warnings,
  };
  const saved = await savedMappingFor(tenant, sniffed.headers);
  const suggestions = suggestMapping(sniffed.headers, saved ? { saved } : {});
  await tenant.update(
    uploads,
    {
      sniff: JSON.stringify({ ...view, bomLength }),
      suggestions: JSON.stringify(suggestions),
      updatedAt: new Date(deps.now()),
    },
    eq(uploads.id, upload.id),
  );
  await savePart(deps, tenant, upload.id, 1, part.etag, expected, scanners);
  return { partNumber: 1, etag: part.etag };
}

async function savePart(
  deps: Pick<Deps, 'now'>,
  tenant: TenantDb,
  uploadId: string,
  n: number,
  etag: string,
  size: number,
  scanners: ReturnType<typeof scannersFor>,
) {
  const variants: ScanVariant[] = scanners.map((s) => ({
    quote: s.quote,
    lineEnd: s.lineEnd,
    units: s.units,
    scan: s.scanner.finish(),
  }));
  const values = {
    orgId: tenant.orgId,
    uploadId,
    partNumber: n,
    etag,
    sizeBytes: size,
    scan: JSON.stringify(variants),
    createdAt: new Date(deps.now()),
  };
  // A part sent again (a retry after a lost response) replaces the earlier copy.
  await tenant.withScopedQuery((db) =>
    db
      .insert(uploadParts)
      .values(values)
      .onConflictDoUpdate({
        target: [uploadParts.uploadId, uploadParts.partNumber],
        set: { etag, sizeBytes: size, scan: values.scan, createdAt: values.createdAt },
      }),
  );
}

async function savedMappingFor(tenant: TenantDb, headers: string[]) {
  if (headers.length === 0) return null;
  const row = await tenant.first(
    columnMappings,
    eq(columnMappings.signature, headerSignature(headers)),
  );
  return row ? (JSON.parse(row.mapping) as Record<string, string | null>) : null;
}

export async function completeUpload(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  config: UploadConfig,
  id: string,
): Promise<Upload> {
  const upload = await loadUpload(tenant, id);
  if (upload.status !== 'uploading' || !upload.r2UploadId)
    refuse(409, 'not_uploading', `This upload is already ${upload.status.replaceAll('_', ' ')}`);
  const parts = await tenant.withScopedQuery((db, scope) =>
    db
      .select({ partNumber: uploadParts.partNumber, etag: uploadParts.etag })
      .from(uploadParts)
      .where(scope(uploadParts, eq(uploadParts.uploadId, id)))
      .orderBy(asc(uploadParts.partNumber)),
  );
  const stored = new Set(parts.map((p) => p.partNumber));
  const missing: number[] = [];
  for (let n = 1; n <= upload.partCount; n++) if (!stored.has(n)) missing.push(n);
  if (missing.length)
    refuse(
      409,
      'parts_missing',
      `${missing.length} of ${upload.partCount} parts have not arrived yet`,
      {
        missing: missing.slice(0, 100),
      },
    );
  await deps.bucket.resumeMultipartUpload(upload.r2Key, upload.r2UploadId).complete(parts);
  const now = new Date(deps.now());
  await tenant.update(
    uploads,
    { status: 'uploaded', r2UploadId: null, uploadedAt: now, updatedAt: now },
    and(eq(uploads.id, id), eq(uploads.status, 'uploading')),
  );
  await recordAudit(deps, tenant, actor, {
    action: 'upload.uploaded',
    targetType: 'upload',
    targetId: id,
    summary: { sizeBytes: upload.sizeBytes, parts: upload.partCount },
  });
  // Settings sent while parts were arriving start processing now. Read after the status change:
  // a mapping submitted concurrently either landed before it (and is seen here) or finds the
  // upload already `uploaded` and starts processing itself (processUpload).
  const fresh = await loadUpload(tenant, id);
  if (fresh.settings && fresh.status === 'uploaded') {
    const settings = ProcessUploadSchema.parse(JSON.parse(fresh.settings));
    await startProcessing(deps, tenant, actor, config, fresh, settings, false);
  }
  return getUpload(deps, tenant, id);
}

/**
 * Sets the mapping and options and starts processing — or, while parts are still arriving, keeps
 * them so processing starts the moment the upload completes. On a finished upload this is a
 * re-process: what the upload imported before is replaced.
 */
export async function processUpload(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  config: UploadConfig,
  id: string,
  input: ProcessUpload,
): Promise<Upload> {
  const settings = ProcessUploadSchema.parse(input);
  let upload = await loadUpload(tenant, id);
  const sniffed = upload.sniff ? (JSON.parse(upload.sniff) as SniffView) : null;
  if (!sniffed)
    refuse(409, 'first_part_required', 'The first part of the file has not arrived yet');
  if (upload.status === 'processing')
    refuse(409, 'busy', 'This upload is being processed; cancel it first to start again');
  if (upload.sourceDeletedAt)
    refuse(
      409,
      'source_deleted',
      'The source file was removed under the retention policy; upload it again',
    );
  const headers = await headersFor(deps, tenant, upload, sniffed, settings.dialect);
  checkMapping(settings, headers);
  if (settings.saveMapping) await saveMapping(deps, tenant, headers, settings);
  if (upload.status === 'uploading') {
    // Kept for when the last part arrives — unless the upload completed in the meantime, in which
    // case it is processed below like any uploaded file.
    const kept = await tenant.update(
      uploads,
      { settings: JSON.stringify(settings), updatedAt: new Date(deps.now()) },
      and(eq(uploads.id, id), eq(uploads.status, 'uploading')),
    );
    if (kept) return getUpload(deps, tenant, id);
    upload = await loadUpload(tenant, id);
    if (upload.status !== 'uploaded')
      refuse(409, 'busy', `This upload is ${upload.status.replaceAll('_', ' ')}; reload to see it`);
  }
  if (upload.status === 'cancelled' && !upload.uploadedAt)
    refuse(
      409,
      'not_uploaded',
      'This upload was cancelled before the file arrived; upload it again',
    );
  const reprocess = upload.status !== 'uploaded';
  if (reprocess) await removeImportedRecords(tenant, id);
  await startProcessing(deps, tenant, actor, config, upload, settings, reprocess);
  return getUpload(deps, tenant, id);
}

function checkMapping(settings: ProcessSettings, headers: string[]) {
  if (settings.mapping.length !== headers.length)
    refuse(
      400,
      'mapping_mismatch',
      `The file has ${headers.length} columns; the mapping names ${settings.mapping.length}`,
    );
  const seen = new Set<string>();
  for (const field of settings.mapping) {
    if (field === null) continue;
    if (seen.has(field))
      refuse(400, 'mapping_duplicate', `Two columns are mapped to ${field}; map each field once`);
    seen.add(field);
  }
  if (!['email', 'phone', 'company_domain'].some((f) => seen.has(f)))
    refuse(
      400,
      'no_identifier_column',
      'Map at least one column to email, phone or company domain: rows need one of them to be matched',
    );
  const country = settings.options.defaultCountry;
  if (country && !phoneCountry(country))
    refuse(400, 'unknown_country', `${country} is not a country code phone numbers can be read in`);
  const missing = settings.options.required.filter((f) => !seen.has(f));
  if (missing.length)
    refuse(400, 'required_unmapped', `Required identifiers are not mapped: ${missing.join(', ')}`);
}

async function saveMapping(
  deps: Pick<Deps, 'now'>,
  tenant: TenantDb,
  headers: string[],
  settings: ProcessSettings,
) {
  const mapping = Object.fromEntries(headers.map((h, i) => [h, settings.mapping[i] ?? null]));
  const values = {
    orgId: tenant.orgId,
    signature: headerSignature(headers),
    mapping: JSON.stringify(mapping),
    updatedAt: new Date(deps.now()),
  };
  await tenant.withScopedQuery((db) =>
    db
      .insert(columnMappings)
      .values(values)
      .onConflictDoUpdate({
        target: [columnMappings.orgId, columnMappings.signature],
        set: { mapping: values.mapping, updatedAt: values.updatedAt },
      }),
  );
}

/** The header row under the (possibly corrected) dialect, read from the stored sample. */
async function headersFor(
  deps: Pick<Deps, 'bucket'>,
  tenant: TenantDb,
  upload: UploadRow,
  sniffed: SniffView,
  dialect: UploadDialect | undefined,
): Promise<string[]> {
  if (!dialect || sameDialect(dialect, sniffed)) return sniffed.headers;
  const layout = await dataLayout(deps, tenant, upload, dialect);
  return layout.headers;
}

const sameDialect = (a: UploadDialect, b: UploadDialect) =>
  a.encoding === b.encoding &&
  a.delimiter === b.delimiter &&
  a.quote === b.quote &&
  a.headerLine === b.headerLine;

/**
 * Where the data starts (the byte after the header record, or its first record) and the header's
 * cells, from the sample kept when part 1 arrived.
 */
async function dataLayout(
  deps: Pick<Deps, 'bucket'>,
  tenant: TenantDb,
  upload: UploadRow,
  dialect: UploadDialect,
): Promise<{ start: number; firstLine: number; headers: string[] }> {
  const object = await deps.bucket.get(sampleKey(tenant.orgId, upload.id));
  if (!object) refuse(409, 'source_deleted', 'The file sample is gone; upload the file again');
  const sample = new Uint8Array(await object.arrayBuffer());
  const truncated = upload.sizeBytes > sample.length;
  const { bomLength, encoding: detected } = detectEncoding(sample, { truncated });
  const bom = codeUnitsOf(detected) === codeUnitsOf(dialect.encoding) ? bomLength : 0;
  const text = decodeSample(sample.subarray(bom), dialect.encoding, { truncated });
  let headers: string[] | null = null;
  for (const record of readRecords(text, {
    dialect,
    width: sourceWidthOf(dialect.encoding),
    byteOffset: bom,
    firstLine: 1,
  })) {
    if (record.line < dialect.headerLine) continue;
    if (!headers) {
      headers = normalizeHeaders(record.cells).headers;
      continue;
    }
    return { start: record.byteOffset, firstLine: record.line, headers };
  }
  if (!headers) refuse(400, 'no_header', `There is no row at line ${dialect.headerLine}`);
  if (truncated)
    refuse(400, 'header_too_long', 'The header row and first record do not fit in the first 2 MiB');
  return { start: upload.sizeBytes, firstLine: dialect.headerLine + 1, headers };
}

async function startProcessing(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  config: UploadConfig,
  upload: UploadRow,
  settings: ProcessSettings,
  reprocess: boolean,
) {
  const sniffed = JSON.parse(upload.sniff!) as SniffView;
  const dialect = settings.dialect ?? sniffed;
  const layout = await dataLayout(deps, tenant, upload, dialect);
  const scans = await partScans(tenant, upload, dialect, sniffed);
  const chunks = planChunks(scans, config.UPLOAD_CHUNK_BYTES, {
    start: layout.start,
    firstLine: layout.firstLine,
  });
  const generation = upload.generation + 1;
  const phase = settings.options.onInvalid === 'stop' ? 'validate' : 'write';
  const now = new Date(deps.now());
  const stored: ProcessSettings = { ...settings, dialect: { ...dialect } };
  const changed = await tenant.update(
    uploads,
    {
      status: 'processing',
      settings: JSON.stringify(stored),
      headers: JSON.stringify(layout.headers),
      generation,
      phase,
      chunkCount: chunks.length,
      counts: null,
      quality: null,
      errorCode: null,
      errorMessage: null,
      startedAt: now,
      finishedAt: null,
      updatedAt: now,
    },
    and(eq(uploads.id, upload.id), eq(uploads.generation, upload.generation)),
  );
  if (changed === 0) refuse(409, 'busy', 'Someone else just started this upload; reload to see it');
  for (let i = 0; i < chunks.length; i += 200) {
    await tenant.withScopedQuery((db) =>
      db.insert(uploadChunks).values(
        chunks.slice(i, i + 200).map((c, j) => ({
          orgId: tenant.orgId,
          uploadId: upload.id,
          generation,
          chunk: i + j,
          start: c.start,
          end: c.end,
          firstLine: c.firstLine,
        })),
      ),
    );
  }
  await recordAudit(deps, tenant, actor, {
    action: reprocess ? 'upload.reprocessed' : 'upload.processing_started',
    targetType: 'upload',
    targetId: upload.id,
    summary: {
      generation,
      chunks: chunks.length,
      fields: settings.mapping.filter((f) => f !== null),
      options: settings.options,
    },
  });
  if (chunks.length === 0) {
    const { finishUpload } = await import('./ingest');
    await finishUpload(deps, tenant.orgId, upload.id, generation);
    return;
  }
  await enqueueChunks(deps, tenant.orgId, upload.id, generation, phase, chunks.length);
}

export async function enqueueChunks(
  deps: Pick<Deps, 'ingest'>,
  orgId: string,
  uploadId: string,
  generation: number,
  phase: 'validate' | 'write',
  chunkCount: number,
) {
  const messages: { body: IngestChunkMessage }[] = [];
  for (let chunk = 0; chunk < chunkCount; chunk++)
    messages.push({ body: { type: 'ingest.chunk', orgId, uploadId, generation, phase, chunk } });
  for (let i = 0; i < messages.length; i += 100)
    await deps.ingest.sendBatch(messages.slice(i, i + 100));
}

/** The parts' scans for the dialect in use, in part order. */
async function partScans(
  tenant: TenantDb,
  upload: UploadRow,
  dialect: UploadDialect,
  sniffed: SniffView,
): Promise<PartScan[]> {
  if (codeUnitsOf(dialect.encoding) !== codeUnitsOf(sniffed.encoding))
    refuse(
      400,
      'encoding_change',
      `The file was sent as ${sniffed.encoding}; reading it as ${dialect.encoding} needs the file saved in that encoding and uploaded again`,
    );
  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select({ scan: uploadParts.scan })
      .from(uploadParts)
      .where(scope(uploadParts, eq(uploadParts.uploadId, upload.id)))
      .orderBy(asc(uploadParts.partNumber)),
  );
  const lineEnd = lineEndByte(sniffed.lineBreak);
  return rows.map((row) => {
    const variants = JSON.parse(row.scan) as ScanVariant[];
    const variant = variants.find((v) => v.quote === dialect.quote && v.lineEnd === lineEnd);
    if (!variant) throw new Error('part scan missing for the chosen quote');
    return variant.scan;
  });
}

/** Removes the records an upload imported (before a re-process, or on delete with records). */
export async function removeImportedRecords(tenant: TenantDb, uploadId: string): Promise<void> {
  const orgId = tenant.orgId;
  await tenant.withScopedQuery(async (db) => {
    await db.$client.batch(
      [
        {
          // Contacts only this upload brought are removed; those other lists share stay.
          sql: `DELETE FROM contacts WHERE org_id = ? AND created_upload_id = ?
                AND NOT EXISTS (SELECT 1 FROM contact_lists l WHERE l.org_id = contacts.org_id
                  AND l.contact_id = contacts.id AND l.upload_id <> ?)`,
          args: [orgId, uploadId, uploadId],
        },
        {
          sql: 'DELETE FROM contact_lists WHERE org_id = ? AND upload_id = ?',
          args: [orgId, uploadId],
        },
        {
          // Survivors no longer count as created or last written by this upload.
          sql: `UPDATE contacts SET created_upload_id = (SELECT l.upload_id FROM contact_lists l
                  WHERE l.org_id = contacts.org_id AND l.contact_id = contacts.id LIMIT 1)
                WHERE org_id = ? AND created_upload_id = ?`,
          args: [orgId, uploadId],
        },
        {
          sql: `UPDATE contacts SET written_upload_id = created_upload_id
                WHERE org_id = ? AND written_upload_id = ?`,
          args: [orgId, uploadId],
        },
        bumpDataVersion(orgId),
      ],
      'write',
    );
  });
}

export async function cancelUpload(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  id: string,
): Promise<Upload> {
  const upload = await loadUpload(tenant, id);
  if ((FINISHED_STATUSES as readonly string[]).includes(upload.status))
    refuse(409, 'finished', `This upload is already ${upload.status.replaceAll('_', ' ')}`);
  if (upload.status === 'uploading' && upload.r2UploadId)
    await deps.bucket
      .resumeMultipartUpload(upload.r2Key, upload.r2UploadId)
      .abort()
      .catch(() => undefined);
  const now = new Date(deps.now());
  await tenant.update(
    uploads,
    {
      status: 'cancelled',
      r2UploadId: null,
      errorCode: 'cancelled',
      errorMessage:
        upload.status === 'processing'
          ? 'Processing was cancelled. Rows imported before the cancel stay; delete the upload with its records to remove them.'
          : 'The upload was cancelled.',
      finishedAt: now,
      updatedAt: now,
    },
    eq(uploads.id, id),
  );
  await recordAudit(deps, tenant, actor, {
    action: 'upload.cancelled',
    targetType: 'upload',
    targetId: id,
    summary: { from: upload.status },
  });
  return getUpload(deps, tenant, id);
}

export async function deleteUpload(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  id: string,
  records: 'keep' | 'remove',
): Promise<void> {
  const upload = await loadUpload(tenant, id);
  if (upload.status === 'uploading' && upload.r2UploadId)
    await deps.bucket
      .resumeMultipartUpload(upload.r2Key, upload.r2UploadId)
      .abort()
      .catch(() => undefined);
  await deleteStoredFiles(deps, tenant.orgId, id);
  if (records === 'remove') await removeImportedRecords(tenant, id);
  await tenant.delete(uploads, eq(uploads.id, id));
  await recordAudit(deps, tenant, actor, {
    action: 'upload.deleted',
    targetType: 'upload',
    targetId: id,
    summary: { records, status: upload.status },
  });
}

/** Every R2 object of an upload: source, sample, rejects. */
export async function deleteStoredFiles(deps: Pick<Deps, 'bucket'>, orgId: string, id: string) {
  const prefix = uploadPrefix(orgId, id);
  let cursor: string | undefined;
  do {
    const page = await deps.bucket.list({ prefix, ...(cursor ? { cursor } : {}) });
    if (page.objects.length) await deps.bucket.delete(page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}

export async function replayChunk(
  deps: Deps,
  tenant: TenantDb,
  actor: AuditActor,
  id: string,
  chunk: number,
): Promise<Upload> {
  const upload = await loadUpload(tenant, id);
  const changed = await tenant.update(
    uploadChunks,
    { state: 'queued' },
    and(
      eq(uploadChunks.uploadId, id),
      eq(uploadChunks.generation, upload.generation),
      eq(uploadChunks.chunk, chunk),
      eq(uploadChunks.state, 'dead'),
    ),
  );
  if (changed === 0) refuse(409, 'not_failed', `Chunk ${chunk} is not waiting for a replay`);
  await tenant.update(
    uploads,
    {
      status: 'processing',
      errorCode: null,
      errorMessage: null,
      finishedAt: null,
      updatedAt: new Date(deps.now()),
    },
    and(eq(uploads.id, id), eq(uploads.generation, upload.generation)),
  );
  await deps.ingest.send({
    type: 'ingest.chunk',
    orgId: tenant.orgId,
    uploadId: id,
    generation: upload.generation,
    phase: upload.phase ?? 'write',
    chunk,
  } satisfies IngestChunkMessage);
  await recordAudit(deps, tenant, actor, {
    action: 'upload.chunk_replayed',
    targetType: 'upload',
    targetId: id,
    summary: { chunk, generation: upload.generation },
  });
  return getUpload(deps, tenant, id);
}

const SORT_COLUMNS = {
  created_at: uploads.createdAt,
  name: uploads.name,
  size: uploads.sizeBytes,
  status: uploads.status,
} as const;

export async function listUploads(
  deps: Pick<Deps, 'now'>,
  tenant: TenantDb,
  query: UploadListParams,
): Promise<UploadList> {
  const conditions: SQL[] = [];
  if (query.q)
    // Search text is literal: its % and _ are escaped, which SQLite honours only with ESCAPE.
    conditions.push(
      sql`${uploads.name} LIKE ${`%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`,
    );
  if (query.status) conditions.push(eq(uploads.status, query.status));
  if (query.uploader) conditions.push(eq(uploads.createdBy, query.uploader));
  if (query.from) conditions.push(gte(uploads.createdAt, new Date(query.from)));
  if (query.to) conditions.push(lte(uploads.createdAt, new Date(query.to)));
  const where = conditions.length ? and(...conditions) : undefined;
  const column = SORT_COLUMNS[query.sort];
  const order = query.dir === 'asc' ? asc(column) : desc(column);
  const [rows, totals] = await tenant.withScopedQuery((db, scope) =>
    Promise.all([
      db
        .select({ upload: uploads, creatorName: users.name })
        .from(uploads)
        .leftJoin(users, eq(users.id, uploads.createdBy))
        .where(scope(uploads, where))
        .orderBy(order, desc(uploads.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db.select({ n: count() }).from(uploads).where(scope(uploads, where)),
    ]),
  );
  return {
    uploads: rows.map(({ upload, creatorName }) => ({
      id: upload.id,
      name: upload.name,
      sizeBytes: upload.sizeBytes,
      status: upload.status,
      createdBy: upload.createdBy
        ? { id: upload.createdBy, name: creatorName ?? 'Former member' }
        : null,
      createdAt: upload.createdAt.toISOString(),
      finishedAt: upload.finishedAt?.toISOString() ?? null,
      counts: upload.counts ? JSON.parse(upload.counts) : null,
      error: upload.errorCode
        ? { code: upload.errorCode, message: upload.errorMessage ?? '' }
        : null,
      qualityScore: upload.quality ? (JSON.parse(upload.quality) as { score: number }).score : null,
    })),
    total: totals[0]?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}
