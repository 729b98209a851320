import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/cloudflare';
import { useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ShieldAlert } from 'lucide-react';
import { z } from 'zod';
import { DsrInputSchema, type DsrInput, type DsrResult } from '../../core/contracts/activation';
import { DsrForm } from '~/components/privacy/dsr-form';
import { DsrHistory, dsrOutcome } from '~/components/privacy/dsr-history';
import { useCanRequestPrivacy } from '~/components/privacy/use-can-request';
import { SettingsBreadcrumb } from '~/components/settings-breadcrumb';
import { Callout } from '~/components/ui/callout';
import { EmptyState } from '~/components/ui/empty-state';
import { PageHeader } from '~/components/ui/page-header';
import { apiJson, redirectIfSignedOut, unwrap } from '~/lib/api.server';
import { DsrListSchema, DsrResultSchema } from '~/lib/activation-schemas';
import { problemFrom } from '~/lib/form-problems.server';
import { fieldErrorsOf, formValues, type FormProblem } from '~/lib/forms';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = () => [{ title: pageTitle('Privacy requests') }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const result = await apiJson(context, '/api/privacy/requests', { schema: DsrListSchema });
  if (!result.ok && result.status === 403 && result.code === 'forbidden') {
    return { forbidden: true as const, requests: [] };
  }
  return { forbidden: false as const, requests: unwrap(result, request).requests };
}

const Blank = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const FormSchema = z.object({
  intent: z.enum(['review', 'submit']),
  action: z.enum(['delete', 'optout'], 'Choose what to do'),
  kind: z.enum(['email', 'phone']),
  identifier: z.preprocess(Blank, z.string('Enter the email or phone number').trim()),
  defaultCountry: z.preprocess(
    Blank,
    z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'Two letters, e.g. US')
      .transform((c) => c.toUpperCase())
      .optional(),
  ),
});

type Result =
  | { step: 'review'; input: DsrInput }
  | { step: 'done'; result: DsrResult }
  | ({ step: 'problem' } & FormProblem);

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const values = formValues(formData);
  const refused = (problem: FormProblem, status = 400) =>
    data<Result>({ step: 'problem', ...problem, values }, { status });
  const form = FormSchema.safeParse(Object.fromEntries(formData));
  if (!form.success) return refused({ fieldErrors: fieldErrorsOf(form.error) });
  const f = form.data;
  const input = DsrInputSchema.safeParse({
    action: f.action,
    ...(f.kind === 'email' ? { email: f.identifier } : { phone: f.identifier }),
    ...(f.kind === 'phone' && f.defaultCountry ? { defaultCountry: f.defaultCountry } : {}),
  });
  if (!input.success) {
    const errors = fieldErrorsOf(input.error);
    return refused({
      fieldErrors: {
        identifier: [...(errors.email ?? []), ...(errors.phone ?? []), ...(errors._ ?? [])],
        defaultCountry: errors.defaultCountry,
      },
    });
  }
  if (f.intent === 'review') return data<Result>({ step: 'review', input: input.data });

  const result = await apiJson(context, '/api/privacy/requests', {
    method: 'POST',
    json: input.data,
    schema: DsrResultSchema,
  });
  if (result.ok) return data<Result>({ step: 'done', result: result.data });
  redirectIfSignedOut(result, request);
  const problem = problemFrom(result, values, { email: 'identifier', phone: 'identifier' });
  return refused(problem, result.status);
}

export default function PrivacyPage() {
  const { forbidden, requests } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const canRequest = useCanRequestPrivacy();

  return (
    <div className="space-y-8">
      <div>
        <SettingsBreadcrumb current="Privacy requests" />
        <PageHeader
          title="Privacy requests"
          description="Act on a person’s request to be deleted or to stop being targeted. It applies to every contact list, audience and Trade Desk segment of your organisation."
        />
      </div>
      {forbidden || !canRequest ? (
        <EmptyState
          icon={ShieldAlert}
          title="Ask an admin"
          description="Only owners and admins act on privacy requests. Pass the request on to an admin of your organisation."
        />
      ) : (
        <>
          {result?.step === 'done' ? (
            <Callout tone="success" role="status">
              <p>{dsrOutcome(result.result)}</p>
            </Callout>
          ) : null}
          <DsrForm
            // A fresh form after each completed request.
            key={result?.step === 'done' ? result.result.id : 'form'}
            reviewing={result?.step === 'review' ? result.input : null}
            problem={result?.step === 'problem' ? result : undefined}
            busy={navigation.state === 'submitting'}
          />
          <DsrHistory requests={requests} />
        </>
      )}
    </div>
  );
}
