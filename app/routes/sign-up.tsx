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
import { EmailSchema, PasswordSchema, PersonNameSchema } from '../../core/contracts/accounts';
import { firstInvalid, FormAlert, TextField, useFocusFirstError } from '~/components/forms';
import { AuthCard, TextLink } from '~/components/shell/bare-layout';
import { Button } from '~/components/ui/button';
import { apiJson, type ApiFailure } from '~/lib/api.server';
import { problemFrom } from '~/lib/form-problems.server';
import { formValues, parseForm, type FormProblem } from '~/lib/forms';
import { pageTitle } from '~/lib/meta';
import { passwordRule } from '~/lib/password-rule.server';
import { safeRedirect } from '~/lib/safe-redirect';
import { leaveIfSignedIn } from '~/lib/session.server';

export const meta: MetaFunction = () => [{ title: pageTitle('Create an account') }];

const SignUpFormSchema = z.object({
  name: PersonNameSchema,
  email: EmailSchema,
  password: PasswordSchema,
  redirectTo: z.string().optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get('redirectTo')) ?? null;
  await leaveIfSignedIn(context, redirectTo);
  return { redirectTo, passwordRule: passwordRule() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const values = formValues(formData, ['password']);
  const parsed = parseForm(formData, SignUpFormSchema);
  if (!parsed.ok) {
    return data<FormProblem>({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  }
  const { name, email, password, redirectTo } = parsed.data;
  const result = await apiJson(context, '/api/auth/sign-up/email', {
    method: 'POST',
    json: { name, email, password },
  });
  // Signed in at once; the root loader sends someone without an organisation to onboarding.
  if (result.ok) return redirect(safeRedirect(redirectTo) ?? '/', { headers: result.headers });
  return data<FormProblem>(signUpProblem(result, values), {
    status: result.status,
    headers: result.headers,
  });
}

function signUpProblem(failure: ApiFailure, values: Record<string, string>): FormProblem {
  if (failure.code.startsWith('USER_ALREADY_EXISTS') || failure.code === 'email_taken') {
    return {
      fieldErrors: { email: ['An account with this email already exists. Sign in instead.'] },
      values,
    };
  }
  if (failure.code.startsWith('PASSWORD_TOO_') || failure.code === 'INVALID_PASSWORD') {
    return { fieldErrors: { password: [failure.message] }, values };
  }
  if (failure.code === 'INVALID_EMAIL') {
    return { fieldErrors: { email: ['Enter a valid email address'] }, values };
  }
  return problemFrom(failure, values);
}

const FIELD_ORDER = ['name', 'email', 'password'] as const;

export default function SignUpPage() {
  const { redirectTo, passwordRule: rule } = useLoaderData<typeof loader>();
  const problem = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, problem);
  const focus = firstInvalid(problem?.fieldErrors, FIELD_ORDER);
  const back = redirectTo ? `?${new URLSearchParams({ redirectTo })}` : '';

  return (
    <AuthCard
      title="Create an account"
      description="Start with your own account; you can then create an organisation or accept an invitation."
      footer={
        <>
          Already have an account? <TextLink to={`/sign-in${back}`}>Sign in</TextLink>
        </>
      }
    >
      <Form method="post" ref={formRef} noValidate className="space-y-4">
        {problem?.formError ? <FormAlert>{problem.formError}</FormAlert> : null}
        <input type="hidden" name="redirectTo" value={redirectTo ?? ''} />
        <TextField
          name="name"
          label="Your name"
          autoComplete="name"
          required
          defaultValue={problem?.values?.name}
          errors={problem?.fieldErrors.name}
          autoFocus={focus === 'name'}
        />
        <TextField
          name="email"
          type="email"
          label="Work email"
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
          hint={rule.text}
          autoComplete="new-password"
          required
          minLength={rule.minLength}
          errors={problem?.fieldErrors.password}
          autoFocus={focus === 'password'}
        />
        <Button type="submit" className="w-full" disabled={busy}>
          {busy ? 'Creating your account…' : 'Create account'}
        </Button>
      </Form>
    </AuthCard>
  );
}
