import { describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, can, canAssignRole, PERMISSIONS, ROLES } from './permissions';

describe('the permission matrix', () => {
  it('lets an owner do everything', () => {
    expect(ALL_PERMISSIONS.filter((p) => !can('owner', p))).toEqual([]);
  });

  it('keeps viewers to reading', () => {
    const viewerCan = ALL_PERMISSIONS.filter((p) => can('viewer', p));
    expect(viewerCan.every((p) => p.endsWith(':view'))).toBe(true);
    expect(viewerCan).not.toContain('audit:view');
    expect(viewerCan).not.toContain('token:view');
  });

  it('lets editors build and co-edit audiences but not manage the organisation', () => {
    expect(can('editor', 'audience:coedit')).toBe(true);
    expect(can('editor', 'upload:create')).toBe(true);
    expect(can('editor', 'member:invite')).toBe(false);
    expect(can('editor', 'integration:configure')).toBe(false);
  });

  it('is monotonic: a higher role can do everything a lower one can', () => {
    for (const permission of ALL_PERMISSIONS) {
      const allowed = ROLES.map((role) => can(role, permission));
      // ROLES is ordered owner → viewer, so once denied, every lower role is denied too.
      expect(allowed).toEqual([...allowed].sort((a, b) => Number(b) - Number(a)));
    }
  });

  it('lists only known roles', () => {
    for (const roles of Object.values(PERMISSIONS))
      for (const role of roles) expect(ROLES).toContain(role);
  });
});

describe('canAssignRole', () => {
  it('never lets anyone grant a role above their own', () => {
    expect(canAssignRole('admin', 'owner')).toBe(false);
    expect(canAssignRole('admin', 'admin')).toBe(true);
    expect(canAssignRole('editor', 'viewer')).toBe(true);
    expect(canAssignRole('viewer', 'editor')).toBe(false);
  });
});
