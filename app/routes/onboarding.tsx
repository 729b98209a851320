import { data, redirect, type ActionFunctionArgs, type MetaFunction } from '@remix-run/cloudflare';
import { Form, useActionData, useNavigation } from '@remix-run/react';
import { ArrowRight } from 'lucide-react';
import { useRef } from 'react';
import { z } from 'zod';
import { MembershipSchema, OrganizationNameSchema } from '../../core/contracts/accounts';
import { firstInvalid, FormAlert, TextField, useFocusFirstError } from '~/components/forms';
import { AuthCard } from '~/components/shell/bare-layout';
import { useMe } from '~/components/shell/use-me';
import { Button } from '~/components/ui/button';
import { apiJson, signInPath } from '~/lib/api.server';
import { problemFrom } from '~/lib/form-problems.server';
import { formValues, parseForm, type FormProblem } from '~/lib/forms';
import { pageTitle } from '~/lib/meta';
import { ACTIVE_ORG_ACTION } from '~/lib/organizations';

export const meta: MetaFunction = () => [{ title: pageTitle('Create an organisation') }];

const CreateOrganizationFormSchema = z.object({ name: OrganizationNameSchema });

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const values = formValues(formData);
  const parsed = parseForm(formData, CreateOrganizationFormSchema);
  if (!parsed.ok) {
    return data<FormProblem>({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  }
  const result = await apiJson(context, '/api/orgs', {
    method: 'POST',
    json: parsed.data,
    schema: MembershipSchema,
  });
  // The new organisation is now the session's active one, with its creator as owner.
  if (result.ok) return redirect('/', { headers: result.headers });
  if (result.status === 401) throw redirect(signInPath(request), { headers: result.headers });
  // The address (slug) is derived from the name, so a taken slug is the name's problem.
  const problem =
    result.code === 'slug_taken'
      ? {
          fieldErrors: { name: ['An organisation with this name already exists; choose another'] },
          values,
        }
      : problemFrom(result, values, { slug: 'name' });
  return data<FormProblem>(problem, { status: result.status, headers: result.headers });
}

export default function OnboardingPage() {
  const me = useMe();
  const problem = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, problem);
  const focus = firstInvalid(problem?.fieldErrors, ['name']);
  const first = !me?.activeOrgId;
  // Signed in with memberships but none active (e.g. the active one was left): offer them too.
  const others = first ? (me?.memberships ?? []) : [];

  return (
    <div className="space-y-6">
      <AuthCard
        title={first ? 'Create your organisation' : 'Create an organisation'}
        description="An organisation holds your team's lists, audiences and integrations. You will be its owner and can invite others next."
      >
        <Form method="post" ref={formRef} noValidate className="space-y-4">
          {problem?.formError ? <FormAlert>{problem.formError}</FormAlert> : null}
          <TextField
            name="name"
            label="Organisation name"
            hint="Usually your company's name. You can change it later."
            autoComplete="organization"
            required
            defaultValue={problem?.values?.name}
            errors={problem?.fieldErrors.name}
            autoFocus={focus === 'name'}
          />
          <Button type="submit" className="w-full" disabled={busy}>
            {busy ? 'Creating…' : 'Create organisation'}
          </Button>
        </Form>
      </AuthCard>
      {others.length > 0 ? (
        <section aria-labelledby="memberships-heading" className="mx-auto w-full max-w-md">
          <h2 id="memberships-heading" className="mb-3 text-sm font-semibold text-foreground">
            Or open one you belong to
          </h2>
          <ul className="space-y-2">
            {others.map((org) => (
              <li key={org.orgId}>
                <Form
                  method="post"
                  action={ACTIVE_ORG_ACTION}
                  className="flex items-center justify-between gap-3 rounded-lg border border-border bg-card px-4 py-3"
                >
                  <input type="hidden" name="orgId" value={org.orgId} />
                  <input type="hidden" name="redirectTo" value="/" />
                  <span className="min-w-0 text-sm">
                    <span className="block truncate font-medium text-foreground">{org.name}</span>
                    <span className="text-xs text-muted-foreground capitalize">{org.role}</span>
                  </span>
                  <Button type="submit" variant="secondary" size="sm">
                    Open
                    <span className="sr-only"> {org.name}</span>
                    <ArrowRight aria-hidden="true" />
                  </Button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
