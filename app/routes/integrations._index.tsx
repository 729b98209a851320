import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/cloudflare';
import { Link, useLoaderData } from '@remix-run/react';
import { ArrowRight, Fingerprint, Radar, Send, type LucideIcon } from 'lucide-react';
import { RunStatusBadge } from '~/components/run-status-badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '~/components/ui/card';
import { PageHeader } from '~/components/ui/page-header';
import { INTEGRATIONS } from '~/lib/integrations';
import { describeSchedule, formatUtc } from '~/lib/jobs';
import { pageTitle } from '~/lib/meta';
import { getOverview } from '~/lib/overview.server';

export const meta: MetaFunction = () => [{ title: pageTitle('Integrations') }];

export async function loader({ context }: LoaderFunctionArgs) {
  // The overview already carries each scheduled job's last run; a dedicated integrations service
  // (credentials, destinations) replaces this when activation is built.
  const { jobs } = await getOverview(context);
  return { jobs };
}

const ICONS: Record<(typeof INTEGRATIONS)[number]['name'], LucideIcon> = {
  'Bombora Company Surge': Radar,
  UID2: Fingerprint,
  'The Trade Desk': Send,
};

export default function IntegrationsPage() {
  const { jobs } = useLoaderData<typeof loader>();

  return (
    <div className="space-y-8">
      <PageHeader
        title="Integrations"
        description="Where intent data comes from, how contacts resolve to UID2 identifiers, and where audiences are activated. Each one syncs on a schedule and every run is recorded."
      />
      <ol className="grid gap-4 lg:grid-cols-3">
        {INTEGRATIONS.map((integration, index) => {
          const Icon = ICONS[integration.name];
          const job = jobs.find((item) => item.job === integration.job);
          return (
            <li key={integration.name}>
              <Card className="flex h-full flex-col">
                <CardHeader>
                  <div className="flex size-10 items-center justify-center rounded-lg bg-accent text-accent-foreground">
                    <Icon aria-hidden="true" className="size-5" />
                  </div>
                  <p className="mt-3 text-xs font-medium text-muted-foreground">
                    Step {index + 1} · {integration.role}
                  </p>
                  <CardTitle>{integration.name}</CardTitle>
                </CardHeader>
                <CardContent className="flex-1 space-y-3">
                  <CardDescription>{integration.description}</CardDescription>
                  {'href' in integration ? (
                    <Link
                      to={integration.href}
                      className="inline-flex items-center gap-1 text-sm font-medium text-link hover:underline"
                    >
                      Open<span className="sr-only"> {integration.name}</span>
                      <ArrowRight aria-hidden="true" className="size-4" />
                    </Link>
                  ) : null}
                </CardContent>
                <div className="flex items-center justify-between gap-3 border-t border-border px-5 py-3 text-xs text-muted-foreground">
                  <span>
                    {job ? describeSchedule(job.schedule) : 'Not scheduled'}
                    {job?.lastRun ? ` · last ${formatUtc(job.lastRun.startedAt)}` : null}
                  </span>
                  <RunStatusBadge run={job?.lastRun ?? null} />
                </div>
              </Card>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
