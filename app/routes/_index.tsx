import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/cloudflare';
import { Link, useLoaderData } from '@remix-run/react';
import {
  ArrowRight,
  Check,
  Contact,
  FileUp,
  Send,
  TriangleAlert,
  UsersRound,
  UserRound,
  type LucideIcon,
} from 'lucide-react';
import type { Overview } from '../../core/contracts/overview';
import { RunStatusBadge } from '~/components/run-status-badge';
import { Button } from '~/components/ui/button';
import {
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
} from '~/components/ui/card';
import { PageHeader } from '~/components/ui/page-header';
import { Stat, StatGrid } from '~/components/ui/stat';
import { describeSchedule, formatUtc, jobLabel } from '~/lib/jobs';
import { pageTitle } from '~/lib/meta';
import { getOverview } from '~/lib/overview.server';
import { cn, formatCount } from '~/lib/utils';

export const meta: MetaFunction = () => [{ title: pageTitle('Overview') }];

export async function loader({ context }: LoaderFunctionArgs) {
  return { overview: await getOverview(context) };
}

export default function OverviewPage() {
  const { overview } = useLoaderData<typeof loader>();
  const orgName = overview.organization?.name;

  return (
    <div className="space-y-8">
      <PageHeader
        title="Overview"
        description={`${orgName ? `${orgName}: your` : 'Your'} lists, audiences and scheduled syncs at a glance.`}
        actions={
          overview.uploads > 0 ? (
            <Button asChild>
              <Link to="/uploads">
                <FileUp aria-hidden="true" />
                Upload list
              </Link>
            </Button>
          ) : null
        }
      />

      {overview.deadLetters > 0 ? <DeadLettersNotice count={overview.deadLetters} /> : null}

      <section aria-labelledby="totals-heading">
        <h2 id="totals-heading" className="sr-only">
          Totals
        </h2>
        <StatGrid>
          <Stat
            label="Uploads"
            icon={FileUp}
            value={formatCount(overview.uploads)}
            hint={overview.uploads === 0 ? 'No lists uploaded yet' : 'Lists uploaded'}
          />
          <Stat
            label="Contacts"
            icon={Contact}
            value={formatCount(overview.contacts)}
            hint="Unique, after de-duplication"
          />
          <Stat
            label="Audiences"
            icon={UsersRound}
            value={formatCount(overview.audiences)}
            hint={overview.audiences === 0 ? 'None built yet' : 'Built in the editor'}
          />
          <Stat
            label="Members"
            icon={UserRound}
            value={formatCount(overview.members)}
            hint="People in this organisation"
          />
        </StatGrid>
      </section>

      <div className="grid gap-6 lg:grid-cols-5">
        <SetupChecklist overview={overview} className="lg:col-span-3" />
        <SyncsCard jobs={overview.jobs} className="lg:col-span-2" />
      </div>
    </div>
  );
}

function DeadLettersNotice({ count }: { count: number }) {
  return (
    <div className="flex items-start gap-3 rounded-xl border border-warning/30 bg-warning-subtle p-4 text-sm">
      <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-warning" />
      <p className="text-foreground">
        <strong className="font-semibold">
          {formatCount(count)} background {count === 1 ? 'task' : 'tasks'} failed after retries.
        </strong>{' '}
        They are kept for review and can be replayed.{' '}
        <Link
          to="/uploads?status=failed"
          className="font-medium text-link underline underline-offset-4"
        >
          Review failed uploads
        </Link>
      </p>
    </div>
  );
}

interface Step {
  title: string;
  description: string;
  done: boolean;
  to: string;
  action: string;
  icon: LucideIcon;
}

function SetupChecklist({ overview, className }: { overview: Overview; className?: string }) {
  const steps: Step[] = [
    {
      title: 'Upload a list',
      description:
        'A CSV of contacts or companies, up to 500 MB. Rows are validated, cleaned and de-duplicated; bad rows are set aside for review.',
      done: overview.uploads > 0,
      to: '/uploads',
      action: 'Upload your first list',
      icon: FileUp,
    },
    {
      title: 'Build an audience',
      description:
        'Combine lists, attributes and Bombora intent with AND, OR and NOT, and watch its size update as you edit.',
      done: overview.audiences > 0,
      to: '/audiences',
      action: 'Build an audience',
      icon: UsersRound,
    },
    {
      title: 'Activate it',
      description:
        'Resolve contacts to UID2 and export the audience to The Trade Desk on a schedule, sending only what changed.',
      done: false,
      to: '/integrations',
      action: 'Set up activation',
      icon: Send,
    },
  ];
  const next = steps.findIndex((step) => !step.done);

  return (
    <Card className={className}>
      <CardHeader>
        <CardTitle>Get set up</CardTitle>
        <CardDescription>Three steps from a CSV file to a Trade Desk segment.</CardDescription>
      </CardHeader>
      <CardContent>
        <ol className="space-y-1">
          {steps.map((step, index) => {
            const current = index === next;
            return (
              <li
                key={step.title}
                aria-current={current ? 'step' : undefined}
                className={cn('flex gap-4 rounded-lg p-3', current && 'bg-muted')}
              >
                <span
                  className={cn(
                    'flex size-8 shrink-0 items-center justify-center rounded-full border text-sm font-semibold',
                    step.done
                      ? 'border-success/30 bg-success-subtle text-success'
                      : current
                        ? 'border-primary bg-primary text-primary-foreground'
                        : 'border-border-strong text-muted-foreground',
                  )}
                >
                  {step.done ? <Check aria-hidden="true" className="size-4" /> : index + 1}
                </span>
                <div className="min-w-0 flex-1">
                  <h3 className="text-sm font-semibold text-foreground">
                    {step.title}
                    {step.done ? <span className="sr-only"> (done)</span> : null}
                  </h3>
                  <p className="mt-0.5 text-sm text-muted-foreground">{step.description}</p>
                  {current ? (
                    <Button asChild size="sm" className="mt-3">
                      <Link to={step.to}>
                        <step.icon aria-hidden="true" />
                        {step.action}
                      </Link>
                    </Button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ol>
      </CardContent>
    </Card>
  );
}

function SyncsCard({ jobs, className }: { jobs: Overview['jobs']; className?: string }) {
  return (
    <Card className={cn('flex flex-col', className)}>
      <CardHeader>
        <CardTitle>Scheduled syncs</CardTitle>
        <CardDescription>Background jobs and the outcome of each one's last run.</CardDescription>
      </CardHeader>
      <CardContent className="flex-1">
        <ul className="divide-y divide-border">
          {jobs.map(({ job, schedule, lastRun }) => (
            <li key={job} className="flex items-center justify-between gap-3 py-3">
              <div className="min-w-0">
                <p className="truncate text-sm font-medium text-foreground">{jobLabel(job)}</p>
                <p className="text-xs text-muted-foreground">
                  {describeSchedule(schedule)}
                  {lastRun ? ` · last ${formatUtc(lastRun.startedAt)}` : null}
                </p>
              </div>
              <RunStatusBadge run={lastRun} />
            </li>
          ))}
        </ul>
      </CardContent>
      <CardFooter>
        <Link
          to="/integrations"
          className="inline-flex items-center gap-1 text-sm font-medium text-link hover:underline"
        >
          Integrations
          <ArrowRight aria-hidden="true" className="size-4" />
        </Link>
      </CardFooter>
    </Card>
  );
}
