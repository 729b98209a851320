import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/cloudflare';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { KeyRound, ShieldAlert } from 'lucide-react';
import { useRef } from 'react';
import { z } from 'zod';
import { canAssignRole, ROLES, type Role } from '../../core/auth/permissions';
import {
  ApiTokenSchema,
  CreateApiTokenSchema,
  CreatedApiTokenSchema,
  type ApiToken,
} from '../../core/contracts/accounts';
import { CopyButton } from '~/components/copy-button';
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
import { EmptyState } from '~/components/ui/empty-state';
import { Input } from '~/components/ui/input';
import { PageHeader } from '~/components/ui/page-header';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { apiJson, redirectIfSignedOut, unwrap } from '~/lib/api.server';
import { formatDay, formatUtcSeconds } from '~/lib/dates';
import { problemFrom } from '~/lib/form-problems.server';
import { formValues, optional, parseForm, type FormProblem } from '~/lib/forms';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = () => [{ title: pageTitle('API tokens') }];

const PATH = '/settings/tokens';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const result = await apiJson(context, '/api/tokens', {
    schema: z.object({ tokens: z.array(ApiTokenSchema) }),
  });
  if (!result.ok && result.status === 403 && result.code === 'forbidden') {
    return { forbidden: true as const, tokens: [], confirmRevoke: null };
  }
  const now = Date.now();
  return {
    forbidden: false as const,
    // Decided here, once, so the server and the browser agree on which tokens have expired.
    tokens: unwrap(result, request).tokens.map((token) => ({
      ...token,
      expired: token.expiresAt !== null && Date.parse(token.expiresAt) <= now,
    })),
    confirmRevoke: new URL(request.url).searchParams.get('revoke'),
  };
}

const TokensFormSchema = z.discriminatedUnion('intent', [
  CreateApiTokenSchema.extend({
    intent: z.literal('create'),
    // A number field arrives as text; empty means "never expires".
    expiresInDays: optional(
      z.coerce.number().pipe(CreateApiTokenSchema.shape.expiresInDays.unwrap()),
    ),
  }),
  z.object({ intent: z.literal('revoke'), tokenId: z.string().min(1).max(64) }),
]);

type TokensResult =
  | { intent: 'create'; ok: true; created: z.infer<typeof CreatedApiTokenSchema> }
  | ({ intent: 'create' | 'revoke' | null; ok: false } & FormProblem);

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const values = formValues(formData);
  const parsed = parseForm(formData, TokensFormSchema);
  if (!parsed.ok) {
    const fieldErrors = parsed.fieldErrors.expiresInDays
      ? { ...parsed.fieldErrors, expiresInDays: ['Enter a whole number of days from 1 to 365'] }
      : parsed.fieldErrors;
    return data<TokensResult>(
      { intent: 'create', ok: false, fieldErrors, values },
      { status: 400 },
    );
  }
  const input = parsed.data;
  if (input.intent === 'revoke') {
    const result = await apiJson(context, `/api/tokens/${encodeURIComponent(input.tokenId)}`, {
      method: 'DELETE',
    });
    if (result.ok) return redirect(PATH);
    redirectIfSignedOut(result, request);
    return data<TokensResult>(
      { intent: 'revoke', ok: false, ...problemFrom(result, values) },
      { status: result.status },
    );
  }
  const { intent: _intent, ...body } = input;
  const result = await apiJson(context, '/api/tokens', {
    method: 'POST',
    json: body,
    schema: CreatedApiTokenSchema,
  });
  if (result.ok) {
    // The only answer that ever carries the secret: keep it out of every cache.
    return data<TokensResult>(
      { intent: 'create', ok: true, created: result.data },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  }
  redirectIfSignedOut(result, request);
  return data<TokensResult>(
    { intent: 'create', ok: false, ...problemFrom(result, values) },
    { status: result.status },
  );
}

function roleLabel(role: string): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}

export default function TokensPage() {
  const loaderData = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const me = useMe();
  const pageRef = useRef<HTMLDivElement>(null);
  const revokeProblem = result && !result.ok && result.intent === 'revoke' ? result : undefined;
  useFocusFirstError(pageRef, revokeProblem);
  const orgName =
    me?.memberships.find((m) => m.orgId === me.activeOrgId)?.name ?? 'your organisation';

  return (
    <div ref={pageRef} className="space-y-8">
      <div>
        <SettingsBreadcrumb current="API tokens" />
        <PageHeader
          title="API tokens"
          description={`Tokens let scripts and other systems call the P360 Audiences API on behalf of ${orgName}, with the role you give them.`}
        />
      </div>
      {loaderData.forbidden ? (
        <EmptyState
          icon={ShieldAlert}
          title="Ask an admin"
          description={
            <p>
              Only owners and admins can see and create API tokens. Ask an admin of {orgName} if you
              need one.
            </p>
          }
        />
      ) : (
        <>
          {result?.ok ? <NewSecret created={result.created} /> : null}
          {revokeProblem ? (
            <FormAlert>
              <p>{revokeProblem.formError ?? 'The token could not be revoked.'}</p>
            </FormAlert>
          ) : null}
          <section aria-labelledby="tokens-heading" className="space-y-3">
            <h2 id="tokens-heading" className="text-base font-semibold text-foreground">
              Tokens
            </h2>
            <TokensTable tokens={loaderData.tokens} confirmRevoke={loaderData.confirmRevoke} />
          </section>
          <CreateTokenCard result={result} />
        </>
      )}
    </div>
  );
}

function NewSecret({ created }: { created: z.infer<typeof CreatedApiTokenSchema> }) {
  const ref = useRef<HTMLDivElement>(null);
  useFocusOnMount(ref);
  return (
    <Callout ref={ref} tabIndex={-1} tone="success" role="status" autoFocus>
      <p className="font-medium">
        Token “{created.token.name}” created. Copy its secret now: you won't see it again.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <label htmlFor="new-token-secret" className="sr-only">
          Secret of {created.token.name}
        </label>
        <Input
          id="new-token-secret"
          readOnly
          value={created.secret}
          onFocus={(event) => event.currentTarget.select()}
          className="font-mono"
        />
        <CopyButton value={created.secret} label="Copy secret" />
      </div>
      <p className="text-xs text-muted-foreground">
        Send it as <code className="font-mono">Authorization: Bearer &lt;secret&gt;</code>. Store it
        like a password; revoke it here if it leaks.
      </p>
    </Callout>
  );
}

type TokenRow = ApiToken & { expired: boolean };

function TokensTable({
  tokens,
  confirmRevoke,
}: {
  tokens: TokenRow[];
  confirmRevoke: string | null;
}) {
  const canRevoke = useCan('token:revoke');
  if (tokens.length === 0) {
    return (
      <EmptyState
        icon={KeyRound}
        headingLevel="h3"
        title="No API tokens yet"
        description={<p>Create one below to call the API from a script or another system.</p>}
      />
    );
  }
  return (
    <Table label="API tokens">
      <TableHead>
        <Tr>
          <Th>Name</Th>
          <Th>Role</Th>
          <Th>Token</Th>
          <Th>Created</Th>
          <Th>Expires</Th>
          <Th>Last used</Th>
          <Th>Status</Th>
          {canRevoke ? (
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          ) : null}
        </Tr>
      </TableHead>
      <TableBody>
        {tokens.map((token) => (
          <TokenRows
            key={token.id}
            token={token}
            canRevoke={canRevoke}
            confirming={confirmRevoke === token.id}
          />
        ))}
      </TableBody>
    </Table>
  );
}

function TokenRows({
  token,
  canRevoke,
  confirming,
}: {
  token: TokenRow;
  canRevoke: boolean;
  confirming: boolean;
}) {
  const busy = useNavigation().state === 'submitting';
  const active = !token.revokedAt && !token.expired;
  return (
    <>
      <Tr>
        <Td className="font-medium">{token.name}</Td>
        <Td>
          <Badge>{roleLabel(token.role)}</Badge>
        </Td>
        <Td className="font-mono text-xs whitespace-nowrap">{token.prefix}…</Td>
        <Td className="whitespace-nowrap text-muted-foreground">{formatDay(token.createdAt)}</Td>
        <Td className="whitespace-nowrap text-muted-foreground">
          {token.expiresAt ? formatDay(token.expiresAt) : 'Never'}
        </Td>
        <Td className="whitespace-nowrap text-muted-foreground">
          {token.lastUsedAt ? formatUtcSeconds(token.lastUsedAt) : 'Not yet'}
        </Td>
        <Td>
          {token.revokedAt ? (
            <Badge tone="danger">Revoked {formatDay(token.revokedAt)}</Badge>
          ) : token.expired ? (
            <Badge tone="warning">Expired</Badge>
          ) : (
            <Badge tone="success">Active</Badge>
          )}
        </Td>
        {canRevoke ? (
          <Td className="text-right">
            {active && !confirming ? (
              <Button asChild variant="ghost" size="sm">
                <Link to={`?${new URLSearchParams({ revoke: token.id })}`} preventScrollReset>
                  Revoke<span className="sr-only"> {token.name}</span>
                </Link>
              </Button>
            ) : null}
          </Td>
        ) : null}
      </Tr>
      {confirming && active && canRevoke ? (
        <Tr>
          <Td colSpan={8} className="bg-danger-subtle/60">
            <ConfirmRevoke token={token} busy={busy} />
          </Td>
        </Tr>
      ) : null}
    </>
  );
}

function ConfirmRevoke({ token, busy }: { token: TokenRow; busy: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useFocusOnMount(ref);
  const titleId = `confirm-revoke-${token.id}`;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="group"
      aria-labelledby={titleId}
      autoFocus
      className="space-y-3 rounded-md focus-visible:outline-none"
    >
      <p id={titleId} className="font-medium text-foreground">
        Revoke “{token.name}”?
      </p>
      <p className="text-sm text-muted-foreground">
        Anything using it stops working at once. This cannot be undone.
      </p>
      <Form method="post" action={PATH} className="flex flex-wrap gap-2">
        <input type="hidden" name="intent" value="revoke" />
        <input type="hidden" name="tokenId" value={token.id} />
        <Button type="submit" variant="destructive" size="sm" disabled={busy}>
          Revoke token
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

function CreateTokenCard({ result }: { result: ReturnType<typeof useActionData<typeof action>> }) {
  const me = useMe();
  const canCreate = useCan('token:create');
  const formRef = useRef<HTMLFormElement>(null);
  const busy = useNavigation().formData?.get('intent') === 'create';
  const problem = result && !result.ok && result.intent === 'create' ? result : undefined;
  useFocusFirstError(formRef, problem);
  const focus = firstInvalid(problem?.fieldErrors, ['name', 'role', 'expiresInDays']);
  if (!canCreate) return null;
  // A token may not outrank the person who creates it.
  const roles: Role[] = me?.role ? ROLES.filter((role) => canAssignRole(me.role!, role)) : [];

  return (
    <Card className="max-w-2xl">
      <CardHeader>
        <CardTitle id="create-token-heading">Create a token</CardTitle>
        <CardDescription>Give it the least powerful role that does the job.</CardDescription>
      </CardHeader>
      <CardContent>
        <Form
          method="post"
          action={PATH}
          ref={formRef}
          noValidate
          aria-labelledby="create-token-heading"
          className="space-y-4"
        >
          {problem?.formError ? <FormAlert>{problem.formError}</FormAlert> : null}
          <input type="hidden" name="intent" value="create" />
          <TextField
            name="name"
            id="token-name"
            label="Name"
            hint="What uses it, e.g. “Nightly CRM sync”."
            autoComplete="off"
            required
            maxLength={80}
            defaultValue={problem?.values?.name}
            errors={problem?.fieldErrors.name}
            autoFocus={focus === 'name'}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              name="role"
              id="token-role"
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
            <TextField
              name="expiresInDays"
              id="token-expiry"
              type="number"
              inputMode="numeric"
              min={1}
              max={365}
              label="Expires after (days)"
              hint="Optional, 1 to 365. Leave empty for a token that never expires."
              defaultValue={problem?.values?.expiresInDays}
              errors={problem?.fieldErrors.expiresInDays}
              autoFocus={focus === 'expiresInDays'}
            />
          </div>
          <Button type="submit" disabled={busy}>
            <KeyRound aria-hidden="true" />
            {busy ? 'Creating…' : 'Create token'}
          </Button>
        </Form>
      </CardContent>
    </Card>
  );
}
