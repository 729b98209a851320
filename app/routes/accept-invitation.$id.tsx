import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/cloudflare';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { MailX } from 'lucide-react';
import { useRef } from 'react';
import { InvitationPreviewSchema, MembershipSchema } from '../../core/contracts/accounts';
import { FormAlert, useFocusFirstError } from '~/components/forms';
import { AuthCard } from '~/components/shell/bare-layout';
import { SignOutButton } from '~/components/shell/sign-out-button';
import { useMe } from '~/components/shell/use-me';
import { Button } from '~/components/ui/button';
import { EmptyState } from '~/components/ui/empty-state';
import { apiJson, signInPath, unwrap } from '~/lib/api.server';
import { formErrorFor } from '~/lib/form-problems.server';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(
      data?.preview ? `Join ${data.preview.organizationName}` : 'Invitation not found',
    ),
  },
];

function invitationApiPath(id: string) {
  return `/api/invitations/${encodeURIComponent(id)}`;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = params.id ?? '';
  // Public: the invitee may not have an account yet. It shows nothing beyond the invitation.
  const result = await apiJson(context, `${invitationApiPath(id)}/preview`, {
    schema: InvitationPreviewSchema,
  });
  if (!result.ok && result.status === 404)
    return { preview: null, path: `/accept-invitation/${id}` };
  return { preview: unwrap(result, request), path: `/accept-invitation/${encodeURIComponent(id)}` };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const result = await apiJson(context, `${invitationApiPath(params.id ?? '')}/accept`, {
    method: 'POST',
    schema: MembershipSchema,
  });
  // The invitation's organisation is now the active one.
  if (result.ok) return redirect('/', { headers: result.headers });
  if (result.status === 401) throw redirect(signInPath(request), { headers: result.headers });
  const formError =
    result.code === 'not_pending'
      ? 'This invitation was already used, cancelled or has expired. Ask for a new one.'
      : result.status === 404
        ? 'This invitation was sent to a different email address. Sign out, then sign in or create an account with the invited address.'
        : formErrorFor(result);
  return data({ formError }, { status: result.status, headers: result.headers });
}

const ENDED = {
  accepted: 'This invitation has already been accepted.',
  rejected: 'This invitation was declined.',
  canceled: 'This invitation was cancelled.',
  expired: 'This invitation has expired.',
} as const;

export default function AcceptInvitationPage() {
  const { preview, path } = useLoaderData<typeof loader>();
  const problem = useActionData<typeof action>();
  const me = useMe();
  const busy = useNavigation().state === 'submitting';
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, problem);

  const ended = preview && preview.status !== 'pending' ? ENDED[preview.status] : null;
  if (!preview || ended) {
    return (
      <div className="mx-auto max-w-xl">
        <EmptyState
          icon={MailX}
          headingLevel="h1"
          title={ended ?? 'This invitation does not exist'}
          description={
            <p>
              {preview
                ? `Ask someone at ${preview.organizationName} to send you a new invitation if you still need access.`
                : 'Check that the link is complete, or ask the person who invited you to send a new one.'}
            </p>
          }
          actions={
            <Button asChild variant="secondary">
              <Link to="/">{me ? 'Go to P360 Audiences' : 'Sign in'}</Link>
            </Button>
          }
        />
      </div>
    );
  }

  const back = new URLSearchParams({ redirectTo: path });
  const roleText = preview.role;
  return (
    <AuthCard
      title={`Join ${preview.organizationName} as ${roleText}`}
      description={`You have been invited to work with ${preview.organizationName} on P360 Audiences.`}
    >
      {me ? (
        <div className="space-y-4">
          <Form method="post" ref={formRef} className="space-y-4">
            {problem?.formError ? <FormAlert>{problem.formError}</FormAlert> : null}
            <p className="text-sm text-muted-foreground">
              You are signed in as{' '}
              <strong className="font-medium text-foreground">{me.user.email}</strong>.
            </p>
            <Button type="submit" className="w-full" disabled={busy}>
              {busy ? 'Joining…' : 'Accept invitation'}
            </Button>
          </Form>
          <div className="flex items-center justify-between gap-3 border-t border-border pt-4 text-sm text-muted-foreground">
            <span>Not the invited address?</span>
            <SignOutButton redirectTo={path} />
          </div>
        </div>
      ) : (
        <div className="space-y-3">
          <p className="text-sm text-muted-foreground">
            Sign in with the email address the invitation was sent to, or create an account with it.
            You will come back here to accept.
          </p>
          <Button asChild className="w-full">
            <Link to={`/sign-in?${back}`}>Sign in to accept</Link>
          </Button>
          <Button asChild variant="secondary" className="w-full">
            <Link to={`/sign-up?${back}`}>Create an account</Link>
          </Button>
          <p className="pt-2 text-center text-xs text-muted-foreground">
            Not expecting this? You can ignore it; nothing happens until you accept.
          </p>
        </div>
      )}
    </AuthCard>
  );
}
