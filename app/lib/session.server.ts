import { redirect, type AppLoadContext } from '@remix-run/cloudflare';
import { apiJson } from '~/lib/api.server';

/** Sign-in and sign-up are for signed-out visitors: someone already signed in goes on. */
export async function leaveIfSignedIn(context: AppLoadContext, redirectTo: string | null) {
  const me = await apiJson(context, '/api/me');
  if (me.ok) throw redirect(redirectTo ?? '/');
}
