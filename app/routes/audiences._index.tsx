import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/cloudflare';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { Plus } from 'lucide-react';
import { useRef } from 'react';
import { z } from 'zod';
import {
  AudienceListSchema,
  AudienceNameSchema,
  AudienceSchema,
  FolderSchema,
  FolderTreeSchema,
  TagCountsSchema,
  TemplateListSchema,
} from '../../core/contracts/audiences';
import { AudienceExportStatusLoader } from '~/components/activation/audience-export-badge';
import { AudienceTable } from '~/components/audiences/audience-table';
import { AudienceFiltersBar } from '~/components/audiences/filters-bar';
import { FolderSidebar } from '~/components/audiences/folder-sidebar';
import { NewAudienceDialog } from '~/components/audiences/new-audience-dialog';
import { FormAlert, useFocusFirstError } from '~/components/forms';
import { useCan } from '~/components/shell/use-me';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { PageHeader } from '~/components/ui/page-header';
import { apiJson, redirectIfSignedOut, unwrap, type ApiFailure } from '~/lib/api.server';
import { audiencesHref, type AudienceFilters } from '~/lib/audiences';
import { formErrorFor } from '~/lib/form-problems.server';
import { optional, type FieldErrors } from '~/lib/forms';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = () => [{ title: pageTitle('Audiences') }];

/** The list's view as it appears in the address; anything malformed falls back to a default. */
const ListParamsSchema = z.object({
  q: optional(z.string().trim().max(120)).catch(undefined),
  status: z.enum(['active', 'archived']).catch('active'),
  folder: optional(z.string().trim().max(100)).catch(undefined),
  tag: optional(z.string().trim().max(40)).catch(undefined),
  cursor: optional(z.string().max(500)).catch(undefined),
});

const PAGE_SIZE = 50;

/** Outcomes of the actions, named in the address after their redirect. */
const NOTICES = {
  duplicated: 'The audience was duplicated; the copy is at the top of the list.',
  archived: 'The audience was archived. Find it under Archived.',
  unarchived: 'The audience is active again.',
  deleted: 'The audience was deleted.',
  moved: 'The audience was moved.',
  'folder-created': 'The folder was created.',
  'folder-updated': 'The folder was saved.',
  'folder-deleted': 'The folder was deleted; what it held moved to its parent.',
} as const;
type Notice = keyof typeof NOTICES;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filters: AudienceFilters = ListParamsSchema.parse(Object.fromEntries(url.searchParams));
  const query = new URLSearchParams({ status: filters.status, limit: String(PAGE_SIZE) });
  for (const key of ['q', 'folder', 'tag', 'cursor'] as const) {
    const value = filters[key];
    if (value) query.set(key, value);
  }
  const creating = url.searchParams.get('new') === '1';
  const [list, folders, tags, templates] = await Promise.all([
    apiJson(context, `/api/audiences?${query}`, { schema: AudienceListSchema }),
    apiJson(context, '/api/audience-folders', { schema: FolderTreeSchema }),
    apiJson(context, '/api/audiences/tags', { schema: TagCountsSchema }),
    creating
      ? apiJson(context, '/api/audience-templates', { schema: TemplateListSchema })
      : Promise.resolve(null),
  ]);
  // A stale cursor (the list changed under it) starts again from the first page.
  if (!list.ok && list.code === 'invalid_cursor')
    throw redirect(audiencesHref({ ...filters, cursor: undefined }));
  const notice = url.searchParams.get('notice');
  return {
    filters,
    list: unwrap(list, request),
    folders: unwrap(folders, request).folders,
    tags: unwrap(tags, request).tags,
    creating,
    templates: templates?.ok
      ? templates.data.templates.map(({ definition: _definition, ...t }) => t)
      : [],
    moving: url.searchParams.get('move'),
    deleting: url.searchParams.get('delete'),
    deletingFolder: url.searchParams.get('deleteFolder') === '1',
    notice: notice && notice in NOTICES ? NOTICES[notice as Notice] : null,
  };
}

const Id = z.string().trim().min(1).max(100);
const Blank = (value: unknown) => (value === '' ? null : value);
const FolderIdField = z.preprocess(Blank, Id.nullable());
const FolderNameField = z
  .string()
  .trim()
  .min(1, 'The folder needs a name')
  .max(80, 'Folder names are at most 80 characters');

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('create'),
    name: AudienceNameSchema,
    templateId: z.preprocess(Blank, Id.nullable()),
    folderId: FolderIdField,
  }),
  z.object({ intent: z.enum(['duplicate', 'archive', 'unarchive', 'delete']), id: Id }),
  z.object({ intent: z.literal('move'), id: Id, folderId: FolderIdField }),
  z.object({ intent: z.literal('folder-create'), name: FolderNameField, parentId: FolderIdField }),
  z.object({
    intent: z.literal('folder-update'),
    id: Id,
    name: FolderNameField,
    parentId: FolderIdField,
  }),
  z.object({ intent: z.literal('folder-delete'), id: Id }),
]);

export interface ListOutcome {
  ok: false;
  intent: string;
  message: string;
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
}

function failed(intent: string, failure: ApiFailure, values?: Record<string, string>) {
  return data(
    {
      ok: false,
      intent,
      message: formErrorFor(failure),
      ...(failure.fieldErrors ? { fieldErrors: failure.fieldErrors } : {}),
      ...(values ? { values } : {}),
    } satisfies ListOutcome,
    { status: failure.status },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const raw = Object.fromEntries(formData);
  const returnTo = String(raw.returnTo ?? '');
  const back = (notice: Notice, to = returnTo.startsWith('/audiences') ? returnTo : '/audiences') =>
    redirect(`${to}${to.includes('?') ? '&' : '?'}notice=${notice}`);
  const parsed = ActionSchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.error.issues)
      (fieldErrors[issue.path.map(String).join('.') || '_'] ??= []).push(issue.message);
    return data(
      {
        ok: false,
        intent: String(raw.intent ?? ''),
        message: 'Check the highlighted fields',
        fieldErrors,
        values: { name: String(raw.name ?? '') },
      } satisfies ListOutcome,
      { status: 400 },
    );
  }
  const input = parsed.data;
  const at = (id: string) => `/api/audiences/${encodeURIComponent(id)}`;
  const folderAt = (id: string) => `/api/audience-folders/${encodeURIComponent(id)}`;

  switch (input.intent) {
    case 'create': {
      const result = await apiJson(context, '/api/audiences', {
        method: 'POST',
        json: {
          name: input.name,
          folderId: input.folderId,
          ...(input.templateId ? { templateId: input.templateId } : {}),
        },
        schema: AudienceSchema,
      });
      if (!result.ok) {
        redirectIfSignedOut(result, request);
        return failed(input.intent, result, { name: input.name });
      }
      throw redirect(`/audiences/${encodeURIComponent(result.data.id)}?created=1`);
    }
    case 'duplicate':
    case 'archive':
    case 'unarchive': {
      const result = await apiJson(context, `${at(input.id)}/${input.intent}`, {
        method: 'POST',
        schema: AudienceSchema,
      });
      if (!result.ok) {
        redirectIfSignedOut(result, request);
        return failed(input.intent, result);
      }
      throw back(input.intent === 'duplicate' ? 'duplicated' : `${input.intent}d`);
    }
    case 'delete': {
      const result = await apiJson(context, at(input.id), { method: 'DELETE' });
      if (!result.ok) {
        redirectIfSignedOut(result, request);
        return failed(input.intent, result);
      }
      throw back('deleted');
    }
    case 'move': {
      const result = await apiJson(context, at(input.id), {
        method: 'PATCH',
        json: { folderId: input.folderId },
        schema: AudienceSchema,
      });
      if (!result.ok) {
        redirectIfSignedOut(result, request);
        return failed(input.intent, result);
      }
      throw back('moved');
    }
    case 'folder-create':
    case 'folder-update': {
      const result = await apiJson(
        context,
        input.intent === 'folder-create' ? '/api/audience-folders' : folderAt(input.id),
        {
          method: input.intent === 'folder-create' ? 'POST' : 'PATCH',
          json: { name: input.name, parentId: input.parentId },
          schema: FolderSchema,
        },
      );
      if (!result.ok) {
        redirectIfSignedOut(result, request);
        return failed(input.intent, result, { name: input.name });
      }
      throw back(
        input.intent === 'folder-create' ? 'folder-created' : 'folder-updated',
        audiencesHref({ status: 'active', folder: result.data.id }),
      );
    }
    case 'folder-delete': {
      const result = await apiJson(context, folderAt(input.id), { method: 'DELETE' });
      if (!result.ok) {
        redirectIfSignedOut(result, request);
        return failed(input.intent, result);
      }
      throw back('folder-deleted', '/audiences');
    }
  }
}

export default function AudiencesPage() {
  const loaded = useLoaderData<typeof loader>();
  const outcome = (useActionData<typeof action>() as ListOutcome | undefined) ?? null;
  const canCreate = useCan('audience:create');
  const canEdit = useCan('audience:edit');
  const canDelete = useCan('audience:delete');
  const { filters } = loaded;
  const creating = canCreate && loaded.creating;
  // A refused row or folder action: focus its message (the dialog handles its own).
  const page = useRef<HTMLDivElement>(null);
  useFocusFirstError(page, outcome && outcome.intent !== 'create' ? outcome : null);

  return (
    <div ref={page} className="space-y-6">
      <PageHeader
        title="Audiences"
        description="Segments of your contacts and companies, defined once and kept up to date as lists and intent data change."
        actions={
          canCreate ? (
            <Button asChild>
              <Link to={audiencesHref(filters, { new: '1' })} preventScrollReset>
                <Plus aria-hidden="true" />
                New audience
              </Link>
            </Button>
          ) : null
        }
      />

      {loaded.notice ? (
        <Callout tone="success" role="status">
          <p>{loaded.notice}</p>
        </Callout>
      ) : null}
      {outcome && !outcome.intent.startsWith('folder-') && outcome.intent !== 'create' ? (
        <FormAlert>
          <p>{outcome.message}</p>
        </FormAlert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[15rem_minmax(0,1fr)]">
        <FolderSidebar
          folders={loaded.folders}
          filters={filters}
          canEdit={canEdit}
          confirmDelete={loaded.deletingFolder}
          outcome={outcome?.intent.startsWith('folder-') ? outcome : null}
        />
        <div className="min-w-0 space-y-4">
          <AudienceFiltersBar filters={filters} tags={loaded.tags} />
          <AudienceExportStatusLoader />
          <AudienceTable
            list={loaded.list}
            filters={filters}
            folders={loaded.folders}
            moving={canEdit ? loaded.moving : null}
            deleting={canDelete ? loaded.deleting : null}
            can={{ create: canCreate, edit: canEdit, delete: canDelete }}
          />
        </div>
      </div>

      {creating ? (
        <NewAudienceDialog
          templates={loaded.templates}
          folders={loaded.folders}
          filters={filters}
          outcome={outcome?.intent === 'create' ? outcome : null}
        />
      ) : null}
    </div>
  );
}
