import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/cloudflare';
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ChevronLeft } from 'lucide-react';
import { z } from 'zod';
import { DestinationsSection } from '~/components/activation/destinations-section';
import { ExportsTable } from '~/components/activation/exports-table';
import { TimeZoneLine } from '~/components/activation/time-zone-form';
import { useCan } from '~/components/shell/use-me';
import { Callout } from '~/components/ui/callout';
import { PageHeader } from '~/components/ui/page-header';
import { apiJson, redirectIfSignedOut, type ApiFailure, type ApiResult } from '~/lib/api.server';
import { destinationBody } from '~/lib/activation-forms';
import {
  DestinationListSchema,
  DestinationViewSchema,
  ExportListSchema,
} from '~/lib/activation-schemas';
import { formErrorFor, problemFrom } from '~/lib/form-problems.server';
import { formValues, type FormProblem } from '~/lib/forms';
import { pageTitle } from '~/lib/meta';
import { saveTimeZone } from '~/lib/ttd-actions.server';

export const meta: MetaFunction = () => [{ title: pageTitle('The Trade Desk · Integrations') }];

const PATH = '/integrations/ttd';

function section<T>(result: ApiResult<T>, request: Request) {
  if (result.ok) return { data: result.data, problem: null };
  redirectIfSignedOut(result, request);
  return { data: null, problem: formErrorFor(result) };
}

const SearchSchema = z.object({
  destination: z.string().min(1).max(64).optional().catch(undefined),
  deleteDestination: z.string().min(1).max(64).optional().catch(undefined),
  timeZone: z.literal('edit').optional().catch(undefined),
  notice: z
    .enum(['destination-saved', 'destination-deleted', 'time-zone-saved', 'export-deleted'])
    .optional()
    .catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const search = SearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [destinations, exports] = await Promise.all([
    apiJson(context, '/api/ttd/destinations', { schema: DestinationListSchema }),
    apiJson(context, '/api/ttd/exports', { schema: ExportListSchema }),
  ]);
  return {
    now: Date.now(),
    search: {
      destination: search.destination ?? null,
      deleteDestination: search.deleteDestination ?? null,
      editingTimeZone: search.timeZone === 'edit',
      notice: search.notice ?? null,
    },
    destinations: section(destinations, request),
    exports: section(exports, request),
  };
}

const Intent = z.enum(['destination-save', 'destination-delete', 'time-zone']);
type Intent = z.infer<typeof Intent>;
type Result = { intent: Intent; ok: false } & FormProblem;

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const parsedIntent = Intent.safeParse(formData.get('intent'));
  if (!parsedIntent.success) {
    return data<Result>(
      { intent: 'destination-save', ok: false, fieldErrors: {}, formError: 'Unknown action' },
      { status: 400 },
    );
  }
  const intent = parsedIntent.data;
  const values = formValues(formData, ['secret']);
  const refused = (problem: FormProblem, status = 400) =>
    data<Result>({ intent, ok: false, ...problem }, { status });
  const failed = (failure: ApiFailure, problem: FormProblem = problemFrom(failure, values)) => {
    redirectIfSignedOut(failure, request);
    return refused(problem, failure.status);
  };
  const destinationId = z.string().min(1).max(64).safeParse(formData.get('destinationId'));

  switch (intent) {
    case 'time-zone': {
      const saved = await saveTimeZone(context, request, formData);
      if (saved.ok) throw redirect(`${PATH}?notice=time-zone-saved`);
      const { status, ok: _ok, ...problem } = saved;
      return refused(problem, status);
    }
    case 'destination-save': {
      const parsed = destinationBody(formData, !destinationId.success);
      if (!parsed.ok) return refused({ fieldErrors: parsed.fieldErrors, values });
      const result = destinationId.success
        ? await apiJson(
            context,
            `/api/ttd/destinations/${encodeURIComponent(destinationId.data)}`,
            {
              method: 'PATCH',
              json: parsed.body,
              schema: DestinationViewSchema,
            },
          )
        : await apiJson(context, '/api/ttd/destinations', {
            method: 'POST',
            json: parsed.body,
            schema: DestinationViewSchema,
          });
      if (result.ok) throw redirect(`${PATH}?notice=destination-saved#destinations`);
      return failed(result);
    }
    case 'destination-delete': {
      if (!destinationId.success)
        return refused({ fieldErrors: {}, formError: 'Which destination?' });
      const result = await apiJson(
        context,
        `/api/ttd/destinations/${encodeURIComponent(destinationId.data)}`,
        { method: 'DELETE' },
      );
      if (result.ok) throw redirect(`${PATH}?notice=destination-deleted#destinations`);
      if (result.code === 'destination_in_use') {
        return failed(result, {
          fieldErrors: {},
          formError: `${result.message} Delete those exports, or point them at another destination, first.`,
        });
      }
      return failed(result, { fieldErrors: {}, formError: formErrorFor(result) });
    }
  }
}

const NOTICES = {
  'destination-saved': 'Destination saved.',
  'destination-deleted': 'Destination deleted.',
  'time-zone-saved': 'Time zone saved. Export schedules now run in it.',
  'export-deleted': 'Export deleted. What it sent stays in The Trade Desk until its TTL runs out.',
} as const;

export default function TradeDeskPage() {
  const { now, search, destinations, exports } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null;
  const canConfigure = useCan('integration:configure');
  const canSchedule = useCan('export:schedule');
  const canChangeTimeZone = useCan('organization:update');
  const problemOf = (intent: Intent) => (result?.intent === intent ? result : undefined);
  const destinationProblem = problemOf('destination-save') ?? problemOf('destination-delete');

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
          title="The Trade Desk"
          description="Send audiences to The Trade Desk as first-party segments of UID2s. Each run sends only the people who joined or left since the last one, and refreshes the rest before their TTL runs out."
        />
      </div>

      {search.notice ? (
        <Callout tone="success" role="status">
          <p>{NOTICES[search.notice]}</p>
        </Callout>
      ) : null}

      {exports.data ? (
        <TimeZoneLine
          timeZone={exports.data.timeZone}
          editing={search.editingTimeZone}
          canEdit={canChangeTimeZone}
          problem={problemOf('time-zone')}
          busy={submitting === 'time-zone'}
          returnTo={PATH}
        />
      ) : null}

      {destinations.problem ? (
        <Callout tone="danger" role="alert">
          <p>The destinations could not be loaded: {destinations.problem}</p>
        </Callout>
      ) : (
        <DestinationsSection
          destinations={destinations.data?.destinations ?? []}
          editing={search.destination}
          deleting={search.deleteDestination}
          canEdit={canConfigure}
          problem={destinationProblem}
          busy={submitting === 'destination-save' || submitting === 'destination-delete'}
        />
      )}

      {exports.problem ? (
        <Callout tone="danger" role="alert">
          <p>The exports could not be loaded: {exports.problem}</p>
        </Callout>
      ) : (
        <ExportsTable
          exports={exports.data?.exports ?? []}
          now={now}
          canCreate={canSchedule}
          hasDestinations={(destinations.data?.destinations.length ?? 0) > 0}
        />
      )}
    </div>
  );
}
