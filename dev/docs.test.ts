import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { permissionTable } from '../core/auth/permission-table';

describe('docs/permissions.md', () => {
  it('shows exactly the permission matrix the code enforces', () => {
    const doc = readFileSync('docs/permissions.md', 'utf8');
    const embedded =
      /<!-- permission-table:start -->\n([\s\S]*?)\n<!-- permission-table:end -->/.exec(doc)?.[1];
    expect(embedded).toBe(permissionTable());
  });
});
