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
import { EmailSchema, PasswordSchema } from '../../core/contracts/accounts';
import { firstInvalid, FormAlert, TextField, useFocusFirstError } from '~/components/forms';
import { AuthCard, TextLink } from '~/components/shell/bare-layout';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { apiJson } from '~/lib/api.server';
import { problemFrom, TOO_MANY_ATTEMPTS } from '~/lib/form-problems.server';
import { formValues, parseForm, type FormProblem } from '~/lib/forms';
import { pageTitle } from '~/lib/meta';
import { safeRedirect } from '~/lib/safe-redirect';
import { leaveIfSignedIn } from '~/lib/session.server';

export const meta: MetaFunction = () => [{ title: pageTitle('Sign in') }];

const SignInFormSchema = z.object({
  email: EmailSchema,
  // Signing in checks a password, not the rules for choosing one: rules change, and an old
  // password refused for its length would only confuse. Only the upper bound is kept.
  password: z
    .string()
    .min(1, 'Enter your password')
    .max(PasswordSchema.maxLength ?? 128),
  redirectTo: z.string().optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const redirectTo = safeRedirect(params.get('redirectTo')) ?? null;
  await leaveIfSignedIn(context, redirectTo);
  return { redirectTo, passwordChanged: params.get('reset') === 'done' };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const values = formValues(formData, ['password']);
  const parsed = parseForm(formData, SignInFormSchema);
  if (!parsed.ok) {
    return data<FormProblem>({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  }
  const { email, password, redirectTo } = parsed.data;
  const result = await apiJson(context, '/api/auth/sign-in/email', {
    method: 'POST',
    json: { email, password },
  });
  if (result.ok) return redirect(safeRedirect(redirectTo) ?? '/', { headers: result.headers });

  const init = { status: result.status, headers: result.headers };
  if (result.status === 401) {
    // Never say which of the two was wrong; show it on the password, the field to retype.
    return data<FormProblem>(
      { fieldErrors: { password: ['Email or password is incorrect'] }, values },
      init,
    );
  }
  if (result.status === 429) {
    return data<FormProblem>({ fieldErrors: {}, formError: TOO_MANY_ATTEMPTS, values }, init);
  }
  return data<FormProblem>(problemFrom(result, values), init);
}

const FIELD_ORDER = ['email', 'password'] as const;

export default function SignInPage() {
  const { redirectTo, passwordChanged } = useLoaderData<typeof loader>();
  const problem = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, problem);
  const focus = firstInvalid(problem?.fieldErrors, FIELD_ORDER);
  const back = redirectTo ? `?${new URLSearchParams({ redirectTo })}` : '';

  return (
    <AuthCard
      title="Sign in"
      description="Welcome back. Sign in to work with your organisation's lists and audiences."
      footer={
        <>
          New to P360 Audiences? <TextLink to={`/sign-up${back}`}>Create an account</TextLink>
        </>
      }
    >
      {passwordChanged ? (
        <Callout tone="success" role="status" className="mb-4">
          Your password was changed. Sign in with the new one.
        </Callout>
      ) : null}
      <Form method="post" ref={formRef} noValidate className="space-y-4">
        {problem?.formError ? <FormAlert>{problem.formError}</FormAlert> : null}
        <input type="hidden" name="redirectTo" value={redirectTo ?? ''} />
        <TextField
          name="email"
          type="email"
          label="Email"
          autoComplete="email"
          required
          defaultValue={problem?.values?.email}
          errors={problem?.fieldErrors.email}
          autoFocus={focus === 'email'}
        />
        <TextField
          name="password"
          type="password"
          label="Password"
          autoComplete="current-password"
          required
          errors={problem?.fieldErrors.password}
          autoFocus={focus === 'password'}
        />
        <Button type="submit" className="w-full" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
        <p className="text-center text-sm">
          <TextLink to="/forgot-password">Forgot your password?</TextLink>
        </p>
      </Form>
    </AuthCard>
  );
}
