import { ConfirmDeletePanel } from '~/components/confirm-panel';
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/cloudflare';
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { Archive, ArchiveRestore, ChevronLeft, Copy, Pencil, Trash2 } from 'lucide-react';
import { useMemo, useRef } from 'react';
import { z } from 'zod';
import { referencedLists, walk } from '../../core/audience/definition';
import {
  AudienceListSchema,
  AudienceNameSchema,
  AudienceSchema,
  AudienceStatsSchema,
  DiffSchema,
  FieldsSchema,
  FolderTreeSchema,
  MembersPreviewSchema,
  NodeIssueSchema,
  OverlapSchema,
  ParsedSchema,
  SizeHistorySchema,
  SqlViewSchema,
  TagSchema,
  VersionListSchema,
  VersionSchema,
  type Audience,
} from '../../core/contracts/audiences';
import { UploadListSchema, UploadSchema } from '../../core/contracts/uploads';
import { TtdReachCard } from '~/components/activation/reach-card';
import { MembersPreview } from '~/components/audiences/members-preview';
import { OverlapTool } from '~/components/audiences/overlap-tool';
import { QueryInsights } from '~/components/audiences/query-insights';
import { SizeHistory } from '~/components/audiences/size-history';
import type { TextOutcome } from '~/components/audiences/text-form-editor';
import {
  VersionsPanel,
  type DiffView,
  type VersionOutcome,
} from '~/components/audiences/versions-panel';
import { FormAlert, SelectField, TextField, useFocusFirstError } from '~/components/forms';
import { AudienceBuilder } from '~/components/builder/audience-builder';
import { useCan, useMe } from '~/components/shell/use-me';
import { Badge } from '~/components/ui/badge';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { Textarea } from '~/components/ui/input';
import { PageHeader } from '~/components/ui/page-header';
import { apiJson, redirectIfSignedOut, unwrap, type ApiFailure } from '~/lib/api.server';
import { carryNodeIds, flattenFolders, nodesById, type NameBook } from '~/lib/audiences';
import { formatUtcSeconds } from '~/lib/dates';
import { formErrorFor } from '~/lib/form-problems.server';
import type { FieldErrors } from '~/lib/forms';
import { pageTitle } from '~/lib/meta';
import flowStyles from '@xyflow/react/dist/style.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: flowStyles }];

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: pageTitle(loaded ? `${loaded.audience.name} · Audiences` : 'Audience') },
];

const path = (id: string) => `/api/audiences/${encodeURIComponent(id)}`;

const DiffEntrySchema = z.object({ id: z.string(), kind: z.string(), text: z.string() });
/** `diffDefinitions`' report (core/audience/diff.ts); the contract leaves it `unknown`. */
const ChangesSchema = z.object({
  equivalent: z.boolean(),
  added: z.array(DiffEntrySchema),
  removed: z.array(DiffEntrySchema),
  changed: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      properties: z.array(z.string()),
      before: z.string(),
      after: z.string(),
    }),
  ),
  moved: z.array(DiffEntrySchema),
});

const DiffParamsSchema = z.object({
  from: z.coerce.number().int().min(1).optional().catch(undefined),
  to: z
    .union([z.literal('draft'), z.coerce.number().int().min(1)])
    .optional()
    .catch(undefined),
});

/** Only what the page says about the fields this definition uses (country lists are long). */
function nameBook(
  audience: Audience,
  fields: z.infer<typeof FieldsSchema>['fields'],
  lists: Record<string, string>,
  audiences: Record<string, string>,
): NameBook {
  const used = new Map<string, Set<string>>();
  for (const { node } of walk(audience.definition.root)) {
    if (node.kind !== 'rule' || !node.field) continue;
    const values = used.get(node.field) ?? new Set<string>();
    const raw = Array.isArray(node.value) ? node.value : [node.value];
    for (const v of raw) if (typeof v === 'string') values.add(v);
    used.set(node.field, values);
  }
  const book: NameBook['fields'] = {};
  for (const field of fields) {
    const values = used.get(field.id);
    if (!values) continue;
    book[field.id] = {
      label: field.label,
      type: field.type,
      ...(field.options ? { options: field.options.filter((o) => values.has(o.value)) } : {}),
    };
  }
  return { fields: book, lists, audiences, topics: {} };
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const id = params.id!;
  const base = path(id);
  const url = new URL(request.url);
  const [audienceResult, versions, history, fields, folders, others, stats, uploads] =
    await Promise.all([
      apiJson(context, base, { schema: AudienceSchema }),
      apiJson(context, `${base}/versions`, { schema: VersionListSchema }),
      apiJson(context, `${base}/history`, { schema: SizeHistorySchema }),
      apiJson(context, '/api/audiences/fields', { schema: FieldsSchema }),
      apiJson(context, '/api/audience-folders', { schema: FolderTreeSchema }),
      apiJson(context, '/api/audiences?status=all&limit=100', { schema: AudienceListSchema }),
      apiJson(context, `${base}/stats`, { schema: AudienceStatsSchema }),
      // The latest lists: names for the builder until its own catalog has loaded.
      apiJson(context, '/api/uploads?pageSize=100', { schema: UploadListSchema }),
    ]);
  const audience = unwrap(audienceResult, request);

  const compare = [...new Set(url.searchParams.getAll('compare'))].filter((c) => c && c !== id);
  const diffParams = DiffParamsSchema.parse(Object.fromEntries(url.searchParams));
  const knownLists = new Map(
    uploads.ok ? uploads.data.uploads.map((u) => [u.id, u.name] as const) : [],
  );
  const listIds = referencedLists(audience.definition).filter((l) => !knownLists.has(l));
  const [members, listNames, diff, overlap, sql] = await Promise.all([
    audience.size.valid
      ? apiJson(context, `${base}/members?limit=10`, { schema: MembersPreviewSchema })
      : null,
    Promise.all(
      listIds.map(async (listId) => {
        const upload = await apiJson(context, `/api/uploads/${encodeURIComponent(listId)}`, {
          schema: UploadSchema,
        });
        return [listId, upload.ok ? upload.data.name : `a deleted list (${listId})`] as const;
      }),
    ),
    diffParams.from
      ? apiJson(
          context,
          `${base}/versions/${diffParams.from}/diff?to=${diffParams.to ?? 'draft'}`,
          {
            schema: DiffSchema,
          },
        )
      : null,
    compare.length
      ? apiJson(context, '/api/audiences/overlap', {
          method: 'POST',
          json: { audienceIds: [id, ...compare], priority: true },
          schema: OverlapSchema,
        })
      : null,
    url.searchParams.get('sql') === '1'
      ? apiJson(context, `${base}/sql`, { schema: SqlViewSchema })
      : null,
  ]);

  const audienceNames = Object.fromEntries(
    unwrap(others, request).audiences.map((a) => [a.id, a.name]),
  );
  const changes = diff?.ok ? ChangesSchema.safeParse(diff.data.changes) : null;
  return {
    audience,
    versions: unwrap(versions, request).versions,
    history: unwrap(history, request).points,
    folders: unwrap(folders, request).folders,
    names: nameBook(
      audience,
      unwrap(fields, request).fields,
      { ...Object.fromEntries(knownLists), ...Object.fromEntries(listNames) },
      audienceNames,
    ),
    candidates: unwrap(others, request)
      .audiences.filter((a) => a.id !== id)
      .map((a) => ({ id: a.id, name: a.name })),
    members: members?.ok ? members.data : null,
    diff: diff?.ok
      ? ({
          from: diff.data.from,
          to: diff.data.to,
          changes: changes?.success ? changes.data : null,
        } satisfies DiffView)
      : null,
    diffError: diff && !diff.ok ? diff.message : null,
    diffQuery: {
      ...(diffParams.from ? { from: diffParams.from } : {}),
      ...(diffParams.to ? { to: String(diffParams.to) } : {}),
    },
    compare,
    overlap: overlap?.ok ? overlap.data : null,
    overlapError: overlap && !overlap.ok ? overlap.message : null,
    stats: stats.ok ? stats.data : null,
    sql: sql?.ok ? sql.data : null,
    sqlError: sql && !sql.ok ? sql.message : null,
    created: url.searchParams.get('created') === '1',
    confirmDelete: url.searchParams.get('delete') === '1',
  };
}

const Blank = (value: unknown) => (value === '' ? null : value);

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('details'),
    name: AudienceNameSchema,
    description: z.string().trim().max(2000, 'Descriptions are at most 2,000 characters'),
    tags: z
      .string()
      .max(2000)
      .transform((text) =>
        text
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      )
      .pipe(z.array(TagSchema).max(20, 'At most 20 tags')),
    folderId: z.preprocess(Blank, z.string().max(100).nullable()),
  }),
  z.object({ intent: z.literal('apply-text'), text: z.string().max(200_000) }),
  z.object({
    intent: z.literal('save-version'),
    note: z.string().trim().max(500, 'Notes are at most 500 characters').optional(),
  }),
  z.object({ intent: z.literal('restore'), version: z.coerce.number().int().min(1) }),
  z.object({ intent: z.enum(['archive', 'unarchive', 'duplicate', 'delete']) }),
]);

interface DetailsOutcome {
  intent: 'details' | 'archive' | 'unarchive' | 'duplicate' | 'delete';
  ok: boolean;
  message: string;
  fieldErrors?: FieldErrors;
}
type Outcome = DetailsOutcome | TextOutcome | VersionOutcome;

const ParseErrorDetailsSchema = z.object({
  line: z.number().int(),
  column: z.number().int(),
  offset: z.number().int(),
});
const IssuesDetailsSchema = z.object({ issues: z.array(NodeIssueSchema) });

function refused(outcome: Outcome, failure: ApiFailure, request: Request) {
  redirectIfSignedOut(failure, request);
  return data(outcome, { status: failure.status });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const id = params.id!;
  const base = path(id);
  const formData = await request.formData();
  const parsed = ActionSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.error.issues)
      (fieldErrors[String(issue.path[0] ?? '_')] ??= []).push(issue.message);
    return data(
      {
        intent: 'details',
        ok: false,
        message: 'Check the highlighted fields',
        fieldErrors,
      } satisfies DetailsOutcome,
      { status: 400 },
    );
  }
  const input = parsed.data;

  switch (input.intent) {
    case 'details': {
      const result = await apiJson(context, base, {
        method: 'PATCH',
        json: {
          name: input.name,
          description: input.description || null,
          tags: input.tags,
          folderId: input.folderId,
        },
        schema: AudienceSchema,
      });
      if (!result.ok)
        return refused(
          {
            intent: 'details',
            ok: false,
            message: formErrorFor(result),
            ...(result.fieldErrors ? { fieldErrors: result.fieldErrors } : {}),
          },
          result,
          request,
        );
      return { intent: 'details', ok: true, message: 'Details saved.' } satisfies DetailsOutcome;
    }
    case 'apply-text': {
      const text = input.text;
      const parsedText = await apiJson(context, '/api/audiences/parse', {
        method: 'POST',
        json: { text },
        schema: ParsedSchema,
      });
      if (!parsedText.ok) {
        const at = ParseErrorDetailsSchema.safeParse(parsedText.details);
        return refused(
          {
            intent: 'apply-text',
            ok: false,
            message: formErrorFor(parsedText),
            text,
            ...(parsedText.code === 'parse_error' && at.success
              ? { parseError: { message: parsedText.message, ...at.data } }
              : {}),
          },
          parsedText,
          request,
        );
      }
      // Keep the ids of the nodes that stayed in place, so sizes and the version diff follow them.
      const current = await apiJson(context, base, { schema: AudienceSchema });
      const definition = current.ok
        ? carryNodeIds(current.data.definition, parsedText.data.definition)
        : parsedText.data.definition;
      const result = await apiJson(context, base, {
        method: 'PATCH',
        json: { definition },
        schema: AudienceSchema,
      });
      if (!result.ok)
        return refused(
          { intent: 'apply-text', ok: false, message: formErrorFor(result), text },
          result,
          request,
        );
      return { intent: 'apply-text', ok: true } satisfies TextOutcome;
    }
    case 'save-version':
    case 'restore': {
      const result = await apiJson(
        context,
        input.intent === 'save-version'
          ? `${base}/versions`
          : `${base}/versions/${input.version}/restore`,
        {
          method: 'POST',
          json: input.intent === 'save-version' && input.note ? { note: input.note } : {},
          schema: VersionSchema,
        },
      );
      if (!result.ok) {
        const issues = IssuesDetailsSchema.safeParse(result.details);
        return refused(
          {
            intent: input.intent,
            ok: false,
            message: formErrorFor(result),
            ...(issues.success ? { issues: issues.data.issues } : {}),
          },
          result,
          request,
        );
      }
      return {
        intent: input.intent,
        ok: true,
        message:
          input.intent === 'save-version'
            ? `Saved as version ${result.data.version}.`
            : `Version ${input.version} restored as version ${result.data.version}; the draft is now that definition.`,
      } satisfies VersionOutcome;
    }
    case 'archive':
    case 'unarchive':
    case 'duplicate':
    case 'delete': {
      const result =
        input.intent === 'delete'
          ? await apiJson(context, base, { method: 'DELETE' })
          : await apiJson(context, `${base}/${input.intent}`, {
              method: 'POST',
              schema: AudienceSchema,
            });
      if (!result.ok)
        return refused(
          { intent: input.intent, ok: false, message: formErrorFor(result) },
          result,
          request,
        );
      if (input.intent === 'delete') throw redirect('/audiences?notice=deleted');
      if (input.intent === 'duplicate' && result.data)
        throw redirect(`/audiences/${encodeURIComponent(result.data.id)}`);
      return {
        intent: input.intent,
        ok: true,
        message:
          input.intent === 'archive'
            ? 'The audience is archived: it stays readable but is no longer recounted daily.'
            : 'The audience is active again.',
      } satisfies DetailsOutcome;
    }
  }
}

export default function AudiencePage() {
  const loaded = useLoaderData<typeof loader>();
  const outcome = (useActionData<typeof action>() as Outcome | undefined) ?? null;
  const { audience, names } = loaded;
  const canCreate = useCan('audience:create');
  const canEdit = useCan('audience:edit');
  const canPublish = useCan('audience:publish');
  const canDelete = useCan('audience:delete');
  const canExport = useCan('contact:export');
  const canSql = useCan('audience:sql');
  const orgId = useMe()?.activeOrgId ?? '';
  const { pathname, search } = useLocation();
  const nodes = useMemo(() => nodesById(audience.definition), [audience.definition]);
  const folderName = flattenFolders(loaded.folders).find((f) => f.id === audience.folderId)?.name;
  const archived = audience.status === 'archived';
  const here = `/audiences/${encodeURIComponent(audience.id)}`;
  const sqlHref = useMemo(() => {
    const query = new URLSearchParams(search);
    query.set('sql', '1');
    return `${pathname}?${query}#insights`;
  }, [pathname, search]);

  const detailsOutcome =
    outcome && ['details', 'archive', 'unarchive', 'duplicate', 'delete'].includes(outcome.intent)
      ? (outcome as DetailsOutcome)
      : null;
  const textOutcome = outcome?.intent === 'apply-text' ? (outcome as TextOutcome) : null;
  const versionOutcome =
    outcome?.intent === 'save-version' || outcome?.intent === 'restore'
      ? (outcome as VersionOutcome)
      : null;

  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <Link
          to="/audiences"
          className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
        >
          <ChevronLeft aria-hidden="true" className="size-4" />
          Audiences
        </Link>
        <PageHeader
          title={audience.name}
          description={
            <span className="block space-y-2">
              {audience.description ? (
                <span className="block text-foreground">{audience.description}</span>
              ) : null}
              <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <Badge tone={archived ? 'neutral' : 'success'}>
                  {archived ? 'Archived' : 'Active'}
                </Badge>
                <span>{folderName ? `In ${folderName}` : 'Not in a folder'}</span>
                <span>
                  {audience.version > 0
                    ? `Version ${audience.version} saved`
                    : 'No saved version yet'}
                </span>
                {audience.tags.length ? (
                  <span className="flex flex-wrap items-center gap-1">
                    <span className="sr-only">Tags:</span>
                    {audience.tags.map((tag) => (
                      <Badge key={tag}>{tag}</Badge>
                    ))}
                  </span>
                ) : null}
                <span>
                  Created by {audience.createdBy?.name ?? 'an API token'},{' '}
                  {formatUtcSeconds(audience.createdAt)}
                </span>
              </span>
            </span>
          }
          actions={
            <>
              {canCreate ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="duplicate" />
                  <Button type="submit" variant="secondary">
                    <Copy aria-hidden="true" />
                    Duplicate
                  </Button>
                </Form>
              ) : null}
              {canEdit ? (
                <Form method="post">
                  <input type="hidden" name="intent" value={archived ? 'unarchive' : 'archive'} />
                  <Button type="submit" variant="secondary">
                    {archived ? (
                      <ArchiveRestore aria-hidden="true" />
                    ) : (
                      <Archive aria-hidden="true" />
                    )}
                    {archived ? 'Unarchive' : 'Archive'}
                  </Button>
                </Form>
              ) : null}
              {canDelete && !loaded.confirmDelete ? (
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

      {loaded.created ? (
        <Callout tone="success" role="status">
          <p>
            Audience created. Describe who belongs in it in the text form below, then save a
            version.
          </p>
        </Callout>
      ) : null}
      {detailsOutcome ? (
        detailsOutcome.ok ? (
          <Callout tone="success" role="status">
            <p>{detailsOutcome.message}</p>
          </Callout>
        ) : detailsOutcome.intent !== 'details' || !detailsOutcome.fieldErrors ? (
          <FormAlert>
            <p>{detailsOutcome.message}</p>
          </FormAlert>
        ) : null
      ) : null}
      {loaded.confirmDelete && canDelete ? (
        <ConfirmDelete name={audience.name} usedBy={audience.usedBy} cancelHref={here} />
      ) : null}

      {canEdit ? (
        <EditDetails
          audience={audience}
          folders={loaded.folders}
          outcome={detailsOutcome?.intent === 'details' ? detailsOutcome : null}
        />
      ) : null}

      <section aria-labelledby="definition-heading" className="space-y-4">
        <h2 id="definition-heading" className="text-base font-semibold">
          Definition
        </h2>
        {audience.usedBy.length ? (
          <p className="text-sm text-muted-foreground">
            Used by {audience.usedBy.map((a) => a.name).join(', ')}.
          </p>
        ) : null}
        <AudienceBuilder
          key={audience.id}
          audienceId={audience.id}
          orgId={orgId}
          initial={audience.definition}
          initialSize={audience.size}
          names={names}
          audiences={loaded.candidates}
          canEdit={canEdit}
        />
        {textOutcome && !textOutcome.ok ? (
          <FormAlert>
            <p>{textOutcome.message}</p>
          </FormAlert>
        ) : null}
      </section>

      <VersionsPanel
        versions={loaded.versions}
        diff={loaded.diff}
        diffQuery={loaded.diffQuery}
        canPublish={canPublish}
        savesInBuilder
        outcome={versionOutcome}
        nodes={nodes}
        names={names}
      />
      {loaded.diffError ? (
        <FormAlert>
          <p>{loaded.diffError}</p>
        </FormAlert>
      ) : null}

      <SizeHistory points={loaded.history} />

      <TtdReachCard audienceId={audience.id} />

      <MembersPreview audienceId={audience.id} preview={loaded.members} canExport={canExport} />

      <OverlapTool
        current={{ id: audience.id, name: audience.name }}
        candidates={loaded.candidates}
        picked={loaded.compare}
        result={loaded.overlap}
        error={loaded.overlapError}
      />

      {canSql ? (
        <QueryInsights
          stats={loaded.stats}
          sql={loaded.sql}
          sqlError={loaded.sqlError}
          sqlHref={sqlHref}
        />
      ) : null}
    </div>
  );
}

function EditDetails({
  audience,
  folders,
  outcome,
}: {
  audience: Audience;
  folders: z.infer<typeof FolderTreeSchema>['folders'];
  outcome: DetailsOutcome | null;
}) {
  const errors = outcome && !outcome.ok ? outcome.fieldErrors : undefined;
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, errors ? outcome : null);
  return (
    <details
      className="rounded-xl border border-border bg-card p-4"
      open={errors ? true : undefined}
    >
      <summary className="flex cursor-pointer items-center gap-2 text-sm font-medium">
        <Pencil aria-hidden="true" className="size-4" />
        Edit name, description, tags and folder
      </summary>
      <Form
        ref={formRef}
        method="post"
        className="mt-4 space-y-4"
        key={`${audience.updatedAt}`}
        preventScrollReset
      >
        <input type="hidden" name="intent" value="details" />
        <div className="grid gap-4 md:grid-cols-2">
          <TextField
            name="name"
            id="audience-name"
            label="Name"
            required
            maxLength={120}
            defaultValue={audience.name}
            errors={errors?.name}
          />
          <SelectField
            name="folderId"
            id="audience-folder"
            label="Folder"
            defaultValue={audience.folderId ?? ''}
            errors={errors?.folderId}
          >
            <option value="">Not in a folder</option>
            {flattenFolders(folders).map((f) => (
              <option key={f.id} value={f.id}>
                {'\u00a0\u00a0'.repeat(f.depth)}
                {f.name}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="space-y-1.5">
          <label htmlFor="audience-description" className="block text-sm font-medium">
            Description
          </label>
          <Textarea
            id="audience-description"
            name="description"
            rows={2}
            maxLength={2000}
            defaultValue={audience.description ?? ''}
            aria-invalid={errors?.description ? true : undefined}
            aria-describedby={errors?.description ? 'audience-description-error' : undefined}
          />
          {errors?.description ? (
            <p id="audience-description-error" className="text-sm text-danger">
              {errors.description.join(' ')}
            </p>
          ) : null}
        </div>
        <TextField
          name="tags"
          id="audience-tags"
          label="Tags"
          hint="Separate tags with commas, e.g. EMEA, Q3 campaign"
          defaultValue={audience.tags.join(', ')}
          errors={errors?.tags}
        />
        <Button type="submit">Save details</Button>
      </Form>
    </details>
  );
}

function ConfirmDelete({
  name,
  usedBy,
  cancelHref,
}: {
  name: string;
  usedBy: Array<{ id: string; name: string }>;
  cancelHref: string;
}) {
  return (
    <ConfirmDeletePanel
      headingId="confirm-delete"
      heading={`Delete ${name}?`}
      explanation={
        usedBy.length
          ? `It cannot be deleted while ${usedBy.map((a) => a.name).join(', ')} ${usedBy.length === 1 ? 'uses' : 'use'} it.`
          : 'Its draft, every saved version and its size history are removed. Contacts and lists stay.'
      }
      fields={{ intent: 'delete' }}
      submitLabel="Delete audience"
      cancelHref={cancelHref}
      disabled={usedBy.length > 0}
    />
  );
}
