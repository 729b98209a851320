import { Link, useFetcher } from '@remix-run/react';
import { useEffect } from 'react';
import type { AudienceExportStatus } from '../../../core/contracts/activation';
import { ExportRunStatusBadge } from './export-run-status-badge';
import { useCan } from '~/components/shell/use-me';
import { EXPORT_RUN_STATUS_LABELS } from '~/lib/activation';
import type { AudienceStatusAnswer } from '~/routes/resources.ttd-audience-status';

/** Shared by the loader and every badge, so the list asks for the statuses once. */
const FETCHER_KEY = 'ttd-audience-status';
const STATUS_PATH = '/resources/ttd-audience-status';

/**
 * Loads every audience's export status in one call. Render it once on a page whose rows show
 * <AudienceExportBadge>.
 */
export function AudienceExportStatusLoader() {
  const canView = useCan('export:view');
  const fetcher = useFetcher<AudienceStatusAnswer>({ key: FETCHER_KEY });
  const { load } = fetcher;
  const loaded = fetcher.data !== undefined;
  useEffect(() => {
    if (canView && !loaded) load(STATUS_PATH);
  }, [canView, loaded, load]);
  return null;
}

/** The most telling of several statuses: a failure or a run beats a success. */
const RANK: Record<AudienceExportStatus['status'], number> = {
  failed: 0,
  partial: 1,
  running: 2,
  succeeded: 3,
  never_run: 4,
};

/** The audience's export status on The Trade Desk, linking to its export; nothing if unexported. */
export function AudienceExportBadge({ audienceId }: { audienceId: string }) {
  const fetcher = useFetcher<AudienceStatusAnswer>({ key: FETCHER_KEY });
  const mine = (fetcher.data?.statuses ?? [])
    .filter((s) => s.audienceId === audienceId)
    .sort((a, b) => RANK[a.status] - RANK[b.status]);
  const first = mine[0];
  if (!first) return null;
  const title =
    mine.length === 1
      ? `Export “${first.exportName}”: ${EXPORT_RUN_STATUS_LABELS[first.status]}`
      : `${mine.length} exports to The Trade Desk; ${first.exportName}: ${EXPORT_RUN_STATUS_LABELS[first.status]}`;
  return (
    <Link
      to={
        mine.length === 1
          ? `/integrations/ttd/exports/${encodeURIComponent(first.exportId)}`
          : '/integrations/ttd#exports'
      }
      title={title}
      className="mt-1 inline-flex items-center gap-1 text-xs font-normal"
    >
      <span className="text-muted-foreground">TTD</span>
      <ExportRunStatusBadge status={first.status} />
      {mine.length > 1 ? <span className="text-muted-foreground">+{mine.length - 1}</span> : null}
      {/* The visible words stay the start of the link's name (WCAG 2.5.3); the rest is for screen readers. */}
      <span className="sr-only">
        {mine.length === 1
          ? `, export “${first.exportName}” to The Trade Desk`
          : ` exports to The Trade Desk, ${first.exportName} first`}
      </span>
    </Link>
  );
}
