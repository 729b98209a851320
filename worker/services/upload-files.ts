import { and, asc, eq, gt, isNotNull } from 'drizzle-orm';
import Papa from 'papaparse';
import { TargetFieldSchema } from '../../core/ingest/column-mapping';
import { contacts, uploadChunkResults, uploads } from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import { piiKeysOf } from '../config';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';
import { openPii, type PiiKeys } from '../lib/pii';
import { recordAudit, type AuditActor } from './audit';
import { REJECTS_HEADER } from './ingest';
import { resultsOf } from './upload-view';

const encoder = new TextEncoder();

/**
 * The rejects CSV of an upload's latest run: a header, then each chunk's rejects file from R2 in
 * chunk order, streamed (never assembled in memory). Cells were written formula-safe.
 */
export async function rejectsDownload(
  deps: Pick<Deps, 'bucket'>,
  tenant: TenantDb,
  id: string,
): Promise<{ body: ReadableStream<Uint8Array>; filename: string }> {
  const upload = await tenant.first(uploads, eq(uploads.id, id));
  if (!upload) throw new AppError(404, 'not_found', 'No such upload in this organisation');
  const phase = upload.phase ?? 'write';
  const parts = await tenant.withScopedQuery((db, scope) =>
    db
      .select({ key: uploadChunkResults.rejectsKey })
      .from(uploadChunkResults)
      .where(
        scope(
          uploadChunkResults,
          and(resultsOf(id, upload.generation, phase), isNotNull(uploadChunkResults.rejectsKey)),
        ),
      )
      .orderBy(asc(uploadChunkResults.chunk)),
  );
  if (upload.sourceDeletedAt && parts.length)
    throw new AppError(
      409,
      'source_deleted',
      'The rejected rows were removed with the source file under the retention policy',
    );
  const keys = parts.map((p) => p.key!);
  const bucket = deps.bucket;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(`${REJECTS_HEADER.join(',')}\r\n`));
    },
    async pull(controller) {
      const key = keys.shift();
      if (key === undefined) return controller.close();
      const object = await bucket.get(key);
      if (!object) return; // removed meanwhile: skip rather than fail the download
      const reader = object.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        controller.enqueue(value);
      }
    },
  });
  const base = upload.name.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_') || 'upload';
  return { body, filename: `${base}-rejects.csv` };
}

/** The contact fields (the mapper's target fields are the column names), then metadata. */
const EXPORT_COLUMNS = [
  'id',
  ...TargetFieldSchema.options,
  'custom',
  'quality',
  'created_at',
  'updated_at',
] as const;

export type ContactRow = typeof contacts.$inferSelect;

/**
 * Contact rows as read from the database, with the sealed email and phone opened: what every
 * reader shows or exports. A value no configured key opens (a retired key) reads as missing.
 */
export function openContacts(keys: PiiKeys, orgId: string, rows: ContactRow[]): ContactRow[] {
  return rows.map((row) => ({
    ...row,
    email: openPii(keys, orgId, row.email),
    phone: openPii(keys, orgId, row.phone),
  }));
}
const camel = (column: string) => column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

function exportValue(row: ContactRow, column: (typeof EXPORT_COLUMNS)[number]): unknown {
  if (column === 'created_at' || column === 'updated_at')
    return new Date(row[camel(column) as 'createdAt' | 'updatedAt']).toISOString();
  return row[camel(column) as keyof ContactRow];
}

/**
 * Contacts as CSV lines (with the header line first when asked), cells formula-safe; the
 * contacts export and the audience members export share it. Rows come through `openContacts`.
 */
export function contactsCsv(rows: ContactRow[], header: boolean): string {
  const csv = Papa.unparse(
    {
      fields: [...EXPORT_COLUMNS],
      data: rows.map((r) => EXPORT_COLUMNS.map((column) => exportValue(r, column))),
    },
    { escapeFormulae: true, header, newline: '\r\n' },
  );
  return csv ? `${csv}\r\n` : '';
}

const PAGE = 2000;

/**
 * Every contact of the organisation as CSV, paged by id and streamed, for portability. Hashes are
 * left out (they derive from the email and phone); cells are formula-safe.
 */
export async function exportContacts(
  deps: Pick<Deps, 'newId' | 'now' | 'config'>,
  tenant: TenantDb,
  actor: AuditActor,
): Promise<ReadableStream<Uint8Array>> {
  await recordAudit(deps, tenant, actor, {
    action: 'contacts.exported',
    targetType: 'contacts',
    targetId: null,
    summary: { format: 'csv' },
  });
  const keys = piiKeysOf(deps.config);
  let after = 0;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = await tenant.withScopedQuery((db, scope) =>
        db
          .select()
          .from(contacts)
          .where(scope(contacts, gt(contacts.id, after)))
          .orderBy(asc(contacts.id))
          .limit(PAGE),
      );
      const csv = contactsCsv(openContacts(keys, tenant.orgId, rows), first);
      if (csv) controller.enqueue(encoder.encode(csv));
      first = false;
      if (rows.length < PAGE) return controller.close();
      after = rows[rows.length - 1]!.id;
    },
  });
}
