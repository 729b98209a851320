import type { AppLoadContext } from '@remix-run/cloudflare';
import { isTimeZone } from '../../core/activation/schedule';
import { apiJson, redirectIfSignedOut, type ApiFailure } from '~/lib/api.server';
import { TimeZoneSchema } from '~/lib/activation-schemas';
import { problemFrom } from '~/lib/form-problems.server';
import type { FormProblem } from '~/lib/forms';

/**
 * Changes the organisation's time zone (every export schedule is read in it). Shared by the TTD
 * overview and the export form, which both offer "Change time zone".
 */
export async function saveTimeZone(
  context: AppLoadContext,
  request: Request,
  formData: FormData,
): Promise<{ ok: true; timeZone: string } | ({ ok: false; status: number } & FormProblem)> {
  const timeZone = String(formData.get('timeZone') ?? '').trim();
  const values = { timeZone };
  if (!isTimeZone(timeZone) || !timeZone) {
    return {
      ok: false,
      status: 400,
      fieldErrors: { timeZone: ['Not a time zone we know; use a name such as Europe/London'] },
      values,
    };
  }
  const result = await apiJson(context, '/api/organization/time-zone', {
    method: 'PUT',
    json: { timeZone },
    schema: TimeZoneSchema,
  });
  if (result.ok) return { ok: true, timeZone: result.data.timeZone };
  return failure(result, request, values);
}

function failure(result: ApiFailure, request: Request, values: Record<string, string>) {
  redirectIfSignedOut(result, request);
  return { ok: false as const, status: result.status, ...problemFrom(result, values) };
}
