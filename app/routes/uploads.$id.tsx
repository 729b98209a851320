import { ConfirmDeletePanel } from '~/components/confirm-panel';
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/cloudflare';
import { Link, useLoaderData, useRevalidator } from '@remix-run/react';
import { ChevronLeft, RefreshCw, Trash2 } from 'lucide-react';
import { z } from 'zod';
import {
  EncodingSchema,
  ProcessUploadSchema,
  QuoteSchema,
  UploadOptionsSchema,
  UploadSchema,
  type Upload,
} from '../../core/contracts/uploads';
import { TargetFieldSchema } from '../../core/ingest/column-mapping';
import { useCan } from '~/components/shell/use-me';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { PageHeader } from '~/components/ui/page-header';
import { MappingForm } from '~/components/uploads/mapping-form';
import { ProcessingPanel } from '~/components/uploads/processing-panel';
import { UploadResults } from '~/components/uploads/results';
import { UploadStatusBadge } from '~/components/uploads/status-badge';
import { apiJson, redirectIfSignedOut, unwrap } from '~/lib/api.server';
import { formatUtcSeconds } from '~/lib/dates';
import { pageTitle } from '~/lib/meta';
import { delimiterFromName, formatBytes, isFinished } from '~/lib/uploads';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: pageTitle(loaded ? `${loaded.upload.name} · Uploads` : 'Upload') },
];

const path = (id: string) => `/api/uploads/${encodeURIComponent(id)}`;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const upload = unwrap(
    await apiJson(context, path(params.id!), { schema: UploadSchema }),
    request,
  );
  const url = new URL(request.url);
  return {
    upload,
    /** `?step=map`: re-process with a new mapping (starts from the current settings). */
    remap: url.searchParams.get('step') === 'map',
    confirmDelete: url.searchParams.has('delete'),
    fields: TargetFieldSchema.options,
  };
}

const Blank = (value: unknown) => (value === '' ? undefined : value);

/** The mapping form's fields (components/uploads/mapping-form.tsx), before they become a body. */
const ProcessFormSchema = z.object({
  encoding: EncodingSchema,
  delimiter: z.string().transform((name, ctx) => {
    const delimiter = delimiterFromName(name);
    if (!delimiter) ctx.addIssue({ code: 'custom', message: 'Choose a delimiter' });
    return delimiter ?? ',';
  }),
  quote: QuoteSchema,
  headerLine: z.coerce.number().int().min(1, 'The header row is line 1 or later'),
  keepUnmapped: z.literal('on').optional(),
  saveMapping: z.literal('on').optional(),
  defaultCountry: z.preprocess(Blank, z.string().optional()),
  onInvalid: UploadOptionsSchema.shape.onInvalid,
  maxInvalidPercent: z.preprocess(Blank, z.coerce.number().optional()),
  inFile: UploadOptionsSchema.shape.inFile,
  existing: UploadOptionsSchema.shape.existing,
  matchOn: z.preprocess(Blank, TargetFieldSchema.optional()),
  redirectTo: z.string().optional(),
});

function processBody(formData: FormData) {
  const form = ProcessFormSchema.safeParse(Object.fromEntries(formData));
  if (!form.success) return { ok: false as const, message: z.prettifyError(form.error) };
  const f = form.data;
  const body = ProcessUploadSchema.safeParse({
    mapping: formData.getAll('column').map((value) => (value === '' ? null : value)),
    dialect: {
      encoding: f.encoding,
      delimiter: f.delimiter,
      quote: f.quote,
      headerLine: f.headerLine,
    },
    options: {
      defaultCountry: f.defaultCountry ?? null,
      keepUnmapped: f.keepUnmapped === 'on',
      onInvalid: f.onInvalid,
      ...(f.maxInvalidPercent === undefined ? {} : { maxInvalidPercent: f.maxInvalidPercent }),
      inFile: f.inFile,
      existing: f.existing,
      matchOn: f.matchOn ?? null,
    },
    saveMapping: f.saveMapping === 'on',
  });
  if (!body.success) {
    const messages = body.error.issues.map((issue) => issue.message);
    return { ok: false as const, message: [...new Set(messages)].join(' ') };
  }
  // Only back to this upload's own page.
  const redirectTo = f.redirectTo?.startsWith('/uploads/') ? f.redirectTo : null;
  return { ok: true as const, body: body.data, redirectTo };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const id = params.id!;
  const formData = await request.formData();
  const intent = formData.get('intent');

  if (intent === 'process') {
    const parsed = processBody(formData);
    if (!parsed.ok)
      return data({ ok: false as const, intent, formError: parsed.message }, { status: 400 });
    const result = await apiJson(context, `${path(id)}/process`, {
      method: 'POST',
      json: parsed.body,
      schema: UploadSchema,
    });
    if (!result.ok) {
      redirectIfSignedOut(result, request);
      return data(
        { ok: false as const, intent, formError: result.message },
        { status: result.status },
      );
    }
    if (parsed.redirectTo) throw redirect(parsed.redirectTo);
    return { ok: true as const, intent, upload: result.data };
  }

  if (intent === 'cancel' || intent === 'replay') {
    const chunk = z.coerce.number().int().min(0).safeParse(formData.get('chunk'));
    const target =
      intent === 'cancel' ? `${path(id)}/cancel` : `${path(id)}/chunks/${chunk.data ?? 0}/replay`;
    const result = await apiJson(context, target, { method: 'POST', schema: UploadSchema });
    if (!result.ok) {
      redirectIfSignedOut(result, request);
      return data(
        { ok: false as const, intent, formError: result.message },
        { status: result.status },
      );
    }
    return { ok: true as const, intent };
  }

  if (intent === 'delete') {
    const records = formData.get('records') === 'remove' ? 'remove' : 'keep';
    const result = await apiJson(context, `${path(id)}?records=${records}`, { method: 'DELETE' });
    if (!result.ok) {
      redirectIfSignedOut(result, request);
      return data(
        { ok: false as const, intent, formError: result.message },
        { status: result.status },
      );
    }
    throw redirect(`/uploads?deleted=${records === 'remove' ? 'with-records' : '1'}`);
  }

  return data({ ok: false as const, intent, formError: 'Unknown action' }, { status: 400 });
}

export default function UploadPage() {
  const { upload, remap, confirmDelete, fields } = useLoaderData<typeof loader>();
  const canMap = useCan('upload:map');
  const canDelete = useCan('upload:delete');
  const revalidator = useRevalidator();
  const finished = isFinished(upload.status);
  const here = `/uploads/${upload.id}`;
  const mapping =
    canMap &&
    upload.sniff &&
    !upload.sourceDeletedAt &&
    upload.status !== 'processing' &&
    (remap || (upload.status === 'uploaded' && !upload.settings));
  const running =
    upload.status === 'processing' || (upload.status === 'uploaded' && Boolean(upload.settings));

  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <Link
          to="/uploads"
          className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
        >
          <ChevronLeft aria-hidden="true" className="size-4" />
          Uploads
        </Link>
        <PageHeader
          title={upload.name}
          description={<UploadMeta upload={upload} />}
          actions={
            <>
              {canMap && finished && upload.sniff && !upload.sourceDeletedAt && !remap ? (
                <Button asChild variant="secondary">
                  <Link to="?step=map">
                    <RefreshCw aria-hidden="true" />
                    Re-process
                  </Link>
                </Button>
              ) : null}
              {canDelete && !confirmDelete ? (
                <Button asChild variant="ghost">
                  <Link to="?delete=1" preventScrollReset>
                    <Trash2 aria-hidden="true" />
                    Delete
                  </Link>
                </Button>
              ) : null}
            </>
          }
        />
      </div>

      {confirmDelete && canDelete ? <ConfirmDelete upload={upload} cancelHref={here} /> : null}

      {upload.status === 'uploading' ? (
        <Callout tone="info">
          <p>
            This file has not finished uploading: {upload.partsStored.length} of {upload.partCount}{' '}
            parts have arrived.{' '}
            {upload.settings ? 'Its import starts as soon as the rest arrives. ' : ''}
            To send the rest, pick the same file again on the{' '}
            <Link to="/uploads" className="text-link underline">
              Uploads page
            </Link>
            : it is recognised and only the missing parts are sent.
          </p>
        </Callout>
      ) : null}

      {upload.error && finished && !remap ? (
        <Callout tone={upload.status === 'failed' ? 'danger' : 'info'} role="status">
          <p>{upload.error.message}</p>
          {upload.status === 'failed' && canMap && upload.sniff && !upload.sourceDeletedAt ? (
            <p>
              Check the mapping and options, then{' '}
              <Link to="?step=map" className="text-link underline">
                process the file again
              </Link>
              .
            </p>
          ) : null}
        </Callout>
      ) : null}

      {mapping && upload.sniff ? (
        <section aria-labelledby="mapping-heading" className="space-y-4">
          <div>
            <h2 id="mapping-heading" className="text-base font-semibold">
              {remap ? 'Process again with new settings' : 'Map the columns and import'}
            </h2>
            {remap ? (
              <p className="text-sm text-muted-foreground">
                Re-processing replaces what this upload imported with the result of the new
                settings.{' '}
                <Link to={here} className="text-link underline">
                  Keep the current result
                </Link>
              </p>
            ) : null}
          </div>
          <MappingForm
            upload={{ ...upload, sniff: upload.sniff }}
            fields={fields}
            redirectTo={here}
            submitLabel={remap ? 'Re-process' : 'Import'}
          />
        </section>
      ) : running ? (
        <section aria-labelledby="progress-heading" className="space-y-3">
          <h2 id="progress-heading" className="text-base font-semibold">
            Processing
          </h2>
          <ProcessingPanel
            upload={upload}
            canCancel={canMap}
            showResultsLink={false}
            onFinished={() => revalidator.revalidate()}
          />
        </section>
      ) : null}

      {upload.status === 'uploaded' && !upload.settings && !canMap ? (
        <Callout tone="info">
          <p>The file has arrived and waits for an editor to match its columns and import it.</p>
        </Callout>
      ) : null}

      {finished && !remap ? <UploadResults upload={upload} canMap={canMap} /> : null}
    </div>
  );
}

function UploadMeta({ upload }: { upload: Upload }) {
  return (
    <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <UploadStatusBadge status={upload.status} />
      <span>{formatBytes(upload.sizeBytes)}</span>
      <span>by {upload.createdBy?.name ?? 'an API token'}</span>
      <span>{formatUtcSeconds(upload.createdAt)}</span>
    </span>
  );
}

function ConfirmDelete({ upload, cancelHref }: { upload: Upload; cancelHref: string }) {
  return (
    <ConfirmDeletePanel
      headingId="confirm-delete"
      heading={`Delete ${upload.name}?`}
      explanation="The upload, its source file and its rejected rows are removed. The contacts it imported stay unless you remove them too."
      fields={{ intent: 'delete' }}
      submitLabel="Delete upload"
      cancelHref={cancelHref}
    >
      <div className="flex items-start gap-2">
        <input
          id="delete-records"
          type="checkbox"
          name="records"
          value="remove"
          className="mt-0.5 size-4 accent-primary"
        />
        <label htmlFor="delete-records" className="text-sm">
          Also remove the records from this upload (contacts no other upload brought in)
        </label>
      </div>
    </ConfirmDeletePanel>
  );
}
