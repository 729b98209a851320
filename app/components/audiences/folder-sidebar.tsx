import { ConfirmDeletePanel } from '~/components/confirm-panel';
import { Form, Link, useLocation } from '@remix-run/react';
import { Folder, FolderOpen, FolderPlus, Inbox, Layers, Trash2 } from 'lucide-react';
import type { FolderNode } from '../../../core/contracts/audiences';
import { FormAlert, SelectField, TextField } from '~/components/forms';
import { Button } from '~/components/ui/button';
import {
  audiencesHref,
  flattenFolders,
  folderAndDescendants,
  type AudienceFilters,
} from '~/lib/audiences';
import { cn } from '~/lib/utils';

interface FolderOutcome {
  intent: string;
  message: string;
  fieldErrors?: Partial<Record<string, string[]>>;
}

/**
 * The folder tree as nested lists of links (a folder is a filter of the list, so it is a place
 * in the address), with forms to create a folder and to rename, move or delete the selected one.
 */
export function FolderSidebar({
  folders,
  filters,
  canEdit,
  confirmDelete,
  outcome,
}: {
  folders: FolderNode[];
  filters: AudienceFilters;
  canEdit: boolean;
  confirmDelete: boolean;
  outcome: FolderOutcome | null;
}) {
  const flat = flattenFolders(folders);
  const selected = flat.find((f) => f.id === filters.folder) ?? null;
  const { pathname, search } = useLocation();
  const returnTo = pathname + search;

  return (
    <div className="space-y-4">
      <nav
        aria-labelledby="folders-heading"
        className="rounded-xl border border-border bg-card p-3"
      >
        <h2 id="folders-heading" className="px-2 pb-2 text-sm font-semibold text-foreground">
          Folders
        </h2>
        <ul className="space-y-0.5 text-sm">
          <FolderLink
            to={audiencesHref(filters, { folder: undefined })}
            current={!filters.folder}
            icon={Layers}
            label="All audiences"
          />
          <FolderLink
            to={audiencesHref(filters, { folder: 'none' })}
            current={filters.folder === 'none'}
            icon={Inbox}
            label="Not in a folder"
          />
          <FolderBranch folders={folders} filters={filters} />
        </ul>
      </nav>

      {outcome ? (
        <FormAlert>
          <p>{outcome.message}</p>
        </FormAlert>
      ) : null}

      {canEdit ? (
        <details
          className="rounded-xl border border-border bg-card p-3 text-sm"
          open={outcome?.intent === 'folder-create' || undefined}
        >
          <summary className="flex cursor-pointer items-center gap-2 font-medium">
            <FolderPlus aria-hidden="true" className="size-4" />
            New folder
          </summary>
          <Form method="post" className="mt-3 space-y-3">
            <input type="hidden" name="intent" value="folder-create" />
            <TextField
              name="name"
              id="new-folder-name"
              label="Folder name"
              required
              maxLength={80}
              errors={outcome?.intent === 'folder-create' ? outcome.fieldErrors?.name : undefined}
            />
            <SelectField
              name="parentId"
              id="new-folder-parent"
              label="Inside"
              defaultValue={selected?.id ?? ''}
            >
              <option value="">Top level</option>
              {flat.map((f) => (
                <option key={f.id} value={f.id}>
                  {'\u00a0\u00a0'.repeat(f.depth)}
                  {f.name}
                </option>
              ))}
            </SelectField>
            <Button type="submit" size="sm">
              Create folder
            </Button>
          </Form>
        </details>
      ) : null}

      {canEdit && selected ? (
        <section
          aria-labelledby="folder-settings-heading"
          className="space-y-3 rounded-xl border border-border bg-card p-3 text-sm"
        >
          <h2 id="folder-settings-heading" className="font-medium">
            Folder “{selected.name}”
          </h2>
          <Form method="post" className="space-y-3" key={selected.id}>
            <input type="hidden" name="intent" value="folder-update" />
            <input type="hidden" name="id" value={selected.id} />
            <TextField
              name="name"
              id="folder-name"
              label="Name"
              required
              maxLength={80}
              defaultValue={selected.name}
              errors={outcome?.intent === 'folder-update' ? outcome.fieldErrors?.name : undefined}
            />
            <SelectField
              name="parentId"
              id="folder-parent"
              label="Move into"
              defaultValue={selected.parentId ?? ''}
            >
              <option value="">Top level</option>
              {flat
                .filter((f) => !folderAndDescendants(folders, selected.id).has(f.id))
                .map((f) => (
                  <option key={f.id} value={f.id}>
                    {'\u00a0\u00a0'.repeat(f.depth)}
                    {f.name}
                  </option>
                ))}
            </SelectField>
            <Button type="submit" size="sm" variant="secondary">
              Save folder
            </Button>
          </Form>
          {confirmDelete ? (
            <ConfirmFolderDelete
              id={selected.id}
              name={selected.name}
              cancelHref={audiencesHref(filters)}
              returnTo={returnTo}
            />
          ) : (
            <Button asChild size="sm" variant="ghost">
              <Link to={audiencesHref(filters, { deleteFolder: '1' })} preventScrollReset>
                <Trash2 aria-hidden="true" />
                Delete folder…
              </Link>
            </Button>
          )}
        </section>
      ) : null}
    </div>
  );
}

function FolderLink({
  to,
  current,
  icon: Icon,
  label,
  count,
  depth = 0,
}: {
  to: string;
  current: boolean;
  icon: typeof Folder;
  label: string;
  count?: number;
  depth?: number;
}) {
  return (
    <li>
      <Link
        to={to}
        aria-current={current ? 'page' : undefined}
        className={cn(
          'flex items-center gap-2 rounded-md py-1.5 pr-2 hover:bg-muted',
          current ? 'bg-accent font-medium text-accent-foreground' : 'text-foreground',
        )}
        style={{ paddingLeft: `${0.5 + depth * 0.75}rem` }}
      >
        <Icon aria-hidden="true" className="size-4 shrink-0" />
        <span className="min-w-0 flex-1 truncate">{label}</span>
        {count !== undefined ? (
          <span className="text-xs text-muted-foreground tabular-nums">
            {count}
            <span className="sr-only"> {count === 1 ? 'audience' : 'audiences'}</span>
          </span>
        ) : null}
      </Link>
    </li>
  );
}

function FolderBranch({
  folders,
  filters,
  depth = 0,
}: {
  folders: FolderNode[];
  filters: AudienceFilters;
  depth?: number;
}) {
  return folders.map((folder) => (
    <FolderItem key={folder.id} folder={folder} filters={filters} depth={depth} />
  ));
}

function FolderItem({
  folder,
  filters,
  depth,
}: {
  folder: FolderNode;
  filters: AudienceFilters;
  depth: number;
}) {
  const current = filters.folder === folder.id;
  return (
    <>
      <FolderLink
        to={audiencesHref(filters, { folder: folder.id })}
        current={current}
        icon={current ? FolderOpen : Folder}
        label={folder.name}
        count={folder.audienceCount}
        depth={depth}
      />
      {folder.children.length ? (
        <li>
          <ul aria-label={`Folders in ${folder.name}`} className="space-y-0.5">
            <FolderBranch folders={folder.children} filters={filters} depth={depth + 1} />
          </ul>
        </li>
      ) : null}
    </>
  );
}

function ConfirmFolderDelete({
  id,
  name,
  cancelHref,
  returnTo,
}: {
  id: string;
  name: string;
  cancelHref: string;
  returnTo: string;
}) {
  return (
    <ConfirmDeletePanel
      compact
      headingId="confirm-folder-delete"
      heading={`Delete the folder “${name}”?`}
      explanation="Its audiences and subfolders move to the folder above it. No audience is deleted."
      fields={{ intent: 'folder-delete', id, returnTo }}
      submitLabel="Delete folder"
      cancelHref={cancelHref}
    />
  );
}
