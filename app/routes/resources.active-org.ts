import { redirect, type ActionFunctionArgs } from '@remix-run/cloudflare';
import { z } from 'zod';
import { MeSchema, SetActiveOrganizationSchema } from '../../core/contracts/accounts';
import { apiJson } from '~/lib/api.server';
import { safeRedirect } from '~/lib/safe-redirect';

const ActiveOrgFormSchema = SetActiveOrganizationSchema.extend({
  // Sent by the plain forms (Settings, onboarding) so the browser lands somewhere sensible.
  redirectTo: z.string().optional(),
});

/**
 * Switches the session's organisation. The top bar's menu calls it through a fetcher (Remix then
 * revalidates every loader); plain forms pass `redirectTo`. A resource route answers with real
 * Responses: under single fetch `data()`'s status and headers are dropped for routes without a
 * component.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = ActiveOrgFormSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ ok: false, reason: 'invalid_org' }, { status: 400 });

  const result = await apiJson(context, '/api/orgs/active', {
    method: 'POST',
    json: { orgId: parsed.data.orgId },
    schema: MeSchema,
  });
  if (!result.ok && result.status === 401) return redirect('/sign-in', { headers: result.headers });
  if (!result.ok) {
    return Response.json(
      { ok: false, reason: result.code },
      { status: result.status, headers: result.headers },
    );
  }
  const to = safeRedirect(parsed.data.redirectTo);
  if (to) return redirect(to, { headers: result.headers });
  return Response.json({ ok: true }, { headers: result.headers });
}
