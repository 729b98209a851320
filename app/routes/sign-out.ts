import { redirect, type ActionFunctionArgs } from '@remix-run/cloudflare';
import { apiJson } from '~/lib/api.server';
import { safeRedirect } from '~/lib/safe-redirect';

/** POST only (a link or a prefetch must never sign anyone out). */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await apiJson(context, '/api/auth/sign-out', {
    method: 'POST',
    json: {},
  });
  // Already signed out is fine; any other refusal must not look like success while the session
  // lives on, so it goes to the error screen.
  if (!result.ok && result.status !== 401) {
    throw new Response(result.message, { status: result.status >= 500 ? result.status : 500 });
  }
  // E.g. an invitation page: signing in as someone else should lead back to it.
  const back = safeRedirect(form.get('redirectTo'));
  const to = back ? `/sign-in?${new URLSearchParams({ redirectTo: back })}` : '/sign-in';
  return redirect(to, { headers: result.headers });
}

export function loader() {
  return redirect('/');
}
