import { env } from 'cloudflare:workers';
import { and as sqlAnd, count, eq, sql } from 'drizzle-orm';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Definition } from '../../core/audience/definition';
import type {
  Audience,
  AudienceList,
  FolderTree,
  SizeResult,
} from '../../core/contracts/audiences';
import { buildDeps, rootLogger } from '../deps';
import {
  audienceQueries,
  audiences,
  audienceSizePoints,
  auditEvents,
  contacts,
  organizations,
} from '../db/schema';
import { recountAudiences } from '../jobs/audience-recount';
import { call, createOrg, json, memberOf, signUp, type TestUser } from '../test-support/accounts';
import { testDb } from '../test-support/db';
import { contactsFile, importFile } from '../test-support/uploads';

let owner: TestUser;
let orgId: string;
let admin: TestUser;
let editor: TestUser;
let viewer: TestUser;
let listId: string;

const encoder = new TextEncoder();

const rule = (id: string, field: string, op: string, value?: unknown) => ({
  id,
  kind: 'rule' as const,
  field,
  op,
  ...(value === undefined ? {} : { value }),
});
const and = (...children: unknown[]) =>
  ({ version: 1, root: { id: 'root', kind: 'group', op: 'and', children } }) as Definition;
const inCountry = (code: string) => and(rule('c', 'country', 'eq', code));

async function post<T>(user: TestUser, path: string, body: unknown, status = 200): Promise<T> {
  const response = await call(path, { method: 'POST', cookie: user.cookie, json: body });
  expect(response.status, await response.clone().text()).toBe(status);
  return json<T>(response);
}
async function patch<T>(user: TestUser, path: string, body: unknown, status = 200): Promise<T> {
  const response = await call(path, { method: 'PATCH', cookie: user.cookie, json: body });
  expect(response.status, await response.clone().text()).toBe(status);
  return json<T>(response);
}
async function get<T>(user: TestUser, path: string, status = 200): Promise<T> {
  const response = await call(path, { cookie: user.cookie });
  expect(response.status, await response.clone().text()).toBe(status);
  return json<T>(response);
}
const createAudience = (body: Record<string, unknown>, user: TestUser = editor) =>
  post<Audience>(user, '/api/audiences', body, 201);
const estimate = (definition: unknown, user: TestUser = viewer) =>
  post<SizeResult>(user, '/api/audiences/estimate', { definition });

beforeAll(async () => {
  owner = await signUp('aud-owner');
  orgId = await createOrg(owner, 'Audiences Org');
  admin = await memberOf(orgId, 'admin', 'aud-admin');
  editor = await memberOf(orgId, 'editor', 'aud-editor');
  viewer = await memberOf(orgId, 'viewer', 'aud-viewer');
  const file = contactsFile(60, 'aud');
  listId = (await importFile(editor, 'aud-list.csv', file.bytes)).id;
});

async function countWhere(condition: ReturnType<typeof sql>): Promise<number> {
  const rows = await testDb()
    .select({ n: count() })
    .from(contacts)
    .where(sql`${contacts.orgId} = ${orgId} AND ${condition}`);
  return rows[0]!.n;
}

describe('audiences: create, read, update', () => {
  it('creates a blank audience whose empty definition is reported, not counted', async () => {
    const audience = await createAudience({ name: 'Blank one' });
    expect(audience).toMatchObject({ name: 'Blank one', status: 'active', version: 0, tags: [] });
    expect(audience.definition.root.children).toEqual([]);
    expect(audience.size.valid).toBe(false);
    expect(audience.size.total).toBeNull();
    expect(audience.size.issues.length).toBeGreaterThan(0);
  });

  it('creates one with a definition and counts it', async () => {
    const audience = await createAudience({
      name: 'British people',
      description: 'Everyone in GB',
      tags: ['uk', 'core'],
      definition: inCountry('GB'),
    });
    expect(audience.size).toMatchObject({ valid: true, issues: [] });
    expect(audience.size.total).toBe(await countWhere(sql`${contacts.country} = 'GB'`));
    expect(audience.tags).toEqual(['core', 'uk']);
    expect(audience.lastSize).toBe(audience.size.total);
  });

  it('updates the name, description, tags and draft, and audits the changed fields only', async () => {
    const audience = await createAudience({ name: 'To update', definition: inCountry('GB') });
    const updated = await patch<Audience>(editor, `/api/audiences/${audience.id}`, {
      name: 'Updated',
      description: 'Now US',
      tags: ['us'],
      definition: inCountry('US'),
    });
    expect(updated).toMatchObject({ name: 'Updated', description: 'Now US', tags: ['us'] });
    expect(updated.size.total).toBe(await countWhere(sql`${contacts.country} = 'US'`));
    const [event] = await testDb()
      .select()
      .from(auditEvents)
      .where(
        sqlAnd(eq(auditEvents.targetId, audience.id), eq(auditEvents.action, 'audience.updated')),
      );
    expect(JSON.parse(event!.summary)).toEqual({
      changed: ['name', 'description', 'definition', 'tags'],
    });
  });

  it('refuses a taken name with 409 and bad input with 400, changing nothing', async () => {
    await createAudience({ name: 'Unique name' });
    const taken = await call('/api/audiences', {
      method: 'POST',
      cookie: editor.cookie,
      json: { name: 'Unique name' },
    });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('name_taken');
    const other = await createAudience({ name: 'Other name' });
    const rename = await call(`/api/audiences/${other.id}`, {
      method: 'PATCH',
      cookie: editor.cookie,
      json: { name: 'Unique name' },
    });
    expect(rename.status).toBe(409);
    const bad = await call(`/api/audiences/${other.id}`, {
      method: 'PATCH',
      cookie: editor.cookie,
      json: { definition: { version: 1, root: { id: 'r', kind: 'nonsense' } }, name: 'X' },
    });
    expect(bad.status).toBe(400);
    const row = await testDb().select().from(audiences).where(eq(audiences.id, other.id));
    expect(row[0]!.name).toBe('Other name');
    const empty = await call('/api/audiences', {
      method: 'POST',
      cookie: editor.cookie,
      json: { name: '   ' },
    });
    expect(empty.status).toBe(400);
  });

  it('lists with filters and cursor pages', async () => {
    const folder = await post<{ id: string }>(
      editor,
      '/api/audience-folders',
      { name: 'Listing' },
      201,
    );
    for (const name of ['List 100% a', 'List b', 'List c'])
      await createAudience({ name, folderId: folder.id, tags: ['listing'] });
    const inFolder = await get<AudienceList>(viewer, `/api/audiences?folder=${folder.id}`);
    expect(inFolder.audiences.map((a) => a.name).sort()).toEqual([
      'List 100% a',
      'List b',
      'List c',
    ]);
    const literal = await get<AudienceList>(
      viewer,
      `/api/audiences?q=${encodeURIComponent('100%')}`,
    );
    expect(literal.audiences.map((a) => a.name)).toEqual(['List 100% a']);
    const tagged = await get<AudienceList>(viewer, '/api/audiences?tag=listing&limit=2');
    expect(tagged.audiences).toHaveLength(2);
    expect(tagged.nextCursor).not.toBeNull();
    const next = await get<AudienceList>(
      viewer,
      `/api/audiences?tag=listing&limit=2&cursor=${encodeURIComponent(tagged.nextCursor!)}`,
    );
    expect(next.audiences).toHaveLength(1);
    expect(next.nextCursor).toBeNull();
    expect(new Set([...tagged.audiences, ...next.audiences].map((a) => a.name)).size).toBe(3);
    const bad = await call('/api/audiences?cursor=nonsense', { cookie: viewer.cookie });
    expect(bad.status).toBe(400);
    const tags = await get<{ tags: Array<{ tag: string; count: number }> }>(
      viewer,
      '/api/audiences/tags',
    );
    expect(tags.tags).toContainEqual({ tag: 'listing', count: 3 });
  });

  it('duplicates as "(copy)", then "(copy 2)"', async () => {
    const original = await createAudience({
      name: 'Original',
      tags: ['t'],
      definition: inCountry('GB'),
    });
    const first = await post<Audience>(editor, `/api/audiences/${original.id}/duplicate`, {}, 201);
    const second = await post<Audience>(editor, `/api/audiences/${original.id}/duplicate`, {}, 201);
    expect(first).toMatchObject({ name: 'Original (copy)', tags: ['t'], version: 0 });
    expect(second.name).toBe('Original (copy 2)');
    expect(second.definition).toEqual(original.definition);
  });

  it('archives and brings back; archived audiences leave the default list', async () => {
    const audience = await createAudience({ name: 'Archivable' });
    const archived = await post<Audience>(editor, `/api/audiences/${audience.id}/archive`, {});
    expect(archived.status).toBe('archived');
    expect(archived.archivedAt).not.toBeNull();
    const active = await get<AudienceList>(viewer, '/api/audiences?q=Archivable');
    expect(active.audiences).toEqual([]);
    const all = await get<AudienceList>(viewer, '/api/audiences?q=Archivable&status=archived');
    expect(all.audiences).toHaveLength(1);
    const back = await post<Audience>(editor, `/api/audiences/${audience.id}/unarchive`, {});
    expect(back).toMatchObject({ status: 'active', archivedAt: null });
  });

  it('refuses to delete an audience another one uses, naming it; deletes it once unused', async () => {
    const base = await createAudience({ name: 'Base audience', definition: inCountry('GB') });
    const user = await createAudience({
      name: 'Uses base',
      definition: and({ id: 'ref', kind: 'audience', audienceId: base.id }),
    });
    expect(user.size.total).toBe(base.size.total);
    const refused = await call(`/api/audiences/${base.id}`, {
      method: 'DELETE',
      cookie: admin.cookie,
    });
    expect(refused.status).toBe(409);
    const body = await json<{ error: { code: string; message: string; details: unknown } }>(
      refused,
    );
    expect(body.error.code).toBe('in_use');
    expect(body.error.message).toContain('Uses base');
    expect(body.error.details).toEqual({ usedBy: [{ id: user.id, name: 'Uses base' }] });
    expect((await get<Audience>(viewer, `/api/audiences/${base.id}`)).usedBy).toHaveLength(1);
    await patch(editor, `/api/audiences/${user.id}`, { definition: inCountry('US') });
    const deleted = await call(`/api/audiences/${base.id}`, {
      method: 'DELETE',
      cookie: admin.cookie,
    });
    expect(deleted.status).toBe(204);
    expect((await call(`/api/audiences/${base.id}`, { cookie: viewer.cookie })).status).toBe(404);
  });
});

describe('folders', () => {
  it('builds a tree, renames, refuses a move into its own subtree, and deletes into the parent', async () => {
    const top = await post<{ id: string }>(editor, '/api/audience-folders', { name: 'Top' }, 201);
    const mid = await post<{ id: string }>(
      editor,
      '/api/audience-folders',
      { name: 'Mid', parentId: top.id },
      201,
    );
    const leaf = await post<{ id: string }>(
      editor,
      '/api/audience-folders',
      { name: 'Leaf', parentId: mid.id },
      201,
    );
    const inMid = await createAudience({ name: 'In mid', folderId: mid.id });
    const tree = await get<FolderTree>(viewer, '/api/audience-folders');
    const topNode = tree.folders.find((f) => f.id === top.id)!;
    expect(topNode.children[0]).toMatchObject({ id: mid.id, audienceCount: 1 });
    expect(topNode.children[0]!.children[0]).toMatchObject({ id: leaf.id, name: 'Leaf' });

    await patch(editor, `/api/audience-folders/${mid.id}`, { name: 'Middle' });
    for (const target of [mid.id, leaf.id]) {
      const cycle = await call(`/api/audience-folders/${top.id}`, {
        method: 'PATCH',
        cookie: editor.cookie,
        json: { parentId: target },
      });
      expect(cycle.status).toBe(409);
      expect(await cycle.text()).toContain('folder_cycle');
    }

    const removed = await call(`/api/audience-folders/${mid.id}`, {
      method: 'DELETE',
      cookie: editor.cookie,
    });
    expect(removed.status).toBe(204);
    const after = await get<FolderTree>(viewer, '/api/audience-folders');
    const topAfter = after.folders.find((f) => f.id === top.id)!;
    expect(topAfter.children.map((c) => c.id)).toEqual([leaf.id]);
    expect(topAfter.audienceCount).toBe(1);
    expect((await get<Audience>(viewer, `/api/audiences/${inMid.id}`)).folderId).toBe(top.id);
  });

  it('refuses an unknown folder for an audience with 422', async () => {
    const response = await call('/api/audiences', {
      method: 'POST',
      cookie: editor.cookie,
      json: { name: 'Lost', folderId: 'no-such-folder' },
    });
    expect(response.status).toBe(422);
  });
});

describe('versions', () => {
  it('saves, lists, diffs and restores versions; each adds a point to the size history', async () => {
    const audience = await createAudience({ name: 'Versioned', definition: inCountry('GB') });
    const v1 = await post<{ version: number; size: number; hash: string }>(
      editor,
      `/api/audiences/${audience.id}/versions`,
      { note: 'first' },
      201,
    );
    expect(v1).toMatchObject({ version: 1, size: audience.size.total, note: 'first' });
    expect(v1.hash).toMatch(/\S/);
    await patch(editor, `/api/audiences/${audience.id}`, { definition: inCountry('US') });
    const v2 = await post<{ version: number; size: number }>(
      editor,
      `/api/audiences/${audience.id}/versions`,
      {},
      201,
    );
    expect(v2.version).toBe(2);
    const list = await get<{ versions: Array<{ version: number }> }>(
      viewer,
      `/api/audiences/${audience.id}/versions`,
    );
    expect(list.versions.map((v) => v.version)).toEqual([2, 1]);
    const one = await get<{ definition: Definition }>(
      viewer,
      `/api/audiences/${audience.id}/versions/1`,
    );
    expect(one.definition).toEqual(inCountry('GB'));

    const diff = await get<{
      from: { size: number };
      to: { size: number };
      changes: { equivalent: boolean; changed: Array<{ id: string; properties: string[] }> };
    }>(viewer, `/api/audiences/${audience.id}/versions/1/diff?to=2`);
    expect(diff.from.size).toBe(v1.size);
    expect(diff.to.size).toBe(v2.size);
    expect(diff.changes.equivalent).toBe(false);
    expect(diff.changes.changed).toEqual([
      expect.objectContaining({ id: 'c', properties: ['value'] }),
    ]);

    const v3 = await post<{ version: number; restoredFrom: number }>(
      editor,
      `/api/audiences/${audience.id}/versions/1/restore`,
      {},
      201,
    );
    expect(v3).toMatchObject({ version: 3, restoredFrom: 1 });
    const restored = await get<Audience>(viewer, `/api/audiences/${audience.id}`);
    expect(restored.definition).toEqual(inCountry('GB'));
    expect(restored.version).toBe(3);

    const history = await get<{ points: Array<{ source: string; version: number }> }>(
      viewer,
      `/api/audiences/${audience.id}/history`,
    );
    expect(history.points.map((p) => [p.source, p.version])).toEqual([
      ['version', 1],
      ['version', 2],
      ['version', 3],
    ]);
  });

  it('refuses to save an invalid draft with 422 and its issues, saving nothing', async () => {
    const audience = await createAudience({
      name: 'Invalid draft',
      definition: and(rule('half', '', 'eq', 'x')),
    });
    const response = await call(`/api/audiences/${audience.id}/versions`, {
      method: 'POST',
      cookie: editor.cookie,
      json: {},
    });
    expect(response.status).toBe(422);
    const body = await json<{ error: { details: { issues: Array<{ nodeId: string }> } } }>(
      response,
    );
    expect(body.error.details.issues.map((i) => i.nodeId)).toContain('half');
    expect((await get<Audience>(viewer, `/api/audiences/${audience.id}`)).version).toBe(0);
  });

  it('recounts saved audiences once a day', async () => {
    const audience = await createAudience({ name: 'Daily', definition: inCountry('GB') });
    await post(editor, `/api/audiences/${audience.id}/versions`, {}, 201);
    const deps = { ...buildDeps(env, rootLogger(env)), now: () => Date.UTC(2030, 5, 1, 4, 30) };
    await recountAudiences(deps);
    await recountAudiences(deps);
    const points = await testDb()
      .select()
      .from(audienceSizePoints)
      .where(
        sqlAnd(
          eq(audienceSizePoints.audienceId, audience.id),
          eq(audienceSizePoints.source, 'daily'),
        ),
      );
    expect(points).toHaveLength(1);
    expect(points[0]!.size).toBe(audience.size.total);
  });
});

describe('templates', () => {
  it('lists built-in templates, saves and deletes organisation ones, and creates from either', async () => {
    const list = await get<{ templates: Array<{ id: string; builtIn: boolean }> }>(
      viewer,
      '/api/audience-templates',
    );
    const builtIn = list.templates.find((t) => t.builtIn);
    expect(builtIn).toBeDefined();
    const fromBuiltIn = await createAudience({ name: 'From built-in', templateId: builtIn!.id });
    expect(fromBuiltIn.definition.root.children.length).toBeGreaterThan(0);

    const saved = await post<{ id: string; builtIn: boolean }>(
      editor,
      '/api/audience-templates',
      { name: 'Our GB people', definition: inCountry('GB') },
      201,
    );
    expect(saved.builtIn).toBe(false);
    const fromOwn = await createAudience({ name: 'From ours', templateId: saved.id });
    expect(fromOwn.definition).toEqual(inCountry('GB'));

    const builtInDelete = await call(`/api/audience-templates/${builtIn!.id}`, {
      method: 'DELETE',
      cookie: admin.cookie,
    });
    expect(builtInDelete.status).toBe(409);
    const removed = await call(`/api/audience-templates/${saved.id}`, {
      method: 'DELETE',
      cookie: admin.cookie,
    });
    expect(removed.status).toBe(204);
    const unknown = await call('/api/audiences', {
      method: 'POST',
      cookie: editor.cookie,
      json: { name: 'From nothing', templateId: saved.id },
    });
    expect(unknown.status).toBe(422);
  });
});

describe('estimates and the size cache', () => {
  it('counts a valid draft with every node size', async () => {
    const definition = and(rule('gb', 'country', 'eq', 'GB'), {
      id: 'list',
      kind: 'list',
      uploadIds: [listId],
      match: 'any',
    });
    const result = await estimate(definition);
    expect(result.valid).toBe(true);
    expect(result.total).toBe(await countWhere(sql`${contacts.country} = 'GB'`));
    expect(Object.keys(result.nodes)).toEqual(expect.arrayContaining(['root', 'gb', 'list']));
  });

  it('reports issues per node and still sizes the subtrees without any', async () => {
    const result = await estimate(
      and(rule('gb', 'country', 'eq', 'GB'), rule('broken', 'no_such_field', 'eq', 'x')),
    );
    expect(result.valid).toBe(false);
    expect(result.total).toBeNull();
    expect(result.issues.map((i) => i.nodeId)).toContain('broken');
    expect(result.nodes.gb?.size).toBe(await countWhere(sql`${contacts.country} = 'GB'`));
    expect(result.nodes.broken).toBeUndefined();
  });

  it('serves the second count from the cache, and counts again after a new upload', async () => {
    const definition = and(rule('fr', 'country', 'in', ['GB', 'FR']));
    const first = await estimate(definition);
    const second = await estimate(definition);
    expect(first.cached).toBe(false);
    expect(second).toMatchObject({ cached: true, total: first.total });

    const file = contactsFile(30, 'aud-more');
    await importFile(editor, 'aud-more.csv', file.bytes);
    const third = await estimate(definition);
    expect(third.cached).toBe(false);
    expect(third.dataVersion).toBeGreaterThan(first.dataVersion);
    expect(third.total).toBeGreaterThan(first.total!);
    expect(third.total).toBe(await countWhere(sql`${contacts.country} IN ('GB', 'FR')`));
  });

  it("reports node sizes under each draft's own ids when another draft means the same", async () => {
    const first = await estimate(
      and(rule('x1', 'country', 'eq', 'DE'), rule('x2', 'has_email', 'is_true')),
    );
    const same = await estimate(
      and(rule('y2', 'has_email', 'is_true'), rule('y1', 'country', 'eq', 'de')),
    );
    expect(same.total).toBe(first.total);
    expect(Object.keys(same.nodes).sort()).toEqual(['root', 'y1', 'y2']);
    expect(same.nodes.y1).toEqual(first.nodes.x1);
  });

  it('records every count in the query log', async () => {
    const audience = await createAudience({ name: 'Logged', definition: inCountry('GB') });
    await get(viewer, `/api/audiences/${audience.id}/size`);
    await get(viewer, `/api/audiences/${audience.id}/size`);
    const rows = await testDb()
      .select()
      .from(audienceQueries)
      .where(eq(audienceQueries.audienceId, audience.id));
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r.kind === 'nodes' && r.orgId === orgId)).toBe(true);
    expect(rows.filter((r) => r.cacheHit).length).toBeGreaterThanOrEqual(2);
    const stats = await get<{
      count: number;
      cacheHitRate: number;
      p95Ms: number;
      recent: unknown[];
    }>(viewer, `/api/audiences/${audience.id}/stats`);
    expect(stats.count).toBe(rows.length);
    expect(stats.cacheHitRate).toBeGreaterThan(0);
    expect(stats.p95Ms).not.toBeNull();
    expect(stats.recent).toHaveLength(rows.length);
  });

  it('lists the slowest queries to admins only', async () => {
    expect((await call('/api/audiences/slow-queries', { cookie: editor.cookie })).status).toBe(403);
    const slow = await get<{ queries: Array<{ durationMs: number }> }>(
      admin,
      '/api/audiences/slow-queries',
    );
    expect(slow.queries.length).toBeGreaterThan(0);
    const durations = slow.queries.map((q) => q.durationMs);
    expect(durations).toEqual([...durations].sort((a, b) => b - a));
  });

  it('serves the field catalog', async () => {
    const { fields } = await get<{ fields: Array<{ id: string; operators: string[] }> }>(
      viewer,
      '/api/audiences/fields',
    );
    expect(fields.find((f) => f.id === 'country')?.operators).toContain('eq');
  });
});

describe('overlap', () => {
  it('splits 2–3 audiences into regions that sum to their union', async () => {
    const gb = await createAudience({ name: 'Overlap GB', definition: inCountry('GB') });
    const list = await createAudience({
      name: 'Overlap list',
      definition: and({ id: 'l', kind: 'list', uploadIds: [listId], match: 'any' }),
    });
    const us = await createAudience({ name: 'Overlap US', definition: inCountry('US') });
    const result = await post<{
      report: { regions: Array<{ mask: number; exclusive: number }>; union: number };
      audiences: Array<{ size: number }>;
      priority?: number[];
    }>(viewer, '/api/audiences/overlap', {
      audienceIds: [gb.id, list.id, us.id],
      priority: true,
    });
    const union = await estimate({
      version: 1,
      root: {
        id: 'u',
        kind: 'group',
        op: 'or',
        children: [
          { id: 'a', kind: 'audience', audienceId: gb.id },
          { id: 'b', kind: 'audience', audienceId: list.id },
          { id: 'c', kind: 'audience', audienceId: us.id },
        ],
      },
    });
    const { report } = result;
    expect(report.regions).toHaveLength(7);
    expect(report.regions.reduce((sum, r) => sum + r.exclusive, 0)).toBe(report.union);
    expect(report.union).toBe(union.total);
    expect(result.audiences.map((a) => a.size)).toEqual([
      gb.size.total,
      list.size.total,
      us.size.total,
    ]);
    expect(result.priority!.reduce((a, b) => a + b, 0)).toBe(report.union);
  });

  it('refuses one audience, or the same one twice', async () => {
    const a = await createAudience({ name: 'Alone', definition: inCountry('GB') });
    for (const audienceIds of [[a.id], [a.id, a.id]]) {
      const response = await call('/api/audiences/overlap', {
        method: 'POST',
        cookie: viewer.cookie,
        json: { audienceIds },
      });
      expect(response.status).toBe(400);
    }
  });
});

describe('members', () => {
  it('previews the first members with masked emails, phones and names', async () => {
    const audience = await createAudience({ name: 'Preview', definition: inCountry('GB') });
    const preview = await get<{
      members: Array<{ email: string; firstName: string; lastName: string }>;
      total: number;
    }>(viewer, `/api/audiences/${audience.id}/members?limit=5`);
    expect(preview.members).toHaveLength(5);
    expect(preview.total).toBe(audience.size.total);
    for (const m of preview.members) {
      expect(m.email).toMatch(/^p\*\*\*@e\*\*\*\.com$/);
      expect(m.firstName).toMatch(/^F\.$/);
      expect(m.lastName).toMatch(/^L\.$/);
    }
    const tooMany = await call(`/api/audiences/${audience.id}/members?limit=101`, {
      cookie: viewer.cookie,
    });
    expect(tooMany.status).toBe(400);
  });

  it('exports every member as a streamed, formula-safe CSV, audited and logged', async () => {
    const csv = 'Email,First Name,Last Name,Country\r\nformula@example.com,=SUM(A1),@cmd,DE\r\n';
    await importFile(editor, 'formula.csv', encoder.encode(csv));
    const audience = await createAudience({ name: 'Germans', definition: inCountry('DE') });
    const viewerTry = await call(`/api/audiences/${audience.id}/members.csv`, {
      cookie: viewer.cookie,
    });
    expect(viewerTry.status).toBe(403);
    const response = await call(`/api/audiences/${audience.id}/members.csv`, {
      cookie: admin.cookie,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const text = await response.text();
    const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true });
    expect(parsed.data).toHaveLength(await countWhere(sql`${contacts.country} = 'DE'`));
    const row = parsed.data.find((r) => r.email === 'formula@example.com')!;
    expect(row.first_name).toBe("'=SUM(A1)");
    expect(row.last_name).toBe("'@cmd");
    const events = await testDb()
      .select()
      .from(auditEvents)
      .where(
        sqlAnd(eq(auditEvents.targetId, audience.id), eq(auditEvents.action, 'audience.exported')),
      );
    expect(events).toHaveLength(1);
    const logged = await testDb()
      .select()
      .from(audienceQueries)
      .where(
        sqlAnd(eq(audienceQueries.audienceId, audience.id), eq(audienceQueries.kind, 'export')),
      );
    expect(logged).toHaveLength(1);
    expect(logged[0]!.rowsReturned).toBe(parsed.data.length);
  });
});

describe('text form and SQL', () => {
  it('prints an audience as text and parses it back', async () => {
    const audience = await createAudience({ name: 'Texty', definition: inCountry('GB') });
    const { text } = await get<{ text: string }>(viewer, `/api/audiences/${audience.id}/text`);
    expect(text.length).toBeGreaterThan(0);
    const parsed = await post<{ definition: Definition }>(viewer, '/api/audiences/parse', { text });
    const again = await estimate(parsed.definition);
    expect(again.total).toBe(audience.size.total);
  });

  it('answers a parse error with its line, column and offset', async () => {
    const response = await call('/api/audiences/parse', {
      method: 'POST',
      cookie: viewer.cookie,
      json: { text: 'country = "GB"\nAND (((' },
    });
    expect(response.status).toBe(422);
    const body = await json<{
      error: { code: string; details: { line: number; column: number; offset: number } };
    }>(response);
    expect(body.error.code).toBe('parse_error');
    expect(body.error.details.line).toBe(2);
    expect(body.error.details.column).toBeGreaterThan(0);
    expect(body.error.details.offset).toBeGreaterThan(14);
  });

  it('shows the SQL to admins only', async () => {
    const audience = await createAudience({ name: 'Sql', definition: inCountry('GB') });
    expect(
      (await call(`/api/audiences/${audience.id}/sql`, { cookie: editor.cookie })).status,
    ).toBe(403);
    const view = await get<{ count: { sql: string } }>(admin, `/api/audiences/${audience.id}/sql`);
    expect(view.count.sql).toMatch(/select/i);
  });
});

describe('data version', () => {
  it('is bumped by deleting an upload with its records', async () => {
    const file = contactsFile(12, 'aud-del');
    const upload = await importFile(editor, 'aud-del.csv', file.bytes);
    const before = (
      await testDb().select().from(organizations).where(eq(organizations.id, orgId))
    )[0]!.dataVersion;
    const response = await call(`/api/uploads/${upload.id}?records=remove`, {
      method: 'DELETE',
      cookie: admin.cookie,
    });
    expect(response.status).toBe(204);
    const after = (
      await testDb().select().from(organizations).where(eq(organizations.id, orgId))
    )[0]!.dataVersion;
    expect(after).toBeGreaterThan(before);
  });
});
