// Dates are formatted by hand, never with the runtime's locale or time zone, so the Worker and
// every browser render identical text (see docs/decisions/0003-design-system.md).

/** "2026-11-28 04:15:09 UTC" */
export function formatUtcSeconds(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "2026-11-28" (UTC) */
export function formatDay(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 10);
}
