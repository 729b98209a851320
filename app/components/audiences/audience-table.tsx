import { CancelLink, ConfirmDeletePanel, FocusPanel } from '~/components/confirm-panel';
import { Form, Link, useLocation, useNavigate, useSubmit } from '@remix-run/react';
import {
  Archive,
  ArchiveRestore,
  ChevronRight,
  Copy,
  FileUp,
  FolderInput,
  LayoutTemplate,
  MoreHorizontal,
  Trash2,
  UsersRound,
} from 'lucide-react';
import type { AudienceList, AudienceSummary, FolderNode } from '../../../core/contracts/audiences';
import { AudienceExportBadge } from '~/components/activation/audience-export-badge';
import { SelectField } from '~/components/forms';
import { Badge } from '~/components/ui/badge';
import { Button } from '~/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '~/components/ui/dropdown-menu';
import { EmptyState } from '~/components/ui/empty-state';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { audiencesHref, flattenFolders, type AudienceFilters } from '~/lib/audiences';
import { formatUtcSeconds } from '~/lib/dates';
import { formatCount } from '~/lib/utils';

interface Can {
  create: boolean;
  edit: boolean;
  delete: boolean;
}

/** The audiences of the current view, their row actions and the next page. */
export function AudienceTable({
  list,
  filters,
  folders,
  moving,
  deleting,
  can,
}: {
  list: AudienceList;
  filters: AudienceFilters;
  folders: FolderNode[];
  /** The audience whose folder is being chosen, from the address. */
  moving: string | null;
  /** The audience whose deletion is being confirmed, from the address. */
  deleting: string | null;
  can: Can;
}) {
  const flat = flattenFolders(folders);
  const folderName = new Map(flat.map((f) => [f.id, f.name]));
  const filtered = Boolean(filters.q || filters.folder || filters.tag);
  const movingAudience = list.audiences.find((a) => a.id === moving);
  const deletingAudience = list.audiences.find((a) => a.id === deleting);

  if (list.audiences.length === 0) {
    if (!filtered && filters.status === 'active' && !filters.cursor)
      return (
        <EmptyState
          icon={UsersRound}
          title="No audiences yet"
          description={
            <p>
              An audience combines uploaded lists, contact and company attributes and intent topics
              with AND, OR and NOT, and keeps its size up to date. Upload a list of contacts to
              build from, or start from a ready-made template.
            </p>
          }
          actions={
            <>
              <Button asChild variant="secondary">
                <Link to="/uploads">
                  <FileUp aria-hidden="true" />
                  Upload a list
                </Link>
              </Button>
              {can.create ? (
                <Button asChild>
                  <Link to={audiencesHref(filters, { new: '1' })} preventScrollReset>
                    <LayoutTemplate aria-hidden="true" />
                    Start from a template
                  </Link>
                </Button>
              ) : null}
            </>
          }
        />
      );
    return (
      <EmptyState
        icon={UsersRound}
        title={
          filters.status === 'archived' && !filtered
            ? 'No archived audiences'
            : 'No audiences match this view'
        }
        description={
          <p>
            {filters.status === 'archived' && !filtered
              ? 'Archived audiences stop counting daily but keep their versions; archive one from its menu.'
              : 'Try another folder, tag or search, or clear the filters.'}
          </p>
        }
        actions={
          filtered ? (
            <Button asChild variant="secondary" size="sm">
              <Link to={audiencesHref({ status: filters.status })}>Clear filters</Link>
            </Button>
          ) : null
        }
      />
    );
  }

  return (
    <div className="space-y-3">
      {movingAudience ? (
        <MovePanel audience={movingAudience} flat={flat} cancelHref={audiencesHref(filters)} />
      ) : null}
      {deletingAudience ? (
        <ConfirmDelete audience={deletingAudience} cancelHref={audiencesHref(filters)} />
      ) : null}
      <Table label="Audiences">
        <TableHead>
          <Tr>
            <Th>Name</Th>
            <Th className="text-right">Size</Th>
            <Th>Saved version</Th>
            <Th>Tags</Th>
            <Th>Folder</Th>
            <Th>Last updated (UTC)</Th>
            {can.create || can.edit || can.delete ? (
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            ) : null}
          </Tr>
        </TableHead>
        <TableBody>
          {list.audiences.map((audience) => (
            <Tr key={audience.id}>
              <Td className="min-w-48 font-medium">
                <Link
                  to={`/audiences/${encodeURIComponent(audience.id)}`}
                  className="break-words text-link hover:underline"
                >
                  {audience.name}
                </Link>
                {audience.description ? (
                  <p className="mt-0.5 line-clamp-1 text-xs font-normal text-muted-foreground">
                    {audience.description}
                  </p>
                ) : null}
                <AudienceExportBadge audienceId={audience.id} />
              </Td>
              <Td className="text-right whitespace-nowrap tabular-nums">
                {audience.lastSize === null ? (
                  <span className="text-muted-foreground">Not counted</span>
                ) : (
                  formatCount(audience.lastSize)
                )}
              </Td>
              <Td className="whitespace-nowrap">
                {audience.version > 0 ? (
                  `Version ${audience.version}`
                ) : (
                  <span className="text-muted-foreground">Draft only</span>
                )}
              </Td>
              <Td>
                {audience.tags.length ? (
                  <ul className="flex flex-wrap gap-1" aria-label="Tags">
                    {audience.tags.map((tag) => (
                      <li key={tag}>
                        <Badge>{tag}</Badge>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="text-muted-foreground">—</span>
                )}
              </Td>
              <Td className="text-muted-foreground">
                {audience.folderId ? (folderName.get(audience.folderId) ?? '—') : '—'}
              </Td>
              <Td className="whitespace-nowrap text-muted-foreground tabular-nums">
                {formatUtcSeconds(audience.updatedAt).replace(' UTC', '')}
              </Td>
              {can.create || can.edit || can.delete ? (
                <Td className="w-12">
                  <RowActions audience={audience} filters={filters} can={can} />
                </Td>
              ) : null}
            </Tr>
          ))}
        </TableBody>
      </Table>
      <nav aria-label="Audience pages" className="flex items-center justify-between gap-3">
        {filters.cursor ? (
          <Button asChild variant="secondary" size="sm">
            <Link to={audiencesHref(filters)}>First page</Link>
          </Button>
        ) : (
          <span />
        )}
        <p className="text-sm text-muted-foreground">
          {formatCount(list.audiences.length)}{' '}
          {list.audiences.length === 1 ? 'audience' : 'audiences'} shown
        </p>
        {list.nextCursor ? (
          <Button asChild variant="secondary" size="sm">
            <Link to={audiencesHref(filters, { cursor: list.nextCursor })}>
              Next page
              <ChevronRight aria-hidden="true" />
            </Link>
          </Button>
        ) : (
          <span />
        )}
      </nav>
    </div>
  );
}

function RowActions({
  audience,
  filters,
  can,
}: {
  audience: AudienceSummary;
  filters: AudienceFilters;
  can: Can;
}) {
  const submit = useSubmit();
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const post = (intent: string) =>
    submit({ intent, id: audience.id, returnTo: pathname + search }, { method: 'post' });
  const archived = audience.status === 'archived';
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={`Actions for ${audience.name}`}>
          <MoreHorizontal aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        {can.create ? (
          <DropdownMenuItem onSelect={() => post('duplicate')}>
            <Copy aria-hidden="true" />
            Duplicate
          </DropdownMenuItem>
        ) : null}
        {can.edit ? (
          <>
            <DropdownMenuItem
              onSelect={() =>
                navigate(audiencesHref(filters, { move: audience.id }), {
                  preventScrollReset: true,
                })
              }
            >
              <FolderInput aria-hidden="true" />
              Move to folder…
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => post(archived ? 'unarchive' : 'archive')}>
              {archived ? <ArchiveRestore aria-hidden="true" /> : <Archive aria-hidden="true" />}
              {archived ? 'Unarchive' : 'Archive'}
            </DropdownMenuItem>
          </>
        ) : null}
        {can.delete ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem
              className="text-danger data-[highlighted]:text-danger"
              onSelect={() =>
                navigate(audiencesHref(filters, { delete: audience.id }), {
                  preventScrollReset: true,
                })
              }
            >
              <Trash2 aria-hidden="true" />
              Delete…
            </DropdownMenuItem>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function MovePanel({
  audience,
  flat,
  cancelHref,
}: {
  audience: AudienceSummary;
  flat: ReturnType<typeof flattenFolders>;
  cancelHref: string;
}) {
  return (
    <FocusPanel headingId="move-heading" heading={`Move “${audience.name}” to a folder`}>
      <Form method="post" className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="intent" value="move" />
        <input type="hidden" name="id" value={audience.id} />
        <input type="hidden" name="returnTo" value={cancelHref} />
        <SelectField
          name="folderId"
          id="move-folder"
          label="Folder"
          defaultValue={audience.folderId ?? ''}
          className="min-w-56"
        >
          <option value="">Not in a folder</option>
          {flat.map((f) => (
            <option key={f.id} value={f.id}>
              {'\u00a0\u00a0'.repeat(f.depth)}
              {f.name}
            </option>
          ))}
        </SelectField>
        <Button type="submit" size="sm">
          Move
        </Button>
        <CancelLink href={cancelHref} />
      </Form>
    </FocusPanel>
  );
}

function ConfirmDelete({
  audience,
  cancelHref,
}: {
  audience: AudienceSummary;
  cancelHref: string;
}) {
  return (
    <ConfirmDeletePanel
      headingId="confirm-audience-delete"
      heading={`Delete “${audience.name}”?`}
      explanation="Its draft, every saved version and its size history are removed. Contacts and lists stay. An audience that another audience uses cannot be deleted."
      fields={{ intent: 'delete', id: audience.id, returnTo: cancelHref }}
      submitLabel="Delete audience"
      cancelHref={cancelHref}
    />
  );
}
