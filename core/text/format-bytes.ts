const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/**
 * "12.4 MB" — decimal units, fixed locale, so the Worker's messages, the server render and every
 * browser say the same thing.
 */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : decimal.format(value)} ${units[unit]}`;
}
