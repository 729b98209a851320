import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/cloudflare';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useRevalidator,
} from '@remix-run/react';
import { ChevronLeft, RefreshCw } from 'lucide-react';
import { useEffect, useMemo, useRef } from 'react';
import { z } from 'zod';
import {
  BomboraSettingsInputSchema,
  IntentClusterInputSchema,
  type BomboraSettingsInput,
} from '../../core/contracts/intent';
import { ClustersSection } from '~/components/intent/clusters-section';
import { ConnectionForm, ConnectionSummary } from '~/components/intent/connection-form';
import { FreshnessPanel } from '~/components/intent/freshness-panel';
import { SurgingTables } from '~/components/intent/surging-tables';
import { SyncHistory } from '~/components/intent/sync-history';
import { TopicsForm } from '~/components/intent/topics-form';
import { useCanSync } from '~/components/intent/use-can-sync';
import { FormAlert } from '~/components/forms';
import { useCan } from '~/components/shell/use-me';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { PageHeader } from '~/components/ui/page-header';
import { apiJson, redirectIfSignedOut, type ApiFailure, type ApiResult } from '~/lib/api.server';
import { formErrorFor, problemFrom } from '~/lib/form-problems.server';
import { fieldErrorsOf, formValues, type FormProblem } from '~/lib/forms';
import { isRunActive, syncRefusalMessage, topicNames } from '~/lib/intent';
import { connectionBody, CREDENTIAL_FIELDS, renameFields } from '~/lib/intent-forms';
import {
  BomboraOverviewSchema,
  BomboraSettingsViewSchema,
  IntentClusterListSchema,
  IntentClusterSchema,
  IntentRunListSchema,
  IntentSyncRunDetailSchema,
  IntentTopicListSchema,
  SurgingViewSchema,
  SyncNowResultSchema,
} from '~/lib/intent-schemas';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = () => [{ title: pageTitle('Bombora · Integrations') }];

const PATH = '/integrations/bombora';
const API = '/api/integrations/bombora';
const RUNS_PAGE = 20;
/** How often the page asks again while a sync runs. */
const POLL_MS = 2000;

/**
 * A section that failed to load shows its own message instead of taking the page down: the
 * connection form must stay usable when, say, the surging query fails. A lost session still goes
 * to sign-in.
 */
function section<T>(result: ApiResult<T>, request: Request) {
  if (result.ok) return { data: result.data, problem: null };
  redirectIfSignedOut(result, request);
  return { data: null, problem: formErrorFor(result) };
}

const SearchSchema = z.object({
  before: z.coerce.number().int().positive().optional().catch(undefined),
  run: z.string().min(1).max(64).optional().catch(undefined),
  cluster: z.string().min(1).max(64).optional().catch(undefined),
  deleteCluster: z.string().min(1).max(64).optional().catch(undefined),
  notice: z.enum(['cluster-saved', 'cluster-deleted']).optional().catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const search = SearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const runsQuery = new URLSearchParams({ limit: String(RUNS_PAGE) });
  if (search.before) runsQuery.set('before', String(search.before));
  const [overview, runs, topics, clusters, surging, detail] = await Promise.all([
    apiJson(context, API, { schema: BomboraOverviewSchema }),
    apiJson(context, `${API}/runs?${runsQuery}`, { schema: IntentRunListSchema }),
    apiJson(context, '/api/intent/topics', { schema: IntentTopicListSchema }),
    apiJson(context, '/api/intent/clusters', { schema: IntentClusterListSchema }),
    apiJson(context, '/api/intent/surging?limit=20', { schema: SurgingViewSchema }),
    search.run
      ? apiJson(context, `${API}/runs/${encodeURIComponent(search.run)}`, {
          schema: IntentSyncRunDetailSchema,
        })
      : null,
  ]);
  const runDetail = detail ? section(detail, request) : null;
  return {
    // Relative times ("5 minutes ago") are measured from the server's clock, so the browser's
    // first render prints the same words.
    now: Date.now(),
    search: {
      before: search.before ?? null,
      run: search.run ?? null,
      cluster: search.cluster ?? null,
      deleteCluster: search.deleteCluster ?? null,
      notice: search.notice ?? null,
    },
    overview: section(overview, request),
    runs: section(runs, request),
    topics: section(topics, request),
    clusters: section(clusters, request),
    surging: section(surging, request),
    runDetail: runDetail?.data ?? null,
    runDetailProblem: runDetail?.problem ?? null,
  };
}

const Intent = z.enum(['sync', 'connection', 'topics', 'cluster-save', 'cluster-delete']);
type Intent = z.infer<typeof Intent>;
type Result =
  { intent: Intent; ok: true; message: string } | ({ intent: Intent; ok: false } & FormProblem);

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const parsedIntent = Intent.safeParse(formData.get('intent'));
  if (!parsedIntent.success) {
    return data<Result>(
      { intent: 'sync', ok: false, fieldErrors: {}, formError: 'Unknown action' },
      { status: 400 },
    );
  }
  const intent = parsedIntent.data;
  const values = formValues(formData, ['clientSecret', 'password']);
  const done = (message: string) => data<Result>({ intent, ok: true, message });
  const refused = (problem: FormProblem, status = 400) =>
    data<Result>({ intent, ok: false, ...problem }, { status });
  const failed = (failure: ApiFailure, problem: FormProblem = problemFrom(failure, values)) => {
    redirectIfSignedOut(failure, request);
    return refused(problem, failure.status);
  };

  switch (intent) {
    case 'sync': {
      const result = await apiJson(context, `${API}/sync`, {
        method: 'POST',
        schema: SyncNowResultSchema,
      });
      if (result.ok) return done('Sync started. Its progress shows below and updates as it runs.');
      return failed(result, {
        fieldErrors: {},
        formError:
          result.status >= 500
            ? formErrorFor(result)
            : syncRefusalMessage(result.code, result.message),
      });
    }
    case 'connection': {
      const parsed = connectionBody(formData);
      if (!parsed.ok) return refused({ fieldErrors: parsed.fieldErrors, values });
      const result = await apiJson(context, API, {
        method: 'PUT',
        json: parsed.body,
        schema: BomboraSettingsViewSchema,
      });
      if (result.ok) return done('Connection saved.');
      const mode = parsed.body.mode ?? 'intent';
      if (result.code === 'bombora_refused') {
        // "Bombora refused these credentials (401)": beside the fields that need changing.
        return failed(result, {
          fieldErrors: { [CREDENTIAL_FIELDS[mode][0]]: [result.message] },
          values,
        });
      }
      if (result.code === 'bombora_unavailable') {
        // Bombora itself is down or slow (502): say so, rather than "something went wrong".
        return failed(result, { fieldErrors: {}, formError: result.message, values });
      }
      const problem = problemFrom(result, values);
      return failed(result, { ...problem, fieldErrors: renameFields(problem.fieldErrors, mode) });
    }
    case 'topics': {
      const topicIds = BomboraSettingsInputSchema.shape.topicIds.safeParse(
        formData.getAll('topicIds'),
      );
      if (!topicIds.success) {
        return refused({ fieldErrors: {}, formError: 'Choose at most 500 topics.' });
      }
      const result = await apiJson(context, API, {
        method: 'PUT',
        json: { topicIds: topicIds.data } satisfies BomboraSettingsInput,
        schema: BomboraSettingsViewSchema,
      });
      if (result.ok) {
        const n = result.data.topicIds.length;
        return done(
          `Topics saved: ${n} ${n === 1 ? 'topic is' : 'topics are'} synced from now on.`,
        );
      }
      return failed(result);
    }
    case 'cluster-save': {
      const clusterId = z.string().min(1).max(64).safeParse(formData.get('clusterId'));
      const input = IntentClusterInputSchema.safeParse({
        name: formData.get('name'),
        topicIds: formData.getAll('topicIds'),
        minTopics: Number(formData.get('minTopics')),
      });
      if (!input.success) return refused({ fieldErrors: fieldErrorsOf(input.error), values });
      const result = clusterId.success
        ? await apiJson(context, `/api/intent/clusters/${encodeURIComponent(clusterId.data)}`, {
            method: 'PATCH',
            json: input.data,
            schema: IntentClusterSchema,
          })
        : await apiJson(context, '/api/intent/clusters', {
            method: 'POST',
            json: input.data,
            schema: IntentClusterSchema,
          });
      if (result.ok) throw redirect(`${PATH}?notice=cluster-saved#clusters`);
      return failed(result);
    }
    case 'cluster-delete': {
      const clusterId = z.string().min(1).max(64).safeParse(formData.get('clusterId'));
      if (!clusterId.success) return refused({ fieldErrors: {}, formError: 'Which cluster?' });
      const result = await apiJson(
        context,
        `/api/intent/clusters/${encodeURIComponent(clusterId.data)}`,
        { method: 'DELETE' },
      );
      if (result.ok) throw redirect(`${PATH}?notice=cluster-deleted#clusters`);
      return failed(result);
    }
  }
}

const NOTICES = {
  'cluster-saved': 'Cluster saved.',
  'cluster-deleted': 'Cluster deleted.',
} as const;

export default function BomboraPage() {
  const loaded = useLoaderData<typeof loader>();
  const { now, search, overview } = loaded;
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null;
  const canConfigure = useCan('integration:configure');
  const canSync = useCanSync();

  const running = overview.data?.freshness.running ?? null;
  usePollWhile(Boolean(running && isRunActive(running.status)));

  const topics = useMemo(() => loaded.topics.data?.topics ?? [], [loaded.topics.data]);
  const names = useMemo(() => topicNames(topics), [topics]);
  const problemOf = (intent: Intent) =>
    result && !result.ok && result.intent === intent ? result : undefined;
  const outcome = result?.ok ? result.message : search.notice ? NOTICES[search.notice] : null;
  const syncProblem = problemOf('sync');

  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <Link
          to="/integrations"
          className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
        >
          <ChevronLeft aria-hidden="true" className="size-4" />
          Integrations
        </Link>
        <PageHeader
          title="Bombora Company Surge"
          description="Weekly B2B intent: how strongly each company is researching the topics you choose (0–100, 50 is average). Use it in audiences as intent conditions."
          actions={
            canSync && overview.data ? (
              <Form method="post" preventScrollReset>
                <input type="hidden" name="intent" value="sync" />
                <Button
                  type="submit"
                  // Left enabled when not connected or without topics: the API's answer says
                  // what is missing, which a greyed-out button cannot.
                  disabled={submitting === 'sync' || Boolean(running)}
                >
                  <RefreshCw aria-hidden="true" className={running ? 'animate-spin' : undefined} />
                  {submitting === 'sync' ? 'Starting…' : running ? 'Syncing…' : 'Sync now'}
                </Button>
              </Form>
            ) : null
          }
        />
      </div>

      {outcome ? (
        <Callout tone="success" role="status">
          <p>{outcome}</p>
        </Callout>
      ) : null}
      {syncProblem?.formError ? <FormAlert>{syncProblem.formError}</FormAlert> : null}

      {!overview.data ? (
        <Callout tone="danger" role="alert">
          <p>The Bombora settings could not be loaded: {overview.problem}</p>
        </Callout>
      ) : (
        <>
          {!overview.data.settings.configured ? (
            <Callout tone="info">
              <p>
                Bombora is not connected yet.{' '}
                {canConfigure
                  ? 'Enter your Bombora API credentials under Connection and choose the topics to pull; the first sync can start right after.'
                  : 'Ask an owner or admin of your organisation to connect it.'}
              </p>
            </Callout>
          ) : null}
          <FreshnessPanel
            freshness={overview.data.freshness}
            latestRun={loaded.runs.data?.runs[0] ?? null}
            callsToday={overview.data.settings.callsToday}
            dailyCallQuota={overview.data.settings.dailyCallQuota}
            now={now}
          />
          <SurgingTables surging={loaded.surging.data} problem={loaded.surging.problem} />
          <div className="grid items-start gap-6 xl:grid-cols-2">
            {canConfigure ? (
              <ConnectionForm
                // A fresh form (mode, checkboxes) after the stored settings change.
                key={overview.data.settings.updatedAt ?? 'new'}
                settings={overview.data.settings}
                problem={problemOf('connection')}
                busy={submitting === 'connection'}
              />
            ) : (
              <ConnectionSummary settings={overview.data.settings} />
            )}
            {loaded.topics.problem ? (
              <Callout tone="danger">
                <p>The topic list could not be loaded: {loaded.topics.problem}</p>
              </Callout>
            ) : (
              <TopicsForm
                key={overview.data.settings.topicIds.join(',')}
                topics={topics}
                saved={overview.data.settings.topicIds}
                canEdit={canConfigure}
                busy={submitting === 'topics'}
                formError={problemOf('topics')?.formError}
              />
            )}
          </div>
        </>
      )}

      {loaded.clusters.problem ? (
        <Callout tone="danger">
          <p>The topic clusters could not be loaded: {loaded.clusters.problem}</p>
        </Callout>
      ) : (
        <ClustersSection
          clusters={loaded.clusters.data?.clusters ?? []}
          topics={topics}
          names={names}
          editing={search.cluster}
          deleting={search.deleteCluster}
          canEdit={canConfigure && topics.length > 0}
          problem={problemOf('cluster-save') ?? problemOf('cluster-delete')}
          busy={submitting === 'cluster-save' || submitting === 'cluster-delete'}
          here={PATH}
        />
      )}

      <SyncHistory
        runs={loaded.runs.data?.runs ?? []}
        problem={loaded.runs.problem}
        detail={loaded.runDetail}
        detailProblem={loaded.runDetailProblem}
        openRunId={search.run}
        before={search.before}
        pageSize={RUNS_PAGE}
      />
    </div>
  );
}

/** Re-runs the loader every couple of seconds while `active` (a sync is running or finishing). */
function usePollWhile(active: boolean) {
  const revalidator = useRevalidator();
  const ref = useRef(revalidator);
  ref.current = revalidator;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      // Skip a tick while the previous answer is still coming or the tab is hidden.
      if (ref.current.state === 'idle' && document.visibilityState === 'visible') {
        ref.current.revalidate();
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [active]);
}
