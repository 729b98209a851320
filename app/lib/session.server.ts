import { redirect, type AppLoadContext } from '@remix-run/cloudflare';
import { MeSchema } from '../../core/contracts/accounts';
import { apiJson, cookieHeaderFrom } from '~/lib/api.server';

/**
 * Right after sign-in: if the new session has no active organisation but the person belongs to
 * some, start in the first one, so a member lands in their organisation rather than on onboarding.
 * Runs with the new session's cookie (the browser has not stored it yet).
 * TODO(api): unneeded once sessions are created with an active organisation (see ADR 0005).
 */
export async function startInAnOrganization(context: AppLoadContext, setCookies: Headers) {
  const cookie = cookieHeaderFrom(setCookies);
  if (!cookie) return;
  const me = await apiJson(context, '/api/me', { headers: { cookie }, schema: MeSchema });
  const first = me.ok && me.data.activeOrgId === null ? me.data.memberships[0] : undefined;
  if (!first) return;
  // Best effort: if it fails, the root loader sends them to onboarding, which lists their
  // organisations to open.
  await apiJson(context, '/api/orgs/active', {
    method: 'POST',
    headers: { cookie },
    json: { orgId: first.orgId },
  });
}

/** Sign-in and sign-up are for signed-out visitors: someone already signed in goes on. */
export async function leaveIfSignedIn(context: AppLoadContext, redirectTo: string | null) {
  const me = await apiJson(context, '/api/me');
  if (me.ok) throw redirect(redirectTo ?? '/');
}
