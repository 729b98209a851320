import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/cloudflare';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { ChevronLeft, ChevronRight, Download, History, ShieldAlert } from 'lucide-react';
import { z } from 'zod';
import { AuditPageSchema, MemberSchema, type AuditEvent } from '../../core/contracts/accounts';
import { FormAlert, SelectField, TextField } from '~/components/forms';
import { useMe } from '~/components/shell/use-me';
import { Button } from '~/components/ui/button';
import { Card, CardContent } from '~/components/ui/card';
import { EmptyState } from '~/components/ui/empty-state';
import { PageHeader } from '~/components/ui/page-header';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { apiJson, unwrap } from '~/lib/api.server';
import { formatUtcSeconds } from '~/lib/dates';
import { fieldErrorsOf, optional, type FieldErrors } from '~/lib/forms';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = () => [{ title: pageTitle('Activity') }];

const Text = optional(z.string().trim().max(64));
const Day = optional(z.iso.date('Use a date like 2026-01-31'));

/** The filters as they appear in the page's address (a GET form, so they can be bookmarked). */
const ActivityFiltersSchema = z.object({
  actor: Text,
  action: Text,
  targetType: Text,
  from: Day,
  to: Day,
  cursor: optional(z.string().max(200)),
});
type ActivityFilters = z.infer<typeof ActivityFiltersSchema>;

/** The API's query (AuditQuerySchema) for the filters: days become the UTC day's first/last instant. */
function auditQuery(filters: ActivityFilters, withCursor: boolean): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.actor) query.set('actor', filters.actor);
  if (filters.action) query.set('action', filters.action);
  if (filters.targetType) query.set('targetType', filters.targetType);
  if (filters.from) query.set('from', `${filters.from}T00:00:00.000Z`);
  if (filters.to) query.set('to', `${filters.to}T23:59:59.999Z`);
  if (withCursor && filters.cursor) query.set('cursor', filters.cursor);
  return query;
}

/** The page's own address for the same filters (no cursor: the newest page). */
function pageQuery(filters: ActivityFilters): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of ['actor', 'action', 'targetType', 'from', 'to'] as const) {
    const value = filters[key];
    if (value) query.set(key, value);
  }
  return query;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = ActivityFiltersSchema.safeParse(params);
  const filterErrors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  // Invalid filters are shown beside their fields and left out of the query.
  const filters: ActivityFilters = parsed.success
    ? parsed.data
    : ActivityFiltersSchema.partial().parse(
        Object.fromEntries(Object.entries(params).filter(([key]) => !filterErrors[key])),
      );

  const [audit, members] = await Promise.all([
    apiJson(context, `/api/audit?${auditQuery(filters, true)}`, { schema: AuditPageSchema }),
    apiJson(context, '/api/members', { schema: z.object({ members: z.array(MemberSchema) }) }),
  ]);
  if (!audit.ok && audit.status === 403 && audit.code === 'forbidden') {
    return { forbidden: true as const };
  }
  // A stale or hand-edited cursor: say so and offer the newest page rather than an error screen.
  const badCursor = !audit.ok && audit.code === 'invalid_cursor';
  const page = badCursor ? { events: [], nextCursor: null } : unwrap(audit, request);
  const exportQuery = auditQuery(filters, false);
  return {
    forbidden: false as const,
    filters,
    filterErrors,
    badCursor,
    events: page.events,
    olderHref: page.nextCursor
      ? `?${new URLSearchParams([...pageQuery(filters), ['cursor', page.nextCursor]])}`
      : null,
    newestHref: filters.cursor || badCursor ? `?${pageQuery(filters)}` : null,
    // Plain API addresses: the browser downloads them itself, with its own session cookie.
    exportCsvHref: `/api/audit/export?${new URLSearchParams([['format', 'csv'], ...exportQuery])}`,
    exportJsonHref: `/api/audit/export?${new URLSearchParams([['format', 'json'], ...exportQuery])}`,
    actors: members.ok
      ? members.data.members.map((member) => ({ id: member.userId, name: member.name }))
      : [],
  };
}

export default function ActivityPage() {
  const data = useLoaderData<typeof loader>();
  const me = useMe();
  const orgName =
    me?.memberships.find((m) => m.orgId === me.activeOrgId)?.name ?? 'your organisation';

  return (
    <div className="space-y-8">
      <PageHeader
        title="Activity"
        description="Who did what, and when: an append-only record of every change and every sync in your organisation."
        actions={
          data.forbidden ? null : (
            <>
              <Button asChild variant="secondary">
                <a href={data.exportCsvHref} download>
                  <Download aria-hidden="true" />
                  Export CSV
                </a>
              </Button>
              <Button asChild variant="secondary">
                <a href={data.exportJsonHref} download>
                  <Download aria-hidden="true" />
                  Export JSON
                </a>
              </Button>
            </>
          )
        }
      />
      {data.forbidden ? (
        <EmptyState
          icon={ShieldAlert}
          title="Ask an admin"
          description={
            <p>
              The activity log is visible to owners and admins of {orgName}. Ask one of them if you
              need to know who changed what.
            </p>
          }
        />
      ) : (
        <>
          <Filters filters={data.filters} errors={data.filterErrors} actors={data.actors} />
          {data.badCursor ? (
            <FormAlert>
              <p>
                That page of the log is no longer available. Start again from the newest events.
              </p>
            </FormAlert>
          ) : null}
          <section aria-labelledby="events-heading" className="space-y-3">
            <h2 id="events-heading" className="sr-only">
              Events
            </h2>
            {data.events.length === 0 ? (
              <EmptyState
                icon={History}
                headingLevel="h3"
                title="No activity to show"
                description={
                  <p>
                    {pageQuery(data.filters).toString()
                      ? 'No events match these filters.'
                      : 'Changes to members, invitations, tokens, uploads, audiences and every sync will appear here as they happen.'}
                  </p>
                }
              />
            ) : (
              <EventsTable events={data.events} />
            )}
            <nav aria-label="Activity pages" className="flex justify-between gap-3">
              {data.newestHref ? (
                <Button asChild variant="secondary" size="sm">
                  <Link to={data.newestHref}>
                    <ChevronLeft aria-hidden="true" />
                    Newest
                  </Link>
                </Button>
              ) : (
                <span />
              )}
              {data.olderHref ? (
                <Button asChild variant="secondary" size="sm">
                  <Link to={data.olderHref}>
                    Older
                    <ChevronRight aria-hidden="true" />
                  </Link>
                </Button>
              ) : null}
            </nav>
          </section>
        </>
      )}
    </div>
  );
}

function Filters({
  filters,
  errors,
  actors,
}: {
  filters: ActivityFilters;
  errors: FieldErrors;
  actors: { id: string; name: string }[];
}) {
  // Re-mount when the filters change (back/forward) so the fields show the address's values.
  const key = pageQuery(filters).toString();
  return (
    <Card>
      <CardContent>
        <Form method="get" key={key} aria-label="Filter activity" className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
            <SelectField
              name="actor"
              label="Actor"
              defaultValue={filters.actor ?? ''}
              errors={errors.actor}
            >
              <option value="">Anyone</option>
              {actors.map((actor) => (
                <option key={actor.id} value={actor.id}>
                  {actor.name}
                </option>
              ))}
              {filters.actor && !actors.some((a) => a.id === filters.actor) ? (
                <option value={filters.actor}>{filters.actor}</option>
              ) : null}
            </SelectField>
            <TextField
              name="action"
              label="Action"
              placeholder="e.g. member.joined"
              defaultValue={filters.action}
              errors={errors.action}
            />
            <TextField
              name="targetType"
              label="Target type"
              placeholder="e.g. invitation"
              defaultValue={filters.targetType}
              errors={errors.targetType}
            />
            <TextField
              name="from"
              type="date"
              label="From (UTC)"
              defaultValue={filters.from}
              errors={errors.from}
            />
            <TextField
              name="to"
              type="date"
              label="To (UTC)"
              defaultValue={filters.to}
              errors={errors.to}
            />
          </div>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" size="sm">
              Apply filters
            </Button>
            <Button asChild variant="ghost" size="sm">
              <Link to="/activity">Clear</Link>
            </Button>
          </div>
        </Form>
      </CardContent>
    </Card>
  );
}

function EventsTable({ events }: { events: AuditEvent[] }) {
  return (
    <Table label="Activity log">
      <TableHead>
        <Tr>
          <Th>Time (UTC)</Th>
          <Th>Actor</Th>
          <Th>Action</Th>
          <Th>Target</Th>
          <Th>Summary</Th>
          <Th>Request ID</Th>
        </Tr>
      </TableHead>
      <TableBody>
        {events.map((event) => (
          <Tr key={event.id}>
            <Td className="whitespace-nowrap text-muted-foreground tabular-nums">
              {formatUtcSeconds(event.createdAt)}
            </Td>
            <Td>{actorLabel(event)}</Td>
            <Td>
              <code className="font-mono text-xs whitespace-nowrap">{event.action}</code>
            </Td>
            <Td>
              <span className="block">{event.targetType}</span>
              {event.targetId ? (
                <span className="block font-mono text-xs break-all text-muted-foreground">
                  {event.targetId}
                </span>
              ) : null}
            </Td>
            <Td>
              <Summary summary={event.summary} />
            </Td>
            <Td className="font-mono text-xs break-all text-muted-foreground">
              {event.requestId ?? '—'}
            </Td>
          </Tr>
        ))}
      </TableBody>
    </Table>
  );
}

function actorLabel(event: AuditEvent): string {
  if (event.actorName) return event.actorName;
  if (event.actorType === 'token') return 'API token';
  if (event.actorType === 'system') return 'System';
  return 'Former member';
}

/** The event's summary as "key: value" lines. */
function Summary({ summary }: { summary: Record<string, unknown> }) {
  const entries = Object.entries(summary);
  if (entries.length === 0) return <span className="text-muted-foreground">—</span>;
  return (
    <dl className="space-y-0.5 text-xs">
      {entries.map(([key, value]) => (
        <div key={key} className="flex gap-1">
          <dt className="text-muted-foreground">{key}:</dt>
          <dd className="font-mono break-all text-foreground">
            {typeof value === 'string' ? value : JSON.stringify(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
