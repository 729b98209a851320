import type { InStatement } from '@libsql/client';
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import Papa from 'papaparse';
import { parseEmployeeCount } from '../../core/audience/field-catalog';
import { decodeSample, sourceWidthOf } from '../../core/csv/sniff';
import { TargetFieldSchema } from '../../core/ingest/column-mapping';
import {
  mergeExamples,
  processChunk,
  type IngestRow,
  type RejectExample,
} from '../../core/ingest/chunk';
import { phoneCountry } from '../../core/ingest/normalize';
import {
  emptyTally,
  mergeTallies,
  qualityReport,
  type QualityTally,
} from '../../core/ingest/quality';
import {
  ProcessUploadSchema,
  type IngestChunkMessage,
  type ProcessSettings,
  type UploadCounts,
  type UploadQuality,
} from '../../core/contracts/uploads';
import { contactLists, contacts, uploadChunkResults, uploadChunks, uploads } from '../db/schema';
import { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { piiKeysOf } from '../config';
import { sealPii, type PiiKeys } from '../lib/pii';
import { bumpDataVersion } from './data-version';
import { mapAfterUpload } from './identity-map';
import { recordAudit, SYSTEM_ACTOR } from './audit';
import { resultsOf } from './upload-view';
import { enqueueChunks, uploadPrefix } from './uploads';

/*
 * The INGEST consumer: one chunk of an upload per message. A chunk is range-read from R2, run
 * through the core pipeline, and written to Turso in ONE transaction that starts by inserting the
 * chunk's result row. That row's primary key (upload, generation, phase, chunk) is the idempotency
 * guard: a redelivered or concurrently retried chunk fails on it, its transaction rolls back, and
 * nothing is written or counted twice. De-duplication compares source lines inside the upsert, so
 * chunks may commit in any order and end in the same records.
 */

const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest());
/** The UID2 hash in one native call (UTF-8 in, Base64 out), skipping a copy and our own Base64. */
const hashBase64 = (normalized: string) => createHash('sha256').update(normalized).digest('base64');

/**
 * Columns filled from a row, in statement order: the contact fields (named as the mapper's target
 * fields, which are the column names), each identifier's hash after it, then custom and quality.
 */
const VALUE_COLUMNS = [
  ...TargetFieldSchema.options.flatMap((field) =>
    field === 'email' || field === 'phone' ? [field, `${field}_hash` as const] : [field],
  ),
  'custom',
  'quality',
] as const;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += HEX[byte];
  return out;
}

function base64Hex(base64: string | null): string | null {
  if (!base64) return null;
  const binary = atob(base64);
  let out = '';
  for (let i = 0; i < binary.length; i++) out += HEX[binary.charCodeAt(i)];
  return out;
}

const BLOB_COLUMNS = new Set(['email_hash', 'phone_hash']);

/**
 * One row as a JSON array: the key, then VALUE_COLUMNS in order, then the source line. The raw
 * email and phone are sealed (worker/lib/pii.ts); everything derived from them (hashes, dedupe
 * key, company domain, quality) was computed from the plain values in core/ before this point.
 */
function rowJson(row: IngestRow, keys: PiiKeys, orgId: string): unknown[] {
  const r = row.record;
  const value = (column: (typeof VALUE_COLUMNS)[number]): unknown => {
    switch (column) {
      case 'email':
        return r.email === null ? null : sealPii(keys, orgId, r.email);
      case 'email_hash':
        return base64Hex(r.emailHash);
      case 'phone':
        return r.phone === null ? null : sealPii(keys, orgId, r.phone);
      case 'phone_hash':
        return base64Hex(r.phoneHash);
      case 'company_domain':
        return r.companyDomain;
      case 'country':
        return r.country;
      case 'custom':
        return Object.keys(r.custom).length ? JSON.stringify(r.custom) : null;
      case 'quality':
        return row.quality;
      default:
        return r.fields[column] ?? null;
    }
  };
  return [hex(row.key), ...VALUE_COLUMNS.map(value), row.line];
}

/**
 * The upsert's conflict rule for the chosen strategies. "Same" rows are ones this upload already
 * wrote: the in-file rule compares source lines (keep first / keep last / merge with the earlier
 * line winning), so the order chunks commit in does not matter. Other rows are contacts the
 * organisation had: skip leaves them, update overwrites with the row's non-empty values, merge
 * fills only their empty fields. The rules only ever test a column for NULL, never compare
 * values, so they hold for the sealed email and phone (a sealed value is NULL exactly when the
 * plain one is; two seals of one address differ).
 */
export function upsertConflictSql(
  inFile: ProcessSettings['options']['inFile'],
  existing: ProcessSettings['options']['existing'],
): string {
  const same = 'contacts.written_upload_id = excluded.written_upload_id';
  const fresh = 'contacts.created_upload_id = excluded.written_upload_id';
  const earlier = 'excluded.written_line < contacts.written_line';
  const later = 'excluded.written_line > contacts.written_line';
  const sets = VALUE_COLUMNS.map((c) => {
    const ex = `excluded.${c}`;
    const cur = `contacts.${c}`;
    const inFileExpr =
      inFile === 'merge'
        ? `CASE WHEN ${earlier} THEN coalesce(${ex}, ${cur}) ELSE coalesce(${cur}, ${ex}) END`
        : `CASE WHEN ${inFile === 'keep_first' ? earlier : later} THEN (CASE WHEN ${fresh} THEN ${ex} ELSE coalesce(${ex}, ${cur}) END) ELSE ${cur} END`;
    const existingExpr =
      existing === 'update'
        ? `coalesce(${ex}, ${cur})`
        : existing === 'merge'
          ? `coalesce(${cur}, ${ex})`
          : cur;
    return `${c} = CASE WHEN ${same} THEN ${inFileExpr} ELSE ${existingExpr} END`;
  });
  const lineRule = inFile === 'keep_last' ? 'max' : 'min';
  sets.push(
    `written_line = CASE WHEN ${same} THEN ${lineRule}(contacts.written_line, excluded.written_line) ELSE ${existing === 'update' ? 'excluded.written_line' : 'contacts.written_line'} END`,
    `written_upload_id = CASE WHEN ${same} THEN contacts.written_upload_id ELSE ${existing === 'update' ? 'excluded.written_upload_id' : 'contacts.written_upload_id'} END`,
    'updated_at = excluded.updated_at',
  );
  return `ON CONFLICT (org_id, dedupe_key) DO UPDATE SET ${sets.join(', ')}${existing === 'skip' ? ` WHERE ${same}` : ''}`;
}

/*
 * A company row an upload meets again: the first upload's values stay, except fields Bombora
 * filled in (`enriched_fields`), which the user's own data replaces — and then no longer counts
 * as enriched.
 */
const FILLED = ['name', 'industry', 'size_band', 'revenue_band'] as const;
const fromBombora = (column: string) => `companies.enriched_fields ->> '${column}' IS NOT NULL`;
const takes = (column: string) =>
  `(companies.${column} IS NULL OR (${fromBombora(column)} AND excluded.${column} IS NOT NULL))`;
const COMPANY_UPSERT = [
  ...FILLED.map(
    (c) => `${c} = iif(${takes(c)}, coalesce(excluded.${c}, companies.${c}), companies.${c})`,
  ),
  `employees = iif(${takes('size_band')}, coalesce(excluded.employees, companies.employees), companies.employees)`,
  `enriched_fields = nullif(json_remove(coalesce(companies.enriched_fields, '{}'), ${FILLED.map(
    (c) => `iif(excluded.${c} IS NOT NULL, '$.${c}', '$.__none')`,
  ).join(', ')}), '{}')`,
  'updated_at = excluded.updated_at',
].join(',\n              ');

/**
 * A chunk's writes as three statements. The rows travel as ONE JSON text parameter that SQLite
 * unpacks with `json_each` (hashes as hex, `unhex`ed in SQL): binding hundreds of thousands of
 * separate values costs more than the inserts themselves, on Turso's wire and in the engine.
 * Rows are applied in array order, so the conflict rules see them as a multi-row insert would.
 */
function writeStatements(
  orgId: string,
  uploadId: string,
  rows: readonly IngestRow[],
  settings: ProcessSettings,
  now: number,
  keys: PiiKeys,
): InStatement[] {
  if (rows.length === 0) return [];
  const statements: InStatement[] = [];
  const conflict = upsertConflictSql(settings.options.inFile, settings.options.existing);
  const lineAt = VALUE_COLUMNS.length + 1;
  const selected = VALUE_COLUMNS.map((column, i) =>
    BLOB_COLUMNS.has(column) ? `unhex(j.value ->> ${i + 1})` : `j.value ->> ${i + 1}`,
  );
  const json = JSON.stringify(rows.map((row) => rowJson(row, keys, orgId)));
  statements.push({
    sql: `INSERT INTO contacts (org_id, dedupe_key, ${VALUE_COLUMNS.join(', ')}, created_upload_id,
            written_upload_id, written_line, created_at, updated_at)
          SELECT ?1, unhex(j.value ->> 0), ${selected.join(', ')}, ?2, ?2, j.value ->> ${lineAt}, ?3, ?3
          FROM json_each(?4) AS j WHERE true ${conflict}`,
    args: [orgId, uploadId, now, json],
  });
  statements.push({
    // CROSS JOIN keeps SQLite from turning the join around (scanning the organisation's contacts).
    sql: `INSERT INTO contact_lists (org_id, upload_id, contact_id, line)
          SELECT ?1, ?2, c.id, j.value ->> ${lineAt} FROM json_each(?3) AS j
          CROSS JOIN contacts c ON c.org_id = ?1 AND c.dedupe_key = unhex(j.value ->> 0) WHERE true
          ON CONFLICT (upload_id, contact_id) DO UPDATE SET line = min(contact_lists.line, excluded.line)`,
    args: [orgId, uploadId, json],
  });
  const companies = new Map<string, Array<string | null>>();
  for (const { record } of rows) {
    if (!record.companyDomain) continue;
    const values = [
      record.fields.company_name ?? null,
      record.fields.industry ?? null,
      record.fields.company_size ?? null,
      record.fields.revenue ?? null,
    ];
    const known = companies.get(record.companyDomain);
    companies.set(
      record.companyDomain,
      known ? known.map((v, i) => v ?? values[i] ?? null) : values,
    );
  }
  if (companies.size)
    statements.push(
      upsertCompaniesStatement(
        orgId,
        now,
        [...companies].map(([domain, [name, industry, size, revenue]]) => ({
          domain,
          name: name ?? null,
          industry: industry ?? null,
          sizeBand: size ?? null,
          revenueBand: revenue ?? null,
        })),
      ),
    );
  return statements;
}

/** Companies an upload names, created or completed (see COMPANY_UPSERT). */
export function upsertCompaniesStatement(
  orgId: string,
  now: number,
  rows: {
    domain: string;
    name: string | null;
    industry: string | null;
    sizeBand: string | null;
    revenueBand: string | null;
  }[],
): InStatement {
  return {
    sql: `INSERT INTO companies (org_id, domain, name, industry, size_band, employees, revenue_band, created_at, updated_at)
          SELECT ?1, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 5, j.value ->> 4, ?2, ?2
          FROM json_each(?3) AS j WHERE true
          ON CONFLICT (org_id, domain) DO UPDATE SET ${COMPANY_UPSERT}`,
    args: [
      orgId,
      now,
      JSON.stringify(
        rows.map((r) => [
          r.domain,
          r.name,
          r.industry,
          r.sizeBand,
          r.revenueBand,
          parseEmployeeCount(r.sizeBand ?? undefined),
        ]),
      ),
    ],
  };
}

export const rejectsKey = (orgId: string, m: IngestChunkMessage) =>
  `${uploadPrefix(orgId, m.uploadId)}rejects/${m.generation}-${m.phase}-${String(m.chunk).padStart(6, '0')}.csv`;

export const REJECTS_HEADER = [
  'line',
  'byte_offset',
  'column',
  'reason',
  'all_reasons',
  'raw_line',
];

const isDuplicateCommit = (error: unknown) =>
  error instanceof Error && /UNIQUE constraint failed: upload_chunk_results/i.test(error.message);

/** Processes one INGEST message. Throws only for failures a retry may fix. */
export async function ingestChunk(deps: Deps, message: IngestChunkMessage): Promise<void> {
  const tenant = new TenantDb(deps.db, message.orgId);
  const upload = await tenant.first(uploads, eq(uploads.id, message.uploadId));
  if (
    !upload ||
    upload.status !== 'processing' ||
    upload.generation !== message.generation ||
    upload.phase !== message.phase ||
    !upload.settings
  ) {
    // Deleted, cancelled, or superseded by a newer generation or phase: nothing to do.
    deps.log.info('ingest chunk skipped', { uploadId: message.uploadId, chunk: message.chunk });
    return;
  }
  const already = await tenant.first(
    uploadChunkResults,
    and(
      resultsOf(message.uploadId, message.generation, message.phase),
      eq(uploadChunkResults.chunk, message.chunk),
    ),
  );
  if (!already) await runChunk(deps, tenant, upload, message);
  await advance(deps, tenant, message);
}

async function runChunk(
  deps: Deps,
  tenant: TenantDb,
  upload: typeof uploads.$inferSelect,
  message: IngestChunkMessage,
) {
  const chunk = await tenant.first(
    uploadChunks,
    and(
      eq(uploadChunks.uploadId, message.uploadId),
      eq(uploadChunks.generation, message.generation),
      eq(uploadChunks.chunk, message.chunk),
    ),
  );
  if (!chunk)
    throw new Error(`chunk ${message.chunk} of upload ${message.uploadId} is not planned`);
  const settings = ProcessUploadSchema.parse(JSON.parse(upload.settings!));
  const dialect = settings.dialect!;
  // Clocks only move across I/O in workerd, so these time the reads and the writes; the rest of a
  // chunk's wall time is the pipeline's CPU.
  const began = Date.now();
  const object = await deps.bucket.get(upload.r2Key, {
    range: { offset: chunk.start, length: chunk.end - chunk.start },
  });
  if (!object) throw new Error(`source object of upload ${message.uploadId} is missing`);
  const bytes = new Uint8Array(await object.arrayBuffer());
  const readMs = Date.now() - began;
  const text = decodeSample(bytes, dialect.encoding);
  const headers = JSON.parse(upload.headers!) as string[];
  const result = processChunk(text, {
    rules: {
      mapping: settings.mapping,
      headers,
      // A code libphonenumber does not know is treated as no default country.
      defaultCountry: phoneCountry(settings.options.defaultCountry),
      required: settings.options.required,
      keepUnmapped: settings.options.keepUnmapped,
      sha256,
      hashBase64,
    },
    dialect,
    width: sourceWidthOf(dialect.encoding),
    byteOffset: chunk.start,
    firstLine: chunk.firstLine,
    matchOn: settings.options.matchOn,
    uploadId: upload.id,
  });

  let rejects: string | null = null;
  if (result.rejects.length) {
    rejects = rejectsKey(tenant.orgId, message);
    const body = Papa.unparse(
      result.rejects.map((r) => [
        r.line,
        r.byteOffset,
        r.column ?? '',
        r.reason,
        r.reasons.join(' '),
        r.raw,
      ]),
      { escapeFormulae: true, newline: '\r\n' },
    );
    await deps.bucket.put(rejects, `${body}\r\n`, {
      httpMetadata: { contentType: 'text/csv; charset=utf-8' },
    });
  }

  const now = deps.now();
  const tally = { ...result.tally, examples: result.examples };
  const statements: InStatement[] = [
    {
      sql: `INSERT INTO upload_chunk_results (org_id, upload_id, generation, phase, chunk, rows, tally, rejects_key, committed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        tenant.orgId,
        upload.id,
        message.generation,
        message.phase,
        message.chunk,
        result.tally.rows,
        JSON.stringify(tally),
        rejects,
        now,
      ],
    },
  ];
  if (message.phase === 'write')
    statements.push(
      ...writeStatements(
        tenant.orgId,
        upload.id,
        result.rows,
        settings,
        now,
        piiKeysOf(deps.config),
      ),
      // Counted audiences are cached per data version: this chunk's records invalidate them.
      bumpDataVersion(tenant.orgId),
    );
  const writing = Date.now();
  try {
    await tenant.withScopedQuery((db) => db.$client.batch(statements, 'write'));
  } catch (error) {
    if (isDuplicateCommit(error)) return; // another delivery committed it first
    throw error;
  }
  deps.log.info('ingest chunk committed', {
    uploadId: upload.id,
    chunk: message.chunk,
    phase: message.phase,
    rows: result.tally.rows,
    rejected: result.tally.rejected,
    readMs,
    writeMs: Date.now() - writing,
    totalMs: Date.now() - began,
  });
}

/** After a chunk: when the phase's last chunk is in, move to the next phase or finish. */
async function advance(deps: Deps, tenant: TenantDb, message: IngestChunkMessage) {
  const upload = await tenant.first(uploads, eq(uploads.id, message.uploadId));
  if (!upload || upload.status !== 'processing' || upload.generation !== message.generation) return;
  const results = await tenant.select(
    uploadChunkResults,
    resultsOf(upload.id, upload.generation, message.phase),
  );
  if (results.length < (upload.chunkCount ?? 0)) {
    await failIfOnlyDeadChunksLeft(deps, tenant, upload, results.length);
    return;
  }
  if (message.phase === 'write')
    return finishUpload(deps, tenant.orgId, upload.id, upload.generation);

  const tally = results
    .map((r) => JSON.parse(r.tally) as QualityTally)
    .reduce(mergeTallies, emptyTally());
  const settings = ProcessUploadSchema.parse(JSON.parse(upload.settings!));
  const invalidPercent = tally.rows === 0 ? 0 : (100 * tally.rejected) / tally.rows;
  if (invalidPercent > settings.options.maxInvalidPercent) {
    await finishUpload(deps, tenant.orgId, upload.id, upload.generation, {
      code: 'too_many_invalid',
      message: `${invalidPercent.toFixed(1)}% of rows are invalid, above your limit of ${settings.options.maxInvalidPercent}%. Nothing was imported: fix the rows listed in the rejects file, or choose "skip invalid rows", and process again.`,
    });
    return;
  }
  const moved = await tenant.update(
    uploads,
    { phase: 'write', updatedAt: new Date(deps.now()) },
    and(
      eq(uploads.id, upload.id),
      eq(uploads.generation, upload.generation),
      eq(uploads.phase, 'validate'),
      eq(uploads.status, 'processing'),
    ),
  );
  if (moved)
    await enqueueChunks(
      deps,
      tenant.orgId,
      upload.id,
      upload.generation,
      'write',
      upload.chunkCount ?? 0,
    );
}

/**
 * Final counts and quality, computed from the committed chunk results and the records themselves
 * (never from running totals), so any number of redeliveries leaves them exact.
 */
export async function finishUpload(
  deps: Deps,
  orgId: string,
  uploadId: string,
  generation: number,
  failure?: { code: string; message: string },
): Promise<void> {
  const tenant = new TenantDb(deps.db, orgId);
  const upload = await tenant.first(uploads, eq(uploads.id, uploadId));
  if (!upload || upload.status !== 'processing' || upload.generation !== generation) return;
  const phase = failure ? 'validate' : 'write';
  const results = await tenant.select(uploadChunkResults, resultsOf(uploadId, generation, phase));
  const tallies = results.map(
    (r) => JSON.parse(r.tally) as QualityTally & { examples: RejectExample[] },
  );
  const tally = tallies.reduce<QualityTally>(mergeTallies, emptyTally());
  const [memberships, created] = failure
    ? [0, 0]
    : await tenant.withScopedQuery((db, scope) =>
        Promise.all([
          db
            .select({ n: sql<number>`count(*)` })
            .from(contactLists)
            .where(scope(contactLists, eq(contactLists.uploadId, uploadId)))
            .then((r) => r[0]?.n ?? 0),
          db
            .select({ n: sql<number>`count(*)` })
            .from(contacts)
            .where(scope(contacts, eq(contacts.createdUploadId, uploadId)))
            .then((r) => r[0]?.n ?? 0),
        ]),
      );
  const duplicates = failure ? 0 : tally.accepted - memberships;
  const counts: UploadCounts = {
    rows: tally.rows,
    accepted: failure ? 0 : tally.accepted,
    rejected: tally.rejected,
    duplicates,
    created,
    matched: memberships - created,
  };
  const settings = ProcessUploadSchema.parse(JSON.parse(upload.settings!));
  const headers = JSON.parse(upload.headers!) as string[];
  const mapped = headers.filter((_, i) => settings.mapping[i] !== null);
  const report = qualityReport({ ...tally, duplicates }, mapped);
  const examples = mergeExamples(tallies.map((t) => t.examples ?? []));
  const quality: UploadQuality = {
    ...report,
    columns: report.columns.map((c) => ({
      ...c,
      field: settings.mapping[headers.indexOf(c.name)] ?? null,
    })),
    reasons: Object.entries(tally.reasons)
      .map(([reason, n]) => ({
        reason,
        count: n ?? 0,
        examples: examples.filter((e) => e.reason === reason),
      }))
      .sort((a, b) => b.count - a.count),
  };
  const status = failure ? 'failed' : tally.rejected > 0 ? 'completed_with_errors' : 'completed';
  const now = new Date(deps.now());
  const changed = await tenant.update(
    uploads,
    {
      status,
      counts: JSON.stringify(counts),
      quality: JSON.stringify(quality),
      errorCode: failure?.code ?? null,
      errorMessage: failure?.message ?? null,
      finishedAt: now,
      updatedAt: now,
    },
    and(
      eq(uploads.id, uploadId),
      eq(uploads.generation, generation),
      eq(uploads.status, 'processing'),
    ),
  );
  if (!changed) return; // another consumer finished it
  await recordAudit(deps, tenant, SYSTEM_ACTOR, {
    action: failure ? 'upload.failed' : 'upload.completed',
    targetType: 'upload',
    targetId: uploadId,
    summary: { generation, ...counts, qualityScore: quality.score, error: failure?.code ?? null },
  });
  // New people: map their identifiers to UID2 now rather than at the daily refresh.
  if (!failure) await mapAfterUpload(deps, tenant.orgId, uploadId);
}

/** A chunk whose message exhausted its retries: visible on the upload, replayable from the app. */
export async function markChunkDead(deps: Deps, message: IngestChunkMessage): Promise<void> {
  const tenant = new TenantDb(deps.db, message.orgId);
  const changed = await tenant.update(
    uploadChunks,
    { state: 'dead' },
    and(
      eq(uploadChunks.uploadId, message.uploadId),
      eq(uploadChunks.generation, message.generation),
      eq(uploadChunks.chunk, message.chunk),
    ),
  );
  if (!changed) return;
  const upload = await tenant.first(uploads, eq(uploads.id, message.uploadId));
  if (!upload || upload.generation !== message.generation || upload.status !== 'processing') return;
  const done = await tenant.select(
    uploadChunkResults,
    resultsOf(upload.id, upload.generation, message.phase),
  );
  await failIfOnlyDeadChunksLeft(deps, tenant, upload, done.length);
}

/**
 * When every chunk has either committed or died, the upload cannot finish by itself: it is marked
 * failed (the other chunks' work is kept) until someone replays the dead chunks.
 */
async function failIfOnlyDeadChunksLeft(
  deps: Deps,
  tenant: TenantDb,
  upload: typeof uploads.$inferSelect,
  committed: number,
) {
  const dead = await tenant.select(
    uploadChunks,
    and(
      eq(uploadChunks.uploadId, upload.id),
      eq(uploadChunks.generation, upload.generation),
      eq(uploadChunks.state, 'dead'),
    ),
  );
  if (dead.length === 0 || committed + dead.length < (upload.chunkCount ?? 0)) return;
  const now = new Date(deps.now());
  const changed = await tenant.update(
    uploads,
    {
      status: 'failed',
      errorCode: 'chunk_failed',
      errorMessage: `${dead.length === 1 ? 'One part' : `${dead.length} parts`} of the file could not be processed after several attempts. Retry from this page; the rest of the file is imported.`,
      finishedAt: now,
      updatedAt: now,
    },
    and(
      eq(uploads.id, upload.id),
      eq(uploads.generation, upload.generation),
      eq(uploads.status, 'processing'),
    ),
  );
  if (changed)
    await recordAudit(deps, tenant, SYSTEM_ACTOR, {
      action: 'upload.chunk_failed',
      targetType: 'upload',
      targetId: upload.id,
      summary: { chunks: dead.map((d) => d.chunk), generation: upload.generation },
    });
}
