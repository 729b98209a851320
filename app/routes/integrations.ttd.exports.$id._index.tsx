import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/cloudflare';
import {
  Form,
  Link,
  useActionData,
  useFetcher,
  useLoaderData,
  useNavigation,
  useRevalidator,
} from '@remix-run/react';
import { ChevronLeft, Pencil, Send } from 'lucide-react';
import { useEffect } from 'react';
import { ExportRunHistory } from '~/components/activation/export-run-history';
import { ExportRunStatusBadge } from '~/components/activation/export-run-status-badge';
import { POLL_MS } from '~/components/activation/use-poll-while';
import { FormAlert } from '~/components/forms';
import { useCan } from '~/components/shell/use-me';
import { Badge } from '~/components/ui/badge';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { Card, CardContent, CardHeader, CardTitle } from '~/components/ui/card';
import { PageHeader } from '~/components/ui/page-header';
import { apiJson, redirectIfSignedOut, unwrap } from '~/lib/api.server';
import { EXPORT_PHASE_LABELS, runRefusalMessage } from '~/lib/activation';
import { ExportRunListSchema, ExportViewSchema, RunStartedSchema } from '~/lib/activation-schemas';
import { formatRelative, formatUtcMinutes } from '~/lib/dates';
import { formErrorFor } from '~/lib/form-problems.server';
import { pageTitle } from '~/lib/meta';
import { formatCount } from '~/lib/utils';
import type { ExportRunsPoll } from './resources.ttd-export-runs.$id';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: pageTitle(`${loaded?.exportView.name ?? 'Export'} · The Trade Desk`) },
];

const apiPath = (id: string) => `/api/ttd/exports/${encodeURIComponent(id)}`;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const id = params.id!;
  const [exportView, runs] = await Promise.all([
    apiJson(context, apiPath(id), { schema: ExportViewSchema }),
    apiJson(context, `${apiPath(id)}/runs?limit=20`, { schema: ExportRunListSchema }),
  ]);
  const notice = new URL(request.url).searchParams.get('notice');
  return {
    now: Date.now(),
    exportView: unwrap(exportView, request),
    runs: unwrap(runs, request).runs,
    notice: notice === 'saved' ? 'Export saved.' : null,
  };
}

type Result = { ok: true; message: string } | { ok: false; formError: string };

export async function action({ params, request, context }: ActionFunctionArgs) {
  const result = await apiJson(context, `${apiPath(params.id!)}/runs`, {
    method: 'POST',
    schema: RunStartedSchema,
  });
  if (result.ok) {
    return data<Result>({
      ok: true,
      message: 'Export started. Its progress shows in the run history and updates as it runs.',
    });
  }
  redirectIfSignedOut(result, request);
  return data<Result>(
    {
      ok: false,
      formError:
        result.status >= 500
          ? formErrorFor(result)
          : runRefusalMessage(result.code, result.message, 'export'),
    },
    { status: result.status },
  );
}

export default function ExportPage() {
  const loaded = useLoaderData<typeof loader>();
  const { exportView: e } = loaded;
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const starting = navigation.state === 'submitting';
  const canRun = useCan('export:run');
  const canSchedule = useCan('export:schedule');

  // While a run is going, poll only the runs (one API call); when it ends, reload the page once
  // for the export's new member count and next run.
  const poll = useFetcher<ExportRunsPoll>();
  const revalidator = useRevalidator();
  const polled = poll.data && poll.data.now > loaded.now ? poll.data : null;
  const runs = polled?.runs ?? loaded.runs;
  const now = polled?.now ?? loaded.now;
  const latest = runs[0] ?? null;
  const running = latest?.status === 'running' || (!polled && e.running);
  const runsPath = `/resources/ttd-export-runs/${encodeURIComponent(e.id)}`;
  const { load } = poll;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') load(runsPath);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, load, runsPath]);
  const stale = Boolean(polled && !running && e.running);
  useEffect(() => {
    if (stale && revalidator.state === 'idle') revalidator.revalidate();
  }, [stale, revalidator]);

  const announcement = running
    ? `Export running: ${latest ? EXPORT_PHASE_LABELS[latest.phase].toLowerCase() : 'starting'}`
    : latest
      ? `Last run: ${latest.status}`
      : '';

  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <Link
          to="/integrations/ttd#exports"
          className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
        >
          <ChevronLeft aria-hidden="true" className="size-4" />
          The Trade Desk
        </Link>
        <PageHeader
          title={e.name}
          description={`To ${e.destinationName} · ${e.enabled ? e.scheduleText : 'Schedule paused'}`}
          actions={
            <>
              {canSchedule ? (
                <Button asChild variant="secondary">
                  <Link to="edit">
                    <Pencil aria-hidden="true" />
                    Edit
                  </Link>
                </Button>
              ) : null}
              {canRun ? (
                <Form method="post" preventScrollReset>
                  <Button type="submit" disabled={starting || running}>
                    <Send aria-hidden="true" />
                    {starting ? 'Starting…' : running ? 'Exporting…' : 'Export now'}
                  </Button>
                </Form>
              ) : null}
            </>
          }
        />
      </div>

      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>
      {loaded.notice ? (
        <Callout tone="success" role="status">
          <p>{loaded.notice}</p>
        </Callout>
      ) : null}
      {result?.ok ? (
        <Callout tone="success" role="status">
          <p>{result.message}</p>
        </Callout>
      ) : result ? (
        <FormAlert>{result.formError}</FormAlert>
      ) : null}

      <div className="grid items-start gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Status</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
              <dt className="text-muted-foreground">Last run</dt>
              <dd className="flex flex-wrap items-center gap-2">
                <ExportRunStatusBadge status={running ? 'running' : (latest?.status ?? null)} />
                {latest ? formatUtcMinutes(latest.startedAt) : null}
                {!e.enabled ? <Badge>Paused</Badge> : null}
              </dd>
              <dt className="text-muted-foreground">Next run</dt>
              <dd>
                {e.enabled && e.nextRunAt !== null
                  ? `${formatRelative(e.nextRunAt, now)} (${formatUtcMinutes(e.nextRunAt)})`
                  : 'Not scheduled'}
              </dd>
              <dt className="text-muted-foreground">Members in The Trade Desk</dt>
              <dd className="tabular-nums">{formatCount(e.members)}</dd>
              <dt className="text-muted-foreground">Kept for</dt>
              <dd>{e.ttlDays} days without a re-send</dd>
              <dt className="text-muted-foreground">Schedule</dt>
              <dd>
                <code className="font-mono text-xs">{e.schedule}</code> — {e.scheduleText}
              </dd>
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Audiences and segments</CardTitle>
          </CardHeader>
          <CardContent className="space-y-2">
            <p className="text-xs text-muted-foreground">
              In priority order: a person is sent only to the first audience that holds them.
            </p>
            <ol className="space-y-2 text-sm">
              {e.audiences.map((a, i) => (
                <li key={a.audienceId} className="flex gap-3">
                  <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-accent text-xs font-semibold text-accent-foreground">
                    {i + 1}
                  </span>
                  <span>
                    <Link
                      to={`/audiences/${encodeURIComponent(a.audienceId)}`}
                      className="font-medium text-link hover:underline"
                    >
                      {a.audienceName}
                    </Link>
                    <span className="block text-xs text-muted-foreground">
                      Segment: {a.segmentName}
                    </span>
                  </span>
                </li>
              ))}
            </ol>
          </CardContent>
        </Card>
      </div>

      <ExportRunHistory runs={runs} now={now} />
    </div>
  );
}
