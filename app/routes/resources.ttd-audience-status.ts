import type { LoaderFunctionArgs } from '@remix-run/cloudflare';
import type { AudienceExportStatus } from '../../core/contracts/activation';
import { apiJson, unwrap } from '~/lib/api.server';
import { AudienceExportStatusListSchema } from '~/lib/activation-schemas';

export interface AudienceStatusAnswer {
  statuses: AudienceExportStatus[];
}

/**
 * Every exported audience's latest export status, in one call, for the badges of the audience
 * list. Roles without export:view get an empty list rather than an error: the badges just don't
 * show.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const result = await apiJson(context, '/api/ttd/audience-status', {
    schema: AudienceExportStatusListSchema,
  });
  if (!result.ok && result.status === 403 && result.code === 'forbidden') {
    return Response.json({ statuses: [] } satisfies AudienceStatusAnswer);
  }
  return Response.json({
    statuses: unwrap(result, request).statuses,
  } satisfies AudienceStatusAnswer);
}
