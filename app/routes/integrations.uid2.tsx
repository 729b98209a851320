import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/cloudflare';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ChevronLeft, RefreshCw } from 'lucide-react';
import { z } from 'zod';
import { Uid2SettingsInputSchema, type Uid2SettingsInput } from '../../core/contracts/activation';
import { usePollWhile } from '~/components/activation/use-poll-while';
import { FormAlert } from '~/components/forms';
import { IdentityRunHistory } from '~/components/identity/identity-run-history';
import { MatchRateDashboard } from '~/components/identity/match-rate-dashboard';
import {
  Uid2ConnectionForm,
  Uid2ConnectionSummary,
} from '~/components/identity/uid2-connection-form';
import { useCan } from '~/components/shell/use-me';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { PageHeader } from '~/components/ui/page-header';
import { apiJson, redirectIfSignedOut, type ApiFailure } from '~/lib/api.server';
import { runRefusalMessage } from '~/lib/activation';
import {
  RunStartedSchema,
  Uid2OverviewSchema,
  Uid2SettingsViewSchema,
} from '~/lib/activation-schemas';
import { formErrorFor, problemFrom } from '~/lib/form-problems.server';
import { fieldErrorsOf, formValues, type FieldErrors, type FormProblem } from '~/lib/forms';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = () => [{ title: pageTitle('UID2 · Integrations') }];

const API = '/api/integrations/uid2';

export async function loader({ request, context }: LoaderFunctionArgs) {
  // One call: the overview carries the running run and the latest runs, so each poll while a run
  // is going costs the API one request.
  const overview = await apiJson(context, API, { schema: Uid2OverviewSchema });
  if (!overview.ok) redirectIfSignedOut(overview, request);
  return {
    now: Date.now(),
    overview: overview.ok ? overview.data : null,
    problem: overview.ok ? null : formErrorFor(overview),
  };
}

const Intent = z.enum(['map', 'connection']);
type Intent = z.infer<typeof Intent>;
type Result =
  { intent: Intent; ok: true; message: string } | ({ intent: Intent; ok: false } & FormProblem);

const Blank = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const ConnectionFormSchema = z.object({
  apiKey: z.preprocess(Blank, z.string().optional()),
  clientSecret: z.preprocess(Blank, z.string().optional()),
  configured: z.enum(['yes', 'no']),
  enabled: z.literal('on').optional().transform(Boolean),
  mapAfterUpload: z.literal('on').optional().transform(Boolean),
});

/** Form fields → the PUT body, or the field errors the form alone can tell. */
function connectionBody(
  formData: FormData,
): { ok: true; body: Uid2SettingsInput } | { ok: false; fieldErrors: FieldErrors } {
  const form = ConnectionFormSchema.parse(Object.fromEntries(formData));
  const fieldErrors: FieldErrors = {};
  if (form.apiKey || form.clientSecret || form.configured === 'no') {
    if (!form.apiKey) fieldErrors.apiKey = ['Enter the API key to connect'];
    if (!form.clientSecret) fieldErrors.clientSecret = ['Enter the client secret to connect'];
  }
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors };
  const parsed = Uid2SettingsInputSchema.safeParse({
    ...(form.apiKey && form.clientSecret
      ? { credentials: { apiKey: form.apiKey, clientSecret: form.clientSecret } }
      : {}),
    enabled: form.enabled,
    mapAfterUpload: form.mapAfterUpload,
  });
  if (parsed.success) return { ok: true, body: parsed.data };
  return { ok: false, fieldErrors: renameCredentialFields(fieldErrorsOf(parsed.error)) };
}

/** `credentials.apiKey` (the API's path) → `apiKey` (the form's field). */
function renameCredentialFields(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([key, messages]) => [key.replace(/^credentials\./, ''), messages]),
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const parsedIntent = Intent.safeParse(formData.get('intent'));
  if (!parsedIntent.success) {
    return data<Result>(
      { intent: 'map', ok: false, fieldErrors: {}, formError: 'Unknown action' },
      { status: 400 },
    );
  }
  const intent = parsedIntent.data;
  const values = formValues(formData, ['apiKey', 'clientSecret']);
  const refused = (problem: FormProblem, status = 400) =>
    data<Result>({ intent, ok: false, ...problem }, { status });
  const failed = (failure: ApiFailure, problem: FormProblem) => {
    redirectIfSignedOut(failure, request);
    return refused(problem, failure.status);
  };

  if (intent === 'map') {
    const result = await apiJson(context, `${API}/runs`, {
      method: 'POST',
      schema: RunStartedSchema,
    });
    if (result.ok) {
      return data<Result>({
        intent,
        ok: true,
        message: 'Mapping started. Its progress shows below and updates as it runs.',
      });
    }
    return failed(result, {
      fieldErrors: {},
      formError:
        result.status >= 500
          ? formErrorFor(result)
          : runRefusalMessage(result.code, result.message, 'map'),
    });
  }

  const parsed = connectionBody(formData);
  if (!parsed.ok) return refused({ fieldErrors: parsed.fieldErrors, values });
  const result = await apiJson(context, API, {
    method: 'PUT',
    json: parsed.body,
    schema: Uid2SettingsViewSchema,
  });
  if (result.ok) return data<Result>({ intent, ok: true, message: 'Connection saved.' });
  if (result.code === 'uid2_refused') {
    // UID2's own words ("unauthorized"), beside the fields that need changing.
    return failed(result, {
      fieldErrors: { apiKey: [`UID2 refused these credentials: ${result.message}`] },
      values,
    });
  }
  const problem = problemFrom(result, values);
  return failed(result, { ...problem, fieldErrors: renameCredentialFields(problem.fieldErrors) });
}

export default function Uid2Page() {
  const { now, overview, problem } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null;
  const canConfigure = useCan('integration:configure');
  const canSync = useCan('integration:sync');
  const running = overview?.running ?? null;
  usePollWhile(Boolean(running));

  const problemOf = (intent: Intent) =>
    result && !result.ok && result.intent === intent ? result : undefined;
  const mapProblem = problemOf('map');

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
          title="UID2"
          description="Unified ID 2.0 turns your contacts’ emails and phone numbers into privacy-safe identifiers that The Trade Desk can target. Identifiers are normalised and hashed before they leave; opt-outs are honoured on every refresh."
          actions={
            canSync && overview ? (
              <Form method="post" preventScrollReset>
                <input type="hidden" name="intent" value="map" />
                <Button type="submit" disabled={submitting === 'map' || Boolean(running)}>
                  <RefreshCw aria-hidden="true" className={running ? 'animate-spin' : undefined} />
                  {submitting === 'map' ? 'Starting…' : running ? 'Mapping…' : 'Map now'}
                </Button>
              </Form>
            ) : null
          }
        />
      </div>

      {result?.ok ? (
        <Callout tone="success" role="status">
          <p>{result.message}</p>
        </Callout>
      ) : null}
      {mapProblem?.formError ? <FormAlert>{mapProblem.formError}</FormAlert> : null}

      {!overview ? (
        <Callout tone="danger" role="alert">
          <p>The UID2 settings could not be loaded: {problem}</p>
        </Callout>
      ) : (
        <>
          {!overview.settings.configured ? (
            <Callout tone="info">
              <p>
                UID2 is not connected yet.{' '}
                {canConfigure
                  ? 'Enter your UID2 API key and client secret under Connection; then press “Map now” to map the identifiers you have already uploaded.'
                  : 'Ask an owner or admin of your organisation to connect it.'}
              </p>
            </Callout>
          ) : null}
          <MatchRateDashboard overview={overview} now={now} />
          <div className="grid items-start gap-6 xl:grid-cols-2">
            {canConfigure ? (
              <Uid2ConnectionForm
                key={overview.settings.updatedAt ?? 'new'}
                settings={overview.settings}
                problem={problemOf('connection')}
                busy={submitting === 'connection'}
              />
            ) : (
              <Uid2ConnectionSummary settings={overview.settings} />
            )}
          </div>
          <IdentityRunHistory runs={overview.runs} now={now} />
        </>
      )}
    </div>
  );
}
