import { ALL_PERMISSIONS, can, ROLES } from './permissions';

/** The permission matrix as a Markdown table (docs/permissions.md embeds it; a test keeps them equal). */
export function permissionTable(): string {
  const header = `| Permission | ${ROLES.join(' | ')} |`;
  const rule = `|---|${ROLES.map(() => ':-:').join('|')}|`;
  const rows = ALL_PERMISSIONS.map(
    (p) => `| \`${p}\` | ${ROLES.map((r) => (can(r, p) ? '✓' : '—')).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
