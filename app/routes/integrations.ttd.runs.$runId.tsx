import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/cloudflare';
import { Link, useLoaderData } from '@remix-run/react';
import { ChevronLeft } from 'lucide-react';
import { ExportRunDetailView } from '~/components/activation/export-run-detail';
import { usePollWhile } from '~/components/activation/use-poll-while';
import { PageHeader } from '~/components/ui/page-header';
import { apiJson, unwrap } from '~/lib/api.server';
import { ExportRunDetailSchema } from '~/lib/activation-schemas';
import { formatUtcMinutes } from '~/lib/dates';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: pageTitle(`Run of ${loaded?.run.exportName ?? 'an export'} · The Trade Desk`) },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  // One call, so polling a running run costs one request per tick.
  const run = await apiJson(context, `/api/ttd/runs/${encodeURIComponent(params.runId!)}`, {
    schema: ExportRunDetailSchema,
  });
  return { now: Date.now(), run: unwrap(run, request) };
}

export default function ExportRunPage() {
  const { now, run } = useLoaderData<typeof loader>();
  usePollWhile(run.status === 'running');
  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <Link
          to={`/integrations/ttd/exports/${encodeURIComponent(run.exportId)}`}
          className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
        >
          <ChevronLeft aria-hidden="true" className="size-4" />
          {run.exportName}
        </Link>
        <PageHeader
          title={`Run of ${formatUtcMinutes(run.startedAt)}`}
          description={`What this run of “${run.exportName}” sent to The Trade Desk.`}
        />
      </div>
      <p role="status" aria-live="polite" className="sr-only">
        {run.status === 'running' ? 'Run in progress' : `Run ${run.status}`}
      </p>
      <ExportRunDetailView run={run} now={now} />
    </div>
  );
}
