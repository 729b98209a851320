import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/cloudflare';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useRef } from 'react';
import { z } from 'zod';
import { PasswordSchema } from '../../core/contracts/accounts';
import { firstInvalid, FormAlert, TextField, useFocusFirstError } from '~/components/forms';
import { AuthCard, TextLink } from '~/components/shell/bare-layout';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { apiJson } from '~/lib/api.server';
import { problemFrom } from '~/lib/form-problems.server';
import { parseForm, type FormProblem } from '~/lib/forms';
import { pageTitle } from '~/lib/meta';
import { passwordRule } from '~/lib/password-rule.server';

export const meta: MetaFunction = () => [{ title: pageTitle('Choose a new password') }];

const ResetPasswordFormSchema = z
  .object({
    token: z.string().min(1).max(512),
    newPassword: PasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((form) => form.newPassword === form.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The two passwords do not match',
  });

const EXPIRED = 'This reset link has expired or was already used.';

export function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  // The emailed link goes through /api/auth/reset-password/:token, which lands here with either
  // `?token=` or, for a bad or expired token, `?error=INVALID_TOKEN`.
  const token = params.get('error') ? null : params.get('token');
  return { token: token || null, passwordRule: passwordRule() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), ResetPasswordFormSchema);
  if (!parsed.ok) return data<FormProblem>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const { token, newPassword } = parsed.data;
  const result = await apiJson(context, '/api/auth/reset-password', {
    method: 'POST',
    json: { newPassword, token },
  });
  // Every session of the account ends with the reset; sign in afresh with the new password.
  if (result.ok) return redirect('/sign-in?reset=done', { headers: result.headers });
  const problem: FormProblem =
    result.code === 'INVALID_TOKEN'
      ? { fieldErrors: {}, formError: EXPIRED }
      : result.code.startsWith('PASSWORD_TOO_')
        ? { fieldErrors: { newPassword: [result.message] } }
        : problemFrom(result, {});
  return data(problem, { status: result.status, headers: result.headers });
}

export default function ResetPasswordPage() {
  const { token, passwordRule: rule } = useLoaderData<typeof loader>();
  const problem = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, problem);
  const focus = firstInvalid(problem?.fieldErrors, ['newPassword', 'confirmPassword']);

  if (!token) {
    return (
      <AuthCard title="Choose a new password">
        <Callout tone="warning" role="alert">
          <p>{EXPIRED}</p>
          <p>
            <TextLink to="/forgot-password">Request a new link</TextLink>
          </p>
        </Callout>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Choose a new password"
      description="You will be signed out everywhere and can then sign in with the new password."
    >
      <Form method="post" ref={formRef} noValidate className="space-y-4">
        {problem?.formError ? (
          <FormAlert>
            <p>{problem.formError}</p>
            {problem.formError === EXPIRED ? (
              <p>
                <TextLink to="/forgot-password">Request a new link</TextLink>
              </p>
            ) : null}
          </FormAlert>
        ) : null}
        <input type="hidden" name="token" value={token} />
        <TextField
          name="newPassword"
          type="password"
          label="New password"
          hint={rule.text}
          autoComplete="new-password"
          required
          minLength={rule.minLength}
          errors={problem?.fieldErrors.newPassword}
          autoFocus={focus === 'newPassword'}
        />
        <TextField
          name="confirmPassword"
          type="password"
          label="Confirm new password"
          autoComplete="new-password"
          required
          errors={problem?.fieldErrors.confirmPassword}
          autoFocus={focus === 'confirmPassword'}
        />
        <Button type="submit" className="w-full" disabled={busy}>
          {busy ? 'Saving…' : 'Save new password'}
        </Button>
      </Form>
    </AuthCard>
  );
}
