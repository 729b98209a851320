import type { LoaderFunctionArgs } from '@remix-run/cloudflare';
import type { ExportRunView } from '../../core/contracts/activation';
import { apiJson, unwrap } from '~/lib/api.server';
import { ExportRunListSchema } from '~/lib/activation-schemas';

export interface ExportRunsPoll {
  now: number;
  runs: ExportRunView[];
}

/**
 * An export's latest runs, for the export page to poll while one is going: one API call per poll
 * instead of re-running the page's whole loader. A real Response, as resource routes answer under
 * single fetch.
 */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const runs = await apiJson(
    context,
    `/api/ttd/exports/${encodeURIComponent(params.id!)}/runs?limit=20`,
    { schema: ExportRunListSchema },
  );
  return Response.json({
    now: Date.now(),
    runs: unwrap(runs, request).runs,
  } satisfies ExportRunsPoll);
}
