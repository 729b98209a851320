import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/cloudflare';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useRef } from 'react';
import { z } from 'zod';
import { EmailSchema } from '../../core/contracts/accounts';
import { firstInvalid, FormAlert, TextField, useFocusFirstError } from '~/components/forms';
import { AuthCard, TextLink } from '~/components/shell/bare-layout';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { apiJson } from '~/lib/api.server';
import { TOO_MANY_ATTEMPTS } from '~/lib/form-problems.server';
import { formValues, parseForm, type FormProblem } from '~/lib/forms';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = () => [{ title: pageTitle('Reset your password') }];

const ForgotPasswordFormSchema = z.object({ email: EmailSchema });

export function loader({ context }: LoaderFunctionArgs) {
  // Outside production the mailer writes to the dev mailbox instead of sending (worker/auth/mailer.ts).
  // `cloudflare` is absent under `remix vite:dev`, which is local too.
  return { localMail: context.cloudflare?.env.APP_ENV !== 'production' };
}

type ForgotPasswordResult = FormProblem & { sent?: boolean };

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const values = formValues(formData);
  const parsed = parseForm(formData, ForgotPasswordFormSchema);
  if (!parsed.ok) {
    return data<ForgotPasswordResult>({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  }
  const result = await apiJson(context, '/api/auth/request-password-reset', {
    method: 'POST',
    json: { email: parsed.data.email, redirectTo: '/reset-password' },
  });
  if (!result.ok && result.status === 429) {
    return data<ForgotPasswordResult>(
      { fieldErrors: {}, formError: TOO_MANY_ATTEMPTS, values },
      { status: 429 },
    );
  }
  // The same answer whether or not the address has an account, so the form cannot be used to
  // find out who has one.
  return data<ForgotPasswordResult>({ fieldErrors: {}, sent: true, values });
}

export default function ForgotPasswordPage() {
  const { localMail } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const formRef = useRef<HTMLFormElement>(null);
  const problem = result?.sent ? undefined : result;
  useFocusFirstError(formRef, problem);
  const focus = firstInvalid(problem?.fieldErrors, ['email']);

  return (
    <AuthCard
      title="Reset your password"
      description="Enter the email you sign in with and we will send you a link to choose a new password."
      footer={
        <>
          Remembered it? <TextLink to="/sign-in">Sign in</TextLink>
        </>
      }
    >
      <div className="space-y-4">
        {result?.sent ? (
          <Callout tone="success" role="status">
            <p>If an account exists, we sent a link.</p>
          </Callout>
        ) : null}
        {localMail ? (
          <Callout tone="info">
            <p>
              Running locally, no email is sent: open the{' '}
              <Link to="/dev/mail" className="font-medium text-link underline underline-offset-4">
                dev mailbox
              </Link>{' '}
              to find the link.
            </p>
          </Callout>
        ) : null}
        <Form method="post" ref={formRef} noValidate className="space-y-4">
          {problem?.formError ? <FormAlert>{problem.formError}</FormAlert> : null}
          <TextField
            name="email"
            type="email"
            label="Email"
            autoComplete="email"
            required
            defaultValue={result?.values?.email}
            errors={problem?.fieldErrors.email}
            autoFocus={focus === 'email'}
          />
          <Button type="submit" className="w-full" disabled={busy}>
            {busy ? 'Sending…' : result?.sent ? 'Send another link' : 'Send reset link'}
          </Button>
        </Form>
      </div>
    </AuthCard>
  );
}
