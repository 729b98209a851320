const DAY_MS = 86_400_000;

/** The ISO date (`YYYY-MM-DD`) of the Monday of the UTC week containing `ms`: a dataset's week. */
export function isoWeekMonday(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is 3 days after a Monday.
  const monday = day - ((day + 3) % 7);
  return new Date(monday * DAY_MS).toISOString().slice(0, 10);
}

/** The week before `week` (both Mondays as `YYYY-MM-DD`). */
export function previousWeek(week: string): string {
  return new Date(Date.parse(`${week}T00:00:00Z`) - 7 * DAY_MS).toISOString().slice(0, 10);
}
