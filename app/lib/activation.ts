import type { ExportRunView, IdentityKind } from '../../core/contracts/activation';

// Words and numbers for the UID2, The Trade Desk and privacy pages. Type-only imports from core
// where possible, so the contracts' zod schemas stay out of the page bundle.

export const KIND_LABELS: Record<IdentityKind, string> = { email: 'Email', phone: 'Phone' };

/** "87.5 %" from a 0–1 share, or "—" before there is one. */
export function formatRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)} %`;
}

/** "512 B", "3.4 KB", "1.2 MB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export const EXPORT_RUN_STATUS_LABELS: Record<ExportRunView['status'] | 'never_run', string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  partial: 'Partly failed',
  failed: 'Failed',
  never_run: 'Not run yet',
};

export const EXPORT_PHASE_LABELS: Record<ExportRunView['phase'], string> = {
  materialize: 'Working out who belongs',
  remove: 'Removing people who left',
  add: 'Adding new people',
  refresh: 'Refreshing people before they expire',
  done: 'Done',
};

export const TRIGGER_LABELS = {
  manual: 'Manual',
  schedule: 'Schedule',
  upload: 'After upload',
  optout: 'Opt-out',
} as const;

/** What "Map now" and "Export now" refusals mean to the person who pressed them. */
export function runRefusalMessage(code: string, fallback: string, what: 'map' | 'export'): string {
  switch (code) {
    case 'already_running':
      return what === 'map'
        ? 'Mapping is already running. Its progress shows above; start another once it finishes.'
        : 'This export is already running. Its progress shows below.';
    case 'not_configured':
      return 'UID2 is not connected or is switched off. Enter the API key and client secret under Connection and switch mapping on first.';
    default:
      return fallback;
  }
}

/** Cron presets offered beside the schedule field. */
export const SCHEDULE_PRESETS = [
  { label: 'Daily at 06:00', cron: '0 6 * * *' },
  { label: 'Weekly on Monday at 06:00', cron: '0 6 * * 1' },
  { label: 'Every 6 hours', cron: '0 */6 * * *' },
] as const;

export const TTL_DEFAULT_DAYS = 30;
