import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/cloudflare';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { MailPlus, UserMinus } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { z } from 'zod';
import { canAssignRole, ROLES, type Role } from '../../core/auth/permissions';
import {
  CreateInvitationSchema,
  InvitationSchema,
  MemberSchema,
  UpdateMemberRoleSchema,
  type Invitation,
  type Member,
} from '../../core/contracts/accounts';
import {
  firstInvalid,
  FormAlert,
  SelectField,
  TextField,
  useFocusFirstError,
  useFocusOnMount,
} from '~/components/forms';
import { SettingsBreadcrumb } from '~/components/settings-breadcrumb';
import { useCan, useMe } from '~/components/shell/use-me';
import { Badge } from '~/components/ui/badge';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '~/components/ui/card';
import { PageHeader } from '~/components/ui/page-header';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { apiJson, redirectIfSignedOut, unwrap, type ApiFailure } from '~/lib/api.server';
import { formatDay } from '~/lib/dates';
import { problemFrom } from '~/lib/form-problems.server';
import { formValues, parseForm, type FormProblem } from '~/lib/forms';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = () => [{ title: pageTitle('Members') }];

const PATH = '/settings/members';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [members, invitations] = await Promise.all([
    apiJson(context, '/api/members', { schema: z.object({ members: z.array(MemberSchema) }) }),
    apiJson(context, '/api/invitations', {
      schema: z.object({ invitations: z.array(InvitationSchema) }),
    }),
  ]);
  return {
    members: unwrap(members, request).members,
    invitations: unwrap(invitations, request).invitations,
    // The member whose removal is being confirmed (a link, so it works without JavaScript).
    confirmRemove: new URL(request.url).searchParams.get('remove'),
  };
}

const Id = z.string().min(1).max(64);
const IntentSchema = z.enum(['invite', 'update-role', 'remove', 'cancel-invitation']);
const MembersFormSchema = z.discriminatedUnion('intent', [
  CreateInvitationSchema.extend({ intent: z.literal('invite') }),
  UpdateMemberRoleSchema.extend({ intent: z.literal('update-role'), memberId: Id }),
  z.object({ intent: z.literal('remove'), memberId: Id }),
  z.object({ intent: z.literal('cancel-invitation'), invitationId: Id }),
]);

type Intent = z.infer<typeof IntentSchema>;
type MembersResult =
  | { intent: Intent; ok: true; message: string }
  | ({ intent: Intent | null; ok: false } & FormProblem);

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const values = formValues(formData);
  const parsed = parseForm(formData, MembersFormSchema);
  if (!parsed.ok) {
    const intent = IntentSchema.safeParse(values.intent).data ?? null;
    return data<MembersResult>(
      { intent, ok: false, fieldErrors: parsed.fieldErrors, values },
      { status: 400 },
    );
  }
  const input = parsed.data;
  const done = (message: string) =>
    data<MembersResult>({ intent: input.intent, ok: true, message });
  const failed = (failure: ApiFailure, problem: FormProblem) => {
    redirectIfSignedOut(failure, request);
    return data<MembersResult>(
      { intent: input.intent, ok: false, ...problem },
      { status: failure.status },
    );
  };

  switch (input.intent) {
    case 'invite': {
      const result = await apiJson(context, '/api/invitations', {
        method: 'POST',
        json: { email: input.email, role: input.role },
        schema: InvitationSchema,
      });
      if (result.ok) return done(`Invitation sent to ${result.data.email}`);
      if (result.code === 'already_member') {
        return failed(result, {
          fieldErrors: { email: ['That person is already a member'] },
          values,
        });
      }
      if (result.code === 'role_above_yours') {
        return failed(result, { fieldErrors: { role: [result.message] }, values });
      }
      return failed(result, problemFrom(result, values));
    }
    case 'update-role': {
      const result = await apiJson(context, `/api/members/${encodeURIComponent(input.memberId)}`, {
        method: 'PATCH',
        json: { role: input.role },
        schema: MemberSchema,
      });
      if (result.ok) return done(`${result.data.name} is now ${roleLabel(result.data.role)}`);
      return failed(result, problemFrom(result, values));
    }
    case 'remove': {
      const result = await apiJson(context, `/api/members/${encodeURIComponent(input.memberId)}`, {
        method: 'DELETE',
      });
      if (result.ok) return done('Member removed. They no longer have access.');
      return failed(result, problemFrom(result, values));
    }
    case 'cancel-invitation': {
      const path = `/api/invitations/${encodeURIComponent(input.invitationId)}`;
      const result = await apiJson(context, path, { method: 'DELETE' });
      if (result.ok) return done('Invitation cancelled');
      return failed(result, problemFrom(result, values));
    }
  }
}

function roleLabel(role: string): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}

/** Roles this person may grant: never one above their own. */
function assignableRoles(myRole: Role | null | undefined): Role[] {
  return myRole ? ROLES.filter((role) => canAssignRole(myRole, role)) : [];
}

export default function MembersPage() {
  const { members, invitations, confirmRemove } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const me = useMe();
  const canInvite = useCan('member:invite');
  const pageRef = useRef<HTMLDivElement>(null);
  // Problems from a row's form (role, remove, cancel) are shown once, above the table.
  const rowProblem = result && !result.ok && result.intent !== 'invite' ? result : undefined;
  useFocusFirstError(pageRef, rowProblem);
  // Removing a member or an invitation takes away the row that had focus: move it to the outcome.
  const statusRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result?.ok && (result.intent === 'remove' || result.intent === 'cancel-invitation')) {
      statusRef.current?.focus();
    }
  }, [result]);
  const orgName =
    me?.memberships.find((m) => m.orgId === me.activeOrgId)?.name ?? 'this organisation';

  return (
    <div ref={pageRef} className="space-y-8">
      <div>
        <SettingsBreadcrumb current="Members" />
        <PageHeader
          title="Members"
          description={`Who belongs to ${orgName}, and what each person's role lets them do.`}
        />
      </div>

      {result?.ok ? (
        <Callout ref={statusRef} tabIndex={-1} tone="success" role="status">
          <p>{result.message}</p>
        </Callout>
      ) : null}
      {rowProblem ? (
        <FormAlert>
          <p>{rowProblem.formError ?? 'That change could not be made.'}</p>
        </FormAlert>
      ) : null}

      <section aria-labelledby="members-heading" className="space-y-3">
        <h2 id="members-heading" className="text-base font-semibold text-foreground">
          {members.length === 1 ? '1 member' : `${members.length} members`}
        </h2>
        <MembersTable members={members} confirmRemove={confirmRemove} orgName={orgName} />
      </section>

      <div className="grid items-start gap-6 lg:grid-cols-2">
        {canInvite ? <InviteCard result={result} /> : null}
        <PendingInvitations invitations={invitations} canCancel={canInvite} />
      </div>
    </div>
  );
}

function MembersTable({
  members,
  confirmRemove,
  orgName,
}: {
  members: Member[];
  confirmRemove: string | null;
  orgName: string;
}) {
  const me = useMe();
  const canChangeRole = useCan('member:update-role');
  const canRemove = useCan('member:remove');
  const roles = assignableRoles(me?.role);
  const busy = useNavigation().state === 'submitting';

  return (
    <Table label="Members">
      <TableHead>
        <Tr>
          <Th>Name</Th>
          <Th>Email</Th>
          <Th>Role</Th>
          <Th>Joined</Th>
          {canRemove ? (
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          ) : null}
        </Tr>
      </TableHead>
      <TableBody>
        {members.map((member) => {
          const isMe = member.userId === me?.user.id;
          // Nobody may change or remove someone whose role is above their own.
          const withinReach = Boolean(me?.role && canAssignRole(me.role, member.role));
          return (
            <MemberRows
              key={member.id}
              member={member}
              isMe={isMe}
              roles={canChangeRole && withinReach ? roles : null}
              removable={canRemove && withinReach && !isMe}
              showActions={canRemove}
              confirming={confirmRemove === member.id}
              orgName={orgName}
              busy={busy}
            />
          );
        })}
      </TableBody>
    </Table>
  );
}

function MemberRows({
  member,
  isMe,
  roles,
  removable,
  showActions,
  confirming,
  orgName,
  busy,
}: {
  member: Member;
  isMe: boolean;
  /** The roles to offer, or null when this member's role cannot be changed from here. */
  roles: Role[] | null;
  removable: boolean;
  showActions: boolean;
  confirming: boolean;
  orgName: string;
  busy: boolean;
}) {
  return (
    <>
      <Tr>
        <Td className="font-medium">
          {member.name}
          {isMe ? (
            <span className="ml-1.5 text-xs font-normal text-muted-foreground">(you)</span>
          ) : null}
        </Td>
        <Td className="break-all text-muted-foreground">{member.email}</Td>
        <Td>
          {roles ? (
            <Form method="post" action={PATH} className="flex items-center gap-2">
              <input type="hidden" name="intent" value="update-role" />
              <input type="hidden" name="memberId" value={member.id} />
              <SelectField
                name="role"
                id={`role-${member.id}`}
                label={`Role for ${member.name}`}
                hideLabel
                defaultValue={member.role}
                className="w-28 space-y-0"
              >
                {/* Keep the current role listed even if it could not be granted now. */}
                {(roles.includes(member.role) ? roles : [member.role, ...roles]).map((role) => (
                  <option key={role} value={role}>
                    {roleLabel(role)}
                  </option>
                ))}
              </SelectField>
              <Button type="submit" variant="secondary" size="sm" disabled={busy}>
                Save<span className="sr-only"> role for {member.name}</span>
              </Button>
            </Form>
          ) : (
            <Badge>{roleLabel(member.role)}</Badge>
          )}
        </Td>
        <Td className="whitespace-nowrap text-muted-foreground">{formatDay(member.joinedAt)}</Td>
        {showActions ? (
          <Td className="text-right">
            {removable && !confirming ? (
              <Button asChild variant="ghost" size="sm">
                <Link to={`?${new URLSearchParams({ remove: member.id })}`} preventScrollReset>
                  <UserMinus aria-hidden="true" />
                  Remove<span className="sr-only"> {member.name}</span>
                </Link>
              </Button>
            ) : null}
          </Td>
        ) : null}
      </Tr>
      {confirming && removable ? (
        <Tr>
          <Td colSpan={5} className="bg-danger-subtle/60">
            <ConfirmRemoval member={member} orgName={orgName} busy={busy} />
          </Td>
        </Tr>
      ) : null}
    </>
  );
}

/** The second step of removing someone: says what happens, then asks once more. */
function ConfirmRemoval({
  member,
  orgName,
  busy,
}: {
  member: Member;
  orgName: string;
  busy: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useFocusOnMount(ref);
  const titleId = `confirm-remove-${member.id}`;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="group"
      aria-labelledby={titleId}
      // Focuses the question on a page rendered without JavaScript too.
      autoFocus
      className="space-y-3 rounded-md focus-visible:outline-none"
    >
      <p id={titleId} className="font-medium text-foreground">
        Remove {member.name} from {orgName}?
      </p>
      <p className="text-sm text-muted-foreground">
        They lose access at once and are signed out of this organisation. You can invite them again
        later.
      </p>
      <Form method="post" action={PATH} className="flex flex-wrap gap-2">
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="memberId" value={member.id} />
        <Button type="submit" variant="destructive" size="sm" disabled={busy}>
          Remove {member.name}
        </Button>
        <Button asChild variant="secondary" size="sm">
          <Link to={PATH} preventScrollReset>
            Cancel
          </Link>
        </Button>
      </Form>
    </div>
  );
}

function InviteCard({ result }: { result: ReturnType<typeof useActionData<typeof action>> }) {
  const me = useMe();
  const roles = assignableRoles(me?.role);
  const formRef = useRef<HTMLFormElement>(null);
  const busy = useNavigation().formData?.get('intent') === 'invite';
  const problem = result && !result.ok && result.intent === 'invite' ? result : undefined;
  useFocusFirstError(formRef, problem);
  const focus = firstInvalid(problem?.fieldErrors, ['email', 'role']);
  const sent = result?.ok && result.intent === 'invite';
  // Clear the form once an invitation has gone out (without JavaScript it re-renders empty).
  useEffect(() => {
    if (sent) formRef.current?.reset();
  }, [sent, result]);

  return (
    <Card>
      <CardHeader>
        <CardTitle id="invite-heading">Invite someone</CardTitle>
        <CardDescription>
          They get an email with a link to join with the role you choose.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Form
          method="post"
          action={PATH}
          ref={formRef}
          noValidate
          aria-labelledby="invite-heading"
          className="space-y-4"
        >
          {problem?.formError ? <FormAlert>{problem.formError}</FormAlert> : null}
          <input type="hidden" name="intent" value="invite" />
          <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
            <TextField
              name="email"
              id="invite-email"
              type="email"
              label="Email"
              autoComplete="off"
              required
              defaultValue={problem?.values?.email}
              errors={problem?.fieldErrors.email}
              autoFocus={focus === 'email'}
            />
            <SelectField
              name="role"
              id="invite-role"
              label="Role"
              defaultValue={problem?.values?.role ?? 'viewer'}
              errors={problem?.fieldErrors.role}
              autoFocus={focus === 'role'}
            >
              {roles.map((role) => (
                <option key={role} value={role}>
                  {roleLabel(role)}
                </option>
              ))}
            </SelectField>
          </div>
          <Button type="submit" disabled={busy}>
            <MailPlus aria-hidden="true" />
            {busy ? 'Sending…' : 'Send invitation'}
          </Button>
        </Form>
      </CardContent>
    </Card>
  );
}

function PendingInvitations({
  invitations,
  canCancel,
}: {
  invitations: Invitation[];
  canCancel: boolean;
}) {
  const busy = useNavigation().state === 'submitting';
  return (
    <section aria-labelledby="invitations-heading" className="space-y-3">
      <h2 id="invitations-heading" className="text-base font-semibold text-foreground">
        Pending invitations
      </h2>
      {invitations.length === 0 ? (
        <p className="rounded-xl border border-dashed border-border-strong bg-card px-4 py-6 text-center text-sm text-muted-foreground">
          No pending invitations.
        </p>
      ) : (
        <Table label="Pending invitations">
          <TableHead>
            <Tr>
              <Th>Email</Th>
              <Th>Role</Th>
              <Th>Expires</Th>
              {canCancel ? (
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              ) : null}
            </Tr>
          </TableHead>
          <TableBody>
            {invitations.map((invitation) => (
              <Tr key={invitation.id}>
                <Td className="break-all">{invitation.email}</Td>
                <Td>
                  <Badge>{roleLabel(invitation.role)}</Badge>
                </Td>
                <Td className="whitespace-nowrap text-muted-foreground">
                  {formatDay(invitation.expiresAt)}
                </Td>
                {canCancel ? (
                  <Td className="text-right">
                    <Form method="post" action={PATH}>
                      <input type="hidden" name="intent" value="cancel-invitation" />
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <Button type="submit" variant="ghost" size="sm" disabled={busy}>
                        Cancel<span className="sr-only"> invitation for {invitation.email}</span>
                      </Button>
                    </Form>
                  </Td>
                ) : null}
              </Tr>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
