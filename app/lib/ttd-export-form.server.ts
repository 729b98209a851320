import { data, redirect, type AppLoadContext } from '@remix-run/cloudflare';
import { AudienceListSchema } from '../../core/contracts/audiences';
import { apiJson, redirectIfSignedOut, unwrap } from '~/lib/api.server';
import { exportBody } from '~/lib/activation-forms';
import {
  DestinationListSchema,
  ExportListSchema,
  ExportViewSchema,
} from '~/lib/activation-schemas';
import { problemFrom } from '~/lib/form-problems.server';
import { formValues, type FormProblem } from '~/lib/forms';
import { saveTimeZone } from '~/lib/ttd-actions.server';

// What the "New export" and "Edit export" pages share: the choices the form offers, and saving it.

export const exportPath = (id: string) => `/integrations/ttd/exports/${encodeURIComponent(id)}`;
const apiPath = (id: string) => `/api/ttd/exports/${encodeURIComponent(id)}`;

export async function loadExportForm(
  context: AppLoadContext,
  request: Request,
  exportId: string | null,
) {
  const [destinations, exports, audiences, current] = await Promise.all([
    apiJson(context, '/api/ttd/destinations', { schema: DestinationListSchema }),
    // For the organisation's time zone (and, when creating, nothing else).
    apiJson(context, '/api/ttd/exports', { schema: ExportListSchema }),
    apiJson(context, '/api/audiences?status=active&limit=100', { schema: AudienceListSchema }),
    exportId ? apiJson(context, apiPath(exportId), { schema: ExportViewSchema }) : null,
  ]);
  const url = new URL(request.url);
  return {
    current: current ? unwrap(current, request) : null,
    destinations: unwrap(destinations, request).destinations,
    timeZone: unwrap(exports, request).timeZone,
    audiences: unwrap(audiences, request).audiences.map((a) => ({
      id: a.id,
      name: a.name,
      size: a.lastSize,
    })),
    preselect: url.searchParams.get('audience'),
    editingTimeZone: url.searchParams.get('timeZone') === 'edit',
  };
}

export type ExportFormResult = { ok: false; intent: 'save' | 'time-zone' | 'delete' } & FormProblem;

export async function exportFormAction(
  context: AppLoadContext,
  request: Request,
  exportId: string | null,
) {
  const formData = await request.formData();
  const intent = formData.get('intent');
  const refused = (intent: ExportFormResult['intent'], problem: FormProblem, status = 400) =>
    data<ExportFormResult>({ ok: false, intent, ...problem }, { status });

  if (intent === 'time-zone') {
    const saved = await saveTimeZone(context, request, formData);
    if (saved.ok) throw redirect(new URL(request.url).pathname);
    const { status, ok: _ok, ...problem } = saved;
    return refused('time-zone', problem, status);
  }
  if (intent === 'delete' && exportId) {
    const result = await apiJson(context, apiPath(exportId), { method: 'DELETE' });
    if (result.ok) throw redirect('/integrations/ttd?notice=export-deleted#exports');
    redirectIfSignedOut(result, request);
    return refused('delete', problemFrom(result, {}), result.status);
  }

  const values = formValues(formData);
  const parsed = exportBody(formData);
  if (!parsed.ok) return refused('save', { fieldErrors: parsed.fieldErrors, values });
  const result = exportId
    ? await apiJson(context, apiPath(exportId), {
        method: 'PATCH',
        json: parsed.body,
        schema: ExportViewSchema,
      })
    : await apiJson(context, '/api/ttd/exports', {
        method: 'POST',
        json: parsed.body,
        schema: ExportViewSchema,
      });
  if (result.ok) throw redirect(`${exportPath(result.data.id)}?notice=saved`);
  redirectIfSignedOut(result, request);
  if (result.code === 'segment_in_use') {
    return refused(
      'save',
      {
        fieldErrors: {},
        formError: `${result.message} Another export to this destination already writes that segment; choose a different segment name.`,
        values,
      },
      result.status,
    );
  }
  return refused('save', problemFrom(result, values), result.status);
}
