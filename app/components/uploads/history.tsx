import { Form, Link, useNavigation } from '@remix-run/react';
import {
  ArrowDown,
  ArrowUp,
  ArrowUpDown,
  ChevronLeft,
  ChevronRight,
  Download,
  FileClock,
  RefreshCw,
  Trash2,
} from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { UploadList, UploadStatus } from '../../../core/contracts/uploads';
import { FormAlert, SelectField, TextField, useFocusOnMount } from '~/components/forms';
import { Badge } from '~/components/ui/badge';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { Card, CardContent } from '~/components/ui/card';
import { EmptyState } from '~/components/ui/empty-state';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { formatUtcSeconds } from '~/lib/dates';
import {
  formatBytes,
  historyQuery,
  scoreTone,
  STATUS_VIEW,
  type HistoryFilters,
} from '~/lib/uploads';
import { formatCount } from '~/lib/utils';
import { Skeleton } from './progress-bar';
import { UploadStatusBadge } from './status-badge';

type Sort = HistoryFilters['sort'];

export interface BulkOutcome {
  ok: boolean;
  message: string;
}

/**
 * Every upload of the organisation: search, filters (status, uploader, dates), sorting and pages
 * live in the address (GET forms and links, so a view can be bookmarked and works without
 * JavaScript); selected rows can be re-processed, deleted or have their rejects downloaded.
 */
export function UploadHistory({
  list,
  filters,
  members,
  canMap,
  canDelete,
  confirmDelete,
  outcome,
}: {
  list: UploadList;
  filters: HistoryFilters;
  members: { id: string; name: string }[];
  canMap: boolean;
  canDelete: boolean;
  /** Ids whose deletion is being confirmed (from the address). */
  confirmDelete: string[];
  outcome: BulkOutcome | null;
}) {
  const navigation = useNavigation();
  // A new filter, sort or page on this screen: show the table's shape while the rows load.
  const reloading = navigation.state === 'loading' && navigation.location.pathname === '/uploads';
  const [selected, setSelected] = useState<string[]>([]);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  // Selection belongs to the rows on screen.
  const pageKey = list.uploads.map((u) => u.id).join(',');
  useEffect(() => setSelected([]), [pageKey]);
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const filtered = Boolean(
    filters.q || filters.status || filters.uploader || filters.from || filters.to,
  );
  const allSelected = list.uploads.length > 0 && selected.length === list.uploads.length;

  const downloadRejects = () => {
    // One download per selected upload; the browser may ask once to allow several.
    selected.forEach((id, i) => {
      setTimeout(() => {
        const link = document.createElement('a');
        link.href = `/api/uploads/${encodeURIComponent(id)}/rejects.csv`;
        link.download = '';
        document.body.appendChild(link);
        link.click();
        link.remove();
      }, i * 400);
    });
  };

  return (
    <section aria-labelledby="history-heading" className="space-y-4">
      <h2 id="history-heading" className="text-base font-semibold text-foreground">
        History
      </h2>
      <HistoryFiltersForm filters={filters} members={members} />

      {outcome ? (
        outcome.ok ? (
          <Callout tone="success" role="status">
            <p>{outcome.message}</p>
          </Callout>
        ) : (
          <FormAlert>
            <p>{outcome.message}</p>
          </FormAlert>
        )
      ) : null}

      {confirmDelete.length > 0 && canDelete ? (
        <ConfirmBulkDelete
          ids={confirmDelete}
          names={confirmDelete.map(
            (id) => list.uploads.find((u) => u.id === id)?.name ?? 'An upload on another page',
          )}
          cancelHref={historyQuery(filters)}
        />
      ) : null}

      {list.uploads.length === 0 && !reloading ? (
        <EmptyState
          icon={FileClock}
          headingLevel="h3"
          title={filtered ? 'No uploads match these filters' : 'No lists uploaded yet'}
          description={
            <p>
              {filtered
                ? 'Try a wider date range or another status, or clear the filters.'
                : 'Uploaded files appear here with their progress, row counts, quality score and rejected rows.'}
            </p>
          }
          actions={
            filtered ? (
              <Button asChild variant="secondary" size="sm">
                <Link to="/uploads">Clear filters</Link>
              </Button>
            ) : null
          }
        />
      ) : (
        <Form method="post" action="/uploads?index" aria-label="Selected uploads">
          {/* A GET submission (the delete confirmation) keeps the current view. */}
          {Object.entries(filters).map(([name, value]) =>
            value !== undefined && value !== '' ? (
              <input key={name} type="hidden" name={name} value={String(value)} />
            ) : null,
          )}
          <div className="mb-3 flex flex-wrap items-center gap-2">
            <p className="mr-2 text-sm text-muted-foreground" aria-live="polite">
              {selected.length === 0
                ? 'Select uploads to act on several at once.'
                : `${selected.length} selected`}
            </p>
            {canMap ? (
              <Button
                type="submit"
                name="intent"
                value="bulk-reprocess"
                size="sm"
                variant="secondary"
                disabled={hydrated && selected.length === 0}
              >
                <RefreshCw aria-hidden="true" />
                Re-process
              </Button>
            ) : null}
            {hydrated ? (
              <Button
                size="sm"
                variant="secondary"
                disabled={selected.length === 0}
                onClick={downloadRejects}
              >
                <Download aria-hidden="true" />
                Download rejects
              </Button>
            ) : null}
            {canDelete ? (
              <Button
                type="submit"
                formMethod="get"
                formAction="/uploads"
                name="confirm"
                value="delete"
                size="sm"
                variant="ghost"
                disabled={hydrated && selected.length === 0}
              >
                <Trash2 aria-hidden="true" />
                Delete…
              </Button>
            ) : null}
          </div>
          {reloading ? (
            <HistorySkeleton />
          ) : (
            <Table label="Upload history">
              <TableHead>
                <Tr>
                  <Th className="w-10">
                    {hydrated ? (
                      <input
                        type="checkbox"
                        aria-label="Select all uploads on this page"
                        className="size-4 accent-primary"
                        checked={allSelected}
                        onChange={() =>
                          setSelected(allSelected ? [] : list.uploads.map((u) => u.id))
                        }
                      />
                    ) : (
                      <span className="sr-only">Select</span>
                    )}
                  </Th>
                  <SortHeader label="File" column="name" filters={filters} />
                  <SortHeader label="Status" column="status" filters={filters} />
                  <Th>Rows accepted</Th>
                  <Th>Rejected</Th>
                  <Th>Quality</Th>
                  <Th>Uploaded by</Th>
                  <SortHeader label="Uploaded (UTC)" column="created_at" filters={filters} />
                  <SortHeader label="Size" column="size" filters={filters} />
                </Tr>
              </TableHead>
              <TableBody>
                {list.uploads.map((upload) => (
                  <Tr key={upload.id}>
                    <Td>
                      <input
                        type="checkbox"
                        name="ids"
                        value={upload.id}
                        aria-label={`Select ${upload.name}`}
                        className="size-4 accent-primary"
                        checked={selected.includes(upload.id)}
                        onChange={(e) =>
                          setSelected((s) =>
                            e.target.checked ? [...s, upload.id] : s.filter((x) => x !== upload.id),
                          )
                        }
                      />
                    </Td>
                    <Td className="min-w-48 font-medium">
                      <Link
                        to={`/uploads/${upload.id}`}
                        className="break-all text-link hover:underline"
                      >
                        {upload.name}
                      </Link>
                    </Td>
                    <Td>
                      <UploadStatusBadge status={upload.status} />
                    </Td>
                    <Td className="tabular-nums">
                      {upload.counts
                        ? `${formatCount(upload.counts.accepted)} of ${formatCount(upload.counts.rows)}`
                        : '—'}
                    </Td>
                    <Td className="tabular-nums">
                      {upload.counts ? formatCount(upload.counts.rejected) : '—'}
                    </Td>
                    <Td>
                      {upload.qualityScore !== null ? (
                        <Badge tone={scoreTone(upload.qualityScore)}>
                          {Math.round(upload.qualityScore)}
                          <span className="sr-only"> out of 100</span>
                        </Badge>
                      ) : (
                        '—'
                      )}
                    </Td>
                    <Td className="text-muted-foreground">{upload.createdBy?.name ?? '—'}</Td>
                    <Td className="whitespace-nowrap text-muted-foreground tabular-nums">
                      {formatUtcSeconds(upload.createdAt).replace(' UTC', '')}
                    </Td>
                    <Td className="whitespace-nowrap text-muted-foreground tabular-nums">
                      {formatBytes(upload.sizeBytes)}
                    </Td>
                  </Tr>
                ))}
              </TableBody>
            </Table>
          )}
        </Form>
      )}

      {list.total > 0 ? (
        <nav aria-label="Upload history pages" className="flex items-center justify-between gap-3">
          {filters.page > 1 ? (
            <Button asChild variant="secondary" size="sm">
              <Link to={historyQuery(filters, { page: filters.page - 1 })}>
                <ChevronLeft aria-hidden="true" />
                Previous
              </Link>
            </Button>
          ) : (
            <span />
          )}
          <p className="text-sm text-muted-foreground">
            Page {filters.page} of {pages} · {formatCount(list.total)}{' '}
            {list.total === 1 ? 'upload' : 'uploads'}
          </p>
          {filters.page < pages ? (
            <Button asChild variant="secondary" size="sm">
              <Link to={historyQuery(filters, { page: filters.page + 1 })}>
                Next
                <ChevronRight aria-hidden="true" />
              </Link>
            </Button>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </section>
  );
}

function SortHeader({
  label,
  column,
  filters,
}: {
  label: string;
  column: Sort;
  filters: HistoryFilters;
}) {
  const active = filters.sort === column;
  const nextDir = active && filters.dir === 'asc' ? 'desc' : 'asc';
  const Icon = !active ? ArrowUpDown : filters.dir === 'asc' ? ArrowUp : ArrowDown;
  return (
    <Th aria-sort={active ? (filters.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <Link
        to={historyQuery(filters, { sort: column, dir: active ? nextDir : 'asc', page: 1 })}
        className="inline-flex items-center gap-1 hover:text-foreground"
        preventScrollReset
      >
        {label}
        <Icon aria-hidden="true" className="size-3.5" />
        <span className="sr-only">
          {active ? `, sorted ${filters.dir === 'asc' ? 'ascending' : 'descending'}` : ''}, sort{' '}
          {active ? (nextDir === 'asc' ? 'ascending' : 'descending') : 'ascending'}
        </span>
      </Link>
    </Th>
  );
}

function HistoryFiltersForm({
  filters,
  members,
}: {
  filters: HistoryFilters;
  members: { id: string; name: string }[];
}) {
  // Re-mount on a new address (back/forward) so the fields show its values.
  const key = historyQuery(filters);
  return (
    <Card>
      <CardContent>
        <Form
          method="get"
          action="/uploads"
          key={key}
          aria-label="Filter uploads"
          className="space-y-4"
        >
          {filters.sort !== 'created_at' ? (
            <input type="hidden" name="sort" value={filters.sort} />
          ) : null}
          {filters.dir !== 'desc' ? <input type="hidden" name="dir" value={filters.dir} /> : null}
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
            <TextField
              name="q"
              id="history-q"
              type="search"
              label="Search file names"
              defaultValue={filters.q}
            />
            <SelectField
              name="status"
              id="history-status"
              label="Status"
              defaultValue={filters.status ?? ''}
            >
              <option value="">Any status</option>
              {(Object.keys(STATUS_VIEW) as UploadStatus[]).map((status) => (
                <option key={status} value={status}>
                  {STATUS_VIEW[status].label}
                </option>
              ))}
            </SelectField>
            <SelectField
              name="uploader"
              id="history-uploader"
              label="Uploaded by"
              defaultValue={filters.uploader ?? ''}
            >
              <option value="">Anyone</option>
              {members.map((member) => (
                <option key={member.id} value={member.id}>
                  {member.name}
                </option>
              ))}
            </SelectField>
            <TextField
              name="from"
              id="history-from"
              type="date"
              label="From (UTC)"
              defaultValue={filters.from}
            />
            <TextField
              name="to"
              id="history-to"
              type="date"
              label="To (UTC)"
              defaultValue={filters.to}
            />
          </div>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" size="sm">
              Apply filters
            </Button>
            <Button asChild variant="ghost" size="sm">
              <Link to="/uploads">Clear</Link>
            </Button>
          </div>
        </Form>
      </CardContent>
    </Card>
  );
}

function ConfirmBulkDelete({
  ids,
  names,
  cancelHref,
}: {
  ids: string[];
  names: string[];
  cancelHref: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useFocusOnMount(ref);
  const count = ids.length === 1 ? 'this upload' : `these ${ids.length} uploads`;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="group"
      aria-labelledby="confirm-bulk-delete"
      autoFocus
      className="space-y-3 rounded-xl border border-danger/30 bg-danger-subtle p-4 focus-visible:outline-none"
    >
      <p id="confirm-bulk-delete" className="font-medium text-foreground">
        Delete {count}?
      </p>
      <ul className="list-disc pl-5 text-sm break-all">
        {names.map((name, i) => (
          <li key={ids[i]}>{name}</li>
        ))}
      </ul>
      <p className="text-sm text-muted-foreground">
        Their source files and rejected rows are removed. Contacts they imported stay unless you
        choose otherwise.
      </p>
      <Form method="post" action="/uploads?index" className="space-y-3">
        <input type="hidden" name="intent" value="bulk-delete" />
        {ids.map((id) => (
          <input key={id} type="hidden" name="ids" value={id} />
        ))}
        <div className="flex items-start gap-2">
          <input
            id="bulk-remove-records"
            type="checkbox"
            name="records"
            value="remove"
            className="mt-0.5 size-4 accent-primary"
          />
          <label htmlFor="bulk-remove-records" className="text-sm">
            Also remove the contacts that only these uploads brought in
          </label>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant="destructive" size="sm">
            Delete {ids.length === 1 ? 'upload' : `${ids.length} uploads`}
          </Button>
          <Button asChild variant="secondary" size="sm">
            <Link to={cancelHref} preventScrollReset>
              Cancel
            </Link>
          </Button>
        </div>
      </Form>
    </div>
  );
}

function HistorySkeleton() {
  return (
    <div className="space-y-2 rounded-xl border border-border bg-card p-4" aria-hidden="true">
      {Array.from({ length: 5 }, (_, i) => (
        <Skeleton key={i} className="h-8 w-full" />
      ))}
    </div>
  );
}
