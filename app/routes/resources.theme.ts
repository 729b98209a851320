import { redirect, type ActionFunctionArgs } from '@remix-run/cloudflare';
import { z } from 'zod';
import { safeRedirect } from '~/lib/safe-redirect';
import { THEMES } from '~/lib/theme';
import { themeCookie } from '~/lib/theme.server';

const ThemeFormSchema = z.object({
  theme: z.enum(THEMES),
  // Sent by the no-JavaScript form so the browser lands back where it was.
  redirectTo: z.string().optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const parsed = ThemeFormSchema.safeParse(Object.fromEntries(await request.formData()));
  // A resource route answers with a real Response: under single fetch, `data()`'s status and
  // headers are dropped for routes without a component.
  if (!parsed.success)
    return Response.json({ ok: false, reason: 'invalid_theme' }, { status: 400 });

  const headers = { 'Set-Cookie': themeCookie(request, parsed.data.theme) };
  const to = safeRedirect(parsed.data.redirectTo);
  if (to) return redirect(to, { headers });
  return Response.json({ ok: true, theme: parsed.data.theme }, { headers });
}
