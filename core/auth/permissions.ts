/**
 * Every action the product has or will have, and which roles may take it. This table is the one
 * source of truth: API routes declare one of these permissions, the AudienceRoom asks it on connect,
 * the UI hides what a role cannot do, and docs/permissions.md is checked against it by a test.
 */
export const ROLES = ['owner', 'admin', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  // Uploads
  'upload:view': ['owner', 'admin', 'editor', 'viewer'],
  'upload:create': ['owner', 'admin', 'editor'],
  'upload:map': ['owner', 'admin', 'editor'],
  'upload:delete': ['owner', 'admin'],
  // Records (contacts and companies)
  'contact:export': ['owner', 'admin'],
  // Audiences
  'audience:view': ['owner', 'admin', 'editor', 'viewer'],
  'audience:create': ['owner', 'admin', 'editor'],
  'audience:edit': ['owner', 'admin', 'editor'],
  'audience:coedit': ['owner', 'admin', 'editor'],
  'audience:publish': ['owner', 'admin', 'editor'],
  'audience:delete': ['owner', 'admin'],
  /** The SQL an audience compiles to (reveals the schema and the organisation's query shapes). */
  'audience:sql': ['owner', 'admin'],
  /** The organisation's slowest audience queries. */
  'audience:monitor': ['owner', 'admin'],
  // Integrations and activation
  'integration:view': ['owner', 'admin', 'editor', 'viewer'],
  'integration:configure': ['owner', 'admin'],
  /** Start a Bombora sync now, outside the schedule. */
  'integration:sync': ['owner', 'admin', 'editor'],
  'export:view': ['owner', 'admin', 'editor', 'viewer'],
  'export:run': ['owner', 'admin', 'editor'],
  'export:schedule': ['owner', 'admin'],
  /** Delete or opt out a person everywhere (GDPR / CCPA data-subject requests). */
  'privacy:request': ['owner', 'admin'],
  // The organisation
  'organization:view': ['owner', 'admin', 'editor', 'viewer'],
  'organization:update': ['owner', 'admin'],
  'organization:delete': ['owner'],
  'member:view': ['owner', 'admin', 'editor', 'viewer'],
  'member:invite': ['owner', 'admin'],
  'member:update-role': ['owner', 'admin'],
  'member:remove': ['owner', 'admin'],
  'token:view': ['owner', 'admin'],
  'token:create': ['owner', 'admin'],
  'token:revoke': ['owner', 'admin'],
  'audit:view': ['owner', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Roles are ordered by power. Nobody may grant or hold a role above their own: an admin cannot
 * make someone an owner, and an API token cannot outrank the member who creates it.
 */
const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };

export function canAssignRole(actor: Role, target: Role): boolean {
  return RANK[target] <= RANK[actor];
}
