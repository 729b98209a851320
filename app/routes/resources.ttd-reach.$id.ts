import type { LoaderFunctionArgs } from '@remix-run/cloudflare';
import type { AudienceExportStatus, ReachEstimate } from '../../core/contracts/activation';
import { apiJson, redirectIfSignedOut } from '~/lib/api.server';
import { AudienceExportStatusListSchema, ReachEstimateSchema } from '~/lib/activation-schemas';
import { formErrorFor } from '~/lib/form-problems.server';

export interface ReachAnswer {
  reach: ReachEstimate | null;
  problem: string | null;
  /** The exports this audience is part of, with how each last ran. */
  exports: AudienceExportStatus[];
}

/**
 * An audience's estimated reach on The Trade Desk and its exports, loaded by the audience page's
 * card after the page itself (the estimate joins the audience with its UID2 mappings).
 */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const id = params.id!;
  const [reach, statuses] = await Promise.all([
    apiJson(context, `/api/audiences/${encodeURIComponent(id)}/reach`, {
      schema: ReachEstimateSchema,
    }),
    apiJson(context, '/api/ttd/audience-status', { schema: AudienceExportStatusListSchema }),
  ]);
  if (!reach.ok) redirectIfSignedOut(reach, request);
  return Response.json({
    reach: reach.ok ? reach.data : null,
    problem: reach.ok ? null : formErrorFor(reach),
    exports: statuses.ok ? statuses.data.statuses.filter((s) => s.audienceId === id) : [],
  } satisfies ReachAnswer);
}
