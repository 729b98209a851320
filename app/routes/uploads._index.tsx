import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/cloudflare';
import { useActionData, useLoaderData, useRevalidator } from '@remix-run/react';
import { useEffect, useMemo, useState } from 'react';
import { z } from 'zod';
import { MemberSchema } from '../../core/contracts/accounts';
import {
  FINGERPRINT_EDGE_BYTES,
  UPLOAD_STATUSES,
  UploadLimitsSchema,
  UploadListSchema,
  UploadSchema,
} from '../../core/contracts/uploads';
import { TargetFieldSchema } from '../../core/ingest/column-mapping';
import { FormAlert } from '~/components/forms';
import { useCan } from '~/components/shell/use-me';
import { Callout } from '~/components/ui/callout';
import { PageHeader } from '~/components/ui/page-header';
import { Dropzone } from '~/components/uploads/dropzone';
import { UploadHistory, type BulkOutcome } from '~/components/uploads/history';
import { QueueCard } from '~/components/uploads/queue-card';
import { useUploadQueue } from '~/components/uploads/use-upload-queue';
import { apiJson, redirectIfSignedOut, unwrap } from '~/lib/api.server';
import { optional } from '~/lib/forms';
import { pageTitle } from '~/lib/meta';
import { formatBytes, type HistoryFilters } from '~/lib/uploads';

export const meta: MetaFunction = () => [{ title: pageTitle('Uploads') }];

const Day = optional(z.iso.date());

/** The history's view as it appears in the address; anything malformed falls back to a default. */
const HistoryParamsSchema = z.object({
  q: optional(z.string().trim().max(255)).catch(undefined),
  status: optional(z.enum(UPLOAD_STATUSES)).catch(undefined),
  uploader: optional(z.string().max(64)).catch(undefined),
  from: Day.catch(undefined),
  to: Day.catch(undefined),
  sort: z.enum(['created_at', 'name', 'size', 'status']).catch('created_at'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

const PAGE_SIZE = 20;

function listQuery(filters: HistoryFilters): URLSearchParams {
  const query = new URLSearchParams({
    sort: filters.sort,
    dir: filters.dir,
    page: String(filters.page),
    pageSize: String(PAGE_SIZE),
  });
  if (filters.q) query.set('q', filters.q);
  if (filters.status) query.set('status', filters.status);
  if (filters.uploader) query.set('uploader', filters.uploader);
  // Days are UTC: from the first to the last instant of each.
  if (filters.from) query.set('from', `${filters.from}T00:00:00.000Z`);
  if (filters.to) query.set('to', `${filters.to}T23:59:59.999Z`);
  return query;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filters: HistoryFilters = HistoryParamsSchema.parse(Object.fromEntries(url.searchParams));
  const [limits, list, members] = await Promise.all([
    apiJson(context, '/api/uploads/limits', { schema: UploadLimitsSchema }),
    apiJson(context, `/api/uploads?${listQuery(filters)}`, { schema: UploadListSchema }),
    apiJson(context, '/api/members', { schema: z.object({ members: z.array(MemberSchema) }) }),
  ]);
  return {
    limits: unwrap(limits, request),
    list: unwrap(list, request),
    filters,
    members: members.ok
      ? members.data.members.map((member) => ({ id: member.userId, name: member.name }))
      : [],
    confirmDelete:
      url.searchParams.get('confirm') === 'delete' ? url.searchParams.getAll('ids') : [],
    deleted: url.searchParams.get('deleted'),
    // Contract values the uploader in the browser needs, passed as data (no zod in the bundle).
    fingerprintEdgeBytes: FINGERPRINT_EDGE_BYTES,
    fields: TargetFieldSchema.options,
  };
}

const BulkSchema = z.object({
  intent: z.enum(['bulk-reprocess', 'bulk-delete']),
  ids: z.array(z.string().min(1).max(64)).min(1, 'Select at least one upload').max(100),
  records: z.enum(['remove']).optional(),
});

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const parsed = BulkSchema.safeParse({
    intent: formData.get('intent'),
    ids: formData.getAll('ids'),
    records: formData.get('records') ?? undefined,
  });
  if (!parsed.success)
    return data(
      {
        ok: false,
        message: parsed.error.issues[0]?.message ?? 'Nothing to do',
      } satisfies BulkOutcome,
      { status: 400 },
    );
  const { intent, ids, records } = parsed.data;
  const failures: string[] = [];
  let done = 0;

  // One at a time: each call is a full API request with its own checks and audit entry.
  for (const id of ids) {
    const at = `/api/uploads/${encodeURIComponent(id)}`;
    if (intent === 'bulk-delete') {
      const result = await apiJson(
        context,
        `${at}?records=${records === 'remove' ? 'remove' : 'keep'}`,
        {
          method: 'DELETE',
        },
      );
      if (result.ok) done++;
      else {
        redirectIfSignedOut(result, request);
        failures.push(result.message);
      }
      continue;
    }
    // Re-process with the settings the upload was last processed with.
    const upload = await apiJson(context, at, { schema: UploadSchema });
    if (!upload.ok) {
      redirectIfSignedOut(upload, request);
      failures.push(upload.message);
      continue;
    }
    if (!upload.data.settings) {
      failures.push(`${upload.data.name} has not been mapped yet; open it to choose a mapping`);
      continue;
    }
    const result = await apiJson(context, `${at}/process`, {
      method: 'POST',
      json: upload.data.settings,
      schema: UploadSchema,
    });
    if (result.ok) done++;
    else failures.push(`${upload.data.name}: ${result.message}`);
  }

  const what = intent === 'bulk-delete' ? 'deleted' : 'processing again';
  const message =
    (done ? `${plural(done, 'upload')} ${what}. ` : '') +
    (failures.length
      ? `${plural(failures.length, 'upload')} not changed: ${failures.join('; ')}.`
      : '');
  return data({ ok: failures.length === 0, message: message.trim() } satisfies BulkOutcome, {
    status: failures.length && !done ? 409 : 200,
  });
}

export default function UploadsPage() {
  const loaded = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>() ?? null;
  const canCreate = useCan('upload:create');
  const canMap = useCan('upload:map');
  const canDelete = useCan('upload:delete');
  const config = useMemo(
    () => ({ limits: loaded.limits, fingerprintEdgeBytes: loaded.fingerprintEdgeBytes }),
    [loaded.limits, loaded.fingerprintEdgeBytes],
  );
  const queue = useUploadQueue(config);
  const [refused, setRefused] = useState<{ name: string; message: string }[]>([]);
  // The history shows uploads this page starts, cancels or finishes sending as they change.
  const { revalidate } = useRevalidator();
  const phases = queue.items.map((item) => `${item.key}:${item.phase}`).join(' ');
  useEffect(() => {
    if (phases) revalidate();
    // Only when a file changes phase, not on every progress tick.
  }, [phases]);

  const onFiles = (files: File[]) => {
    void queue.add(files).then(setRefused);
  };

  return (
    <div className="space-y-8">
      <PageHeader
        title="Uploads"
        description={
          canCreate
            ? `Upload contact lists as CSV files of up to ${formatBytes(loaded.limits.maxBytes)}. Each file is checked, cleaned and de-duplicated; rows that fail are set aside with the reason.`
            : 'Contact lists uploaded by your organisation, with their row counts, quality and rejected rows.'
        }
      />

      {loaded.deleted ? (
        <Callout tone="success" role="status">
          <p>
            {loaded.deleted === 'with-records'
              ? 'The upload and the contacts only it brought in were deleted.'
              : 'The upload was deleted. The contacts it imported stay.'}
          </p>
        </Callout>
      ) : null}

      {canCreate ? (
        <section aria-labelledby="new-upload-heading" className="space-y-4">
          <h2 id="new-upload-heading" className="sr-only">
            Upload files
          </h2>
          <Dropzone
            maxBytes={loaded.limits.maxBytes}
            retentionDays={loaded.limits.retentionDays}
            onFiles={onFiles}
          />
          {refused.length ? (
            <FormAlert>
              <ul className="space-y-1">
                {refused.map((r) => (
                  <li key={r.name}>
                    <span className="font-medium break-all">{r.name}</span>: {r.message}
                  </li>
                ))}
              </ul>
            </FormAlert>
          ) : null}
          {queue.items.length ? (
            <div className="space-y-4" aria-label="Files in progress" role="region">
              {queue.items.map((item) => (
                <QueueCard
                  key={item.key}
                  item={item}
                  controls={queue}
                  fields={loaded.fields}
                  canMap={canMap}
                />
              ))}
            </div>
          ) : null}
        </section>
      ) : (
        <Callout tone="info">
          <p>
            Your role can see uploads but not add them. Ask an editor or an admin if a list needs
            importing.
          </p>
        </Callout>
      )}

      <UploadHistory
        list={loaded.list}
        filters={loaded.filters}
        members={loaded.members}
        canMap={canMap}
        canDelete={canDelete}
        confirmDelete={loaded.confirmDelete}
        outcome={outcome}
      />
    </div>
  );
}
