import { env, exports } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  RoomServerMessageSchema,
  type RoomClientMessage,
  type RoomServerMessage,
} from '../core/contracts/room-messages';
import { memberships } from '../worker/db/schema';
import { getAudienceRoom, roomNameFor } from '../worker/rooms';
import {
  call,
  createOrg,
  json,
  memberOf,
  signUp,
  type TestUser,
} from '../worker/test-support/accounts';
import { testDb } from '../worker/test-support/db';

let owner: TestUser;
let orgId: string;
beforeAll(async () => {
  owner = await signUp('room-owner');
  orgId = await createOrg(owner, 'Room Co');
});

const rule = (id: string, value = 'Software') => ({
  id,
  kind: 'rule' as const,
  field: 'industry',
  op: 'eq' as const,
  value,
});

/** A real audience (rooms only open for one), with rule r1 in its draft. */
async function newAudience(name: string): Promise<string> {
  const response = await call('/api/audiences', {
    method: 'POST',
    cookie: owner.cookie,
    json: {
      name: `${name} ${crypto.randomUUID().slice(0, 8)}`,
      definition: {
        version: 1,
        root: { id: 'root', kind: 'group', op: 'and', children: [rule('r1')] },
      },
    },
  });
  expect(response.status).toBe(201);
  return (await json<{ id: string }>(response)).id;
}

function upgrade(room: string, cookie?: string) {
  const headers = new Headers({ Upgrade: 'websocket' });
  if (cookie) headers.set('cookie', cookie);
  return exports.default.fetch(
    new Request(`http://app.test/parties/audience-room/${room}`, { headers }),
  );
}

type Client = Awaited<ReturnType<typeof connect>>;

async function connect(audienceId: string, cookie = owner.cookie) {
  const response = await upgrade(roomNameFor(orgId, audienceId), cookie);
  expect(response.status).toBe(101);
  const socket = response.webSocket!;
  const inbox: RoomServerMessage[] = [];
  const waiters: Array<() => void> = [];
  let closed: { code: number } | undefined;
  socket.addEventListener('message', (event) => {
    inbox.push(RoomServerMessageSchema.parse(JSON.parse(String(event.data))));
    waiters.splice(0).forEach((wake) => wake());
  });
  socket.addEventListener('close', (event) => {
    closed = { code: event.code };
    waiters.splice(0).forEach((wake) => wake());
  });
  socket.accept();
  const wait = () => new Promise<void>((wake) => waiters.push(wake));
  /** The next message of this type (others before it are skipped). */
  const next = async <T extends RoomServerMessage['type']>(
    type: T,
  ): Promise<Extract<RoomServerMessage, { type: T }>> => {
    for (;;) {
      const index = inbox.findIndex((m) => m.type === type);
      if (index >= 0) return inbox.splice(index, 1)[0] as Extract<RoomServerMessage, { type: T }>;
      if (closed) throw new Error(`closed (${closed.code}) while waiting for ${type}`);
      await wait();
    }
  };
  const closedWith = async () => {
    while (!closed) await wait();
    return closed.code;
  };
  const send = (message: RoomClientMessage | string) =>
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  return { socket, inbox, next, closedWith, send };
}

/** Connects and says hello: the client then holds the draft. */
async function join(audienceId: string, cookie = owner.cookie, since: number | null = null) {
  const client = await connect(audienceId, cookie);
  await client.next('welcome');
  client.send({ type: 'hello', since });
  return client;
}

let opIds = 0;
async function edit(client: Client, op: unknown) {
  const clientOpId = `op-${opIds++}`;
  client.send(JSON.stringify({ type: 'op', clientOpId, op }));
  return clientOpId;
}

describe('AudienceRoom', () => {
  it('welcomes each connection and answers hello with the draft', async () => {
    const id = await newAudience('welcome');
    const first = await connect(id);
    expect(await first.next('welcome')).toMatchObject({
      room: roomNameFor(orgId, id),
      connections: 1,
      readOnly: false,
      canPublish: true,
    });
    first.send({ type: 'hello', since: null });
    const snapshot = await first.next('snapshot');
    expect(snapshot.seq).toBe(0);
    expect(snapshot.definition.root.children).toEqual([rule('r1')]);
    const second = await connect(id);
    expect(await second.next('welcome')).toMatchObject({ connections: 2 });
    first.socket.close();
    second.socket.close();
  });

  it('applies ops in order, broadcasts them, and refuses bad ones to the sender only', async () => {
    const id = await newAudience('ops');
    const a = await join(id);
    const b = await join(id);
    await a.next('snapshot');
    await b.next('snapshot');
    const opId = await edit(a, { kind: 'add', parentId: 'root', index: 1, node: rule('r2') });
    for (const client of [a, b])
      expect((await client.next('applied')).entry).toMatchObject({
        seq: 1,
        clientOpId: opId,
        kind: 'edit',
        summary: 'added a rule condition',
      });
    const bad = await edit(b, { kind: 'remove', nodeId: 'root' });
    expect(await b.next('rejected')).toMatchObject({ clientOpId: bad, code: 'root_locked' });
    b.send({ type: 'ping', nonce: 'after' });
    await b.next('pong');
    expect(a.inbox.some((m) => m.type === 'rejected')).toBe(false);
    // Sizes follow once edits settle, for the latest seq.
    let sizes = await a.next('sizes');
    while (sizes.seq < 1) sizes = await a.next('sizes');
    expect(sizes).toMatchObject({ seq: 1, valid: true, total: expect.any(Number) });
    a.socket.close();
    b.socket.close();
  });

  it("undo takes back only the user's own change; a conflicting undo is skipped with a reason", async () => {
    const editor = await memberOf(orgId, 'editor');
    const id = await newAudience('undo');
    const a = await join(id);
    const b = await join(id, editor.cookie);
    await edit(a, { kind: 'add', parentId: 'root', index: 1, node: rule('ra') });
    await b.next('applied');
    await edit(b, { kind: 'set', nodeId: 'r1', prop: 'value', value: 'Retail' });
    await b.next('applied');
    await a.next('applied');
    await a.next('applied');
    a.send({ type: 'undo', clientOpId: 'undo-1' });
    const undone = (await b.next('applied')).entry;
    expect(undone).toMatchObject({
      kind: 'undo',
      actor: `user:${owner.userId}`,
      op: { kind: 'remove', nodeId: 'ra' },
    });
    // B's edit stands; A's stacks now offer a redo.
    let stacks = await a.next('stacks');
    while (stacks.redo === 0) stacks = await a.next('stacks'); // earlier ones are still queued
    expect(stacks).toMatchObject({ undo: 0, redo: 1, nextRedo: 'added a rule condition' });
    // A edits r1's value after B did; then B changes it again: A's undo is skipped.
    await edit(a, { kind: 'set', nodeId: 'r1', prop: 'value', value: 'Media' });
    await b.next('applied');
    await edit(b, { kind: 'set', nodeId: 'r1', prop: 'value', value: 'Energy' });
    await a.next('applied');
    await a.next('applied');
    a.send({ type: 'undo', clientOpId: 'undo-2' });
    const skipped = await a.next('skipped');
    expect(skipped).toMatchObject({
      clientOpId: 'undo-2',
      action: 'undo',
      code: 'changed_by_teammate',
    });
    expect(skipped.reason).toContain('has since changed the value');
    a.socket.close();
    b.socket.close();
  });

  it('keeps undo history across a reconnect and across the room being evicted', async () => {
    const id = await newAudience('evict');
    let a = await join(id);
    await a.next('snapshot');
    await edit(a, { kind: 'set_not', nodeId: 'r1', not: true });
    const applied = await a.next('applied');
    a.socket.close();
    // Evict the object: the next connection gets a fresh instance that loads its SQLite.
    const stub = await getAudienceRoom(env, roomNameFor(orgId, id));
    await runInDurableObject(stub, (_instance, state) => {
      try {
        state.abort('evicted by the test');
      } catch {
        // abort() throws in the caller by design
      }
    }).catch(() => undefined);
    a = await join(id, owner.cookie, applied.entry.seq);
    expect(await a.next('catch_up')).toEqual({ type: 'catch_up', entries: [] });
    expect(await a.next('stacks')).toMatchObject({ undo: 1, nextUndo: 'negated a node (NOT)' });
    a.send({ type: 'undo', clientOpId: 'u' });
    expect((await a.next('applied')).entry).toMatchObject({
      seq: 2,
      kind: 'undo',
      op: { kind: 'set_not', nodeId: 'r1', not: false },
    });
    // A client further behind than the log it holds gets the ops it missed.
    const late = await join(id, owner.cookie, 0);
    expect((await late.next('catch_up')).entries.map((e) => e.seq)).toEqual([1, 2]);
    a.socket.close();
    late.socket.close();
  });

  it('pages its history and restores an earlier point as a new op', async () => {
    const id = await newAudience('history');
    const a = await join(id);
    await a.next('snapshot');
    await edit(a, { kind: 'set', nodeId: 'r1', prop: 'value', value: 'Retail' });
    await a.next('applied');
    await edit(a, { kind: 'set_group_op', nodeId: 'root', op: 'or' });
    await a.next('applied');
    a.send({ type: 'history', before: null, limit: 1 });
    expect(await a.next('history')).toMatchObject({ entries: [{ seq: 2 }], hasMore: true });
    a.send({ type: 'restore', clientOpId: 'back', seq: 0 });
    const restored = (await a.next('applied')).entry;
    expect(restored).toMatchObject({ seq: 3, kind: 'restore' });
    expect(restored.op).toMatchObject({ kind: 'replace', definition: { root: { op: 'and' } } });
    a.socket.close();
  });

  it('autosaves the draft to the audience, and a draft changed through the API reaches the room', async () => {
    const id = await newAudience('autosave');
    const a = await join(id);
    await a.next('snapshot');
    await edit(a, { kind: 'set', nodeId: 'r1', prop: 'value', value: 'Banking' });
    await a.next('applied');
    const saved = await a.next('saved');
    expect(saved.seq).toBe(1);
    const stored = await json<{ definition: { root: { children: Array<{ value: string }> } } }>(
      await call(`/api/audiences/${id}`, { cookie: owner.cookie }),
    );
    expect(stored.definition.root.children[0]!.value).toBe('Banking');
    const patched = await call(`/api/audiences/${id}`, {
      method: 'PATCH',
      cookie: owner.cookie,
      json: {
        definition: {
          version: 1,
          root: { id: 'root', kind: 'group', op: 'or', children: [rule('r1', 'Media')] },
        },
      },
    });
    expect(patched.status).toBe(200);
    expect((await a.next('applied')).entry).toMatchObject({ seq: 2, op: { kind: 'replace' } });
    a.socket.close();
  });

  it('keeps counting sizes and autosaving in a room that never pauses', async () => {
    const id = await newAudience('busy');
    const a = await join(id);
    await a.next('snapshot');
    // An edit every 100 ms for 6 s: never the 1 s pause autosave waits for, nor 150 ms for sizes.
    for (let i = 0; i < 60; i++) {
      await edit(a, { kind: 'set_not', nodeId: 'r1', not: i % 2 === 0 });
      await new Promise((wake) => setTimeout(wake, 100));
    }
    const during = a.inbox.filter((m) => m.type === 'sizes' && m.seq > 0).length;
    expect(during).toBeGreaterThanOrEqual(3);
    expect(a.inbox.some((m) => m.type === 'saved' && m.seq > 0)).toBe(true);
    a.socket.close();
  }, 30_000);

  it('saves a version for publishers, and refuses one for viewers', async () => {
    const id = await newAudience('version');
    const a = await join(id);
    await a.next('snapshot');
    a.send({ type: 'save_version', note: 'from the room' });
    expect(await a.next('version_saved')).toMatchObject({ version: 1 });
    const viewer = await memberOf(orgId, 'viewer');
    const v = await join(id, viewer.cookie);
    v.send({ type: 'save_version' });
    expect(await v.next('error')).toMatchObject({ code: 'forbidden' });
    a.socket.close();
    v.socket.close();
  });

  it('joins viewers read-only: they watch but every edit is refused', async () => {
    const viewer = await memberOf(orgId, 'viewer');
    const id = await newAudience('viewer');
    const client = await connect(id, viewer.cookie);
    expect(await client.next('welcome')).toMatchObject({ readOnly: true, canPublish: false });
    client.send({ type: 'hello', since: null });
    await client.next('snapshot');
    const opId = await edit(client, { kind: 'remove', nodeId: 'r1' });
    expect(await client.next('rejected')).toMatchObject({ clientOpId: opId, code: 'read_only' });
    client.send({ type: 'undo', clientOpId: 'u' });
    expect(await client.next('rejected')).toMatchObject({ code: 'read_only' });
    client.socket.close();
  });

  it('answers a ping, rejects a malformed message and stays open', async () => {
    const client = await connect(await newAudience('invalid'));
    await client.next('welcome');
    client.send('{"type":"drop-table"}');
    expect(await client.next('error')).toMatchObject({ code: 'invalid_message' });
    client.send({ type: 'ping', nonce: 'still-here' });
    expect(await client.next('pong')).toEqual({ type: 'pong', nonce: 'still-here' });
    client.socket.close();
  });

  it('closes a connection that sends an oversized message', async () => {
    const client = await connect(await newAudience('large'));
    await client.next('welcome');
    client.send(JSON.stringify({ type: 'ping', nonce: 'x'.repeat(300_000) }));
    expect(await client.closedWith()).toBe(4413);
  });

  it('drops messages over the rate limit and says so', async () => {
    const client = await connect(await newAudience('rate'));
    await client.next('welcome');
    for (let i = 0; i < 120; i++) client.send({ type: 'ping', nonce: String(i) });
    expect(await client.next('error')).toMatchObject({ code: 'rate_limited' });
    client.socket.close();
  });

  it('closes with 4404 for an audience that does not exist', async () => {
    const client = await connect('no-such-audience');
    expect(await client.closedWith()).toBe(4404);
  });

  it('refuses a connection without a session', async () => {
    expect((await upgrade(roomNameFor(orgId, 'anon'))).status).toBe(401);
  });

  it('disconnects a member removed from the organisation at their next message', async () => {
    const editor = await memberOf(orgId, 'editor');
    const client = await connect(await newAudience('revoke'), editor.cookie);
    await client.next('welcome');
    await testDb().delete(memberships).where(eq(memberships.id, editor.memberId));
    // The tier runs with ROOM_REVERIFY_MS=0 (vitest.config.ts), so the next message re-checks.
    client.send({ type: 'ping', nonce: 'after-removal' });
    expect(await client.closedWith()).toBe(4403);
  });

  it('closes an idle member who was removed, without waiting for them to send', async () => {
    const editor = await memberOf(orgId, 'editor');
    const client = await join(await newAudience('idle-revoke'), editor.cookie);
    await client.next('snapshot');
    await testDb().delete(memberships).where(eq(memberships.id, editor.memberId));
    expect(await client.closedWith()).toBe(4403);
  });

  it('shares who is here and what they have selected, and forgets them when they leave', async () => {
    const editor = await memberOf(orgId, 'editor', 'eve');
    const id = await newAudience('presence');
    const a = await join(id);
    const b = await join(id, editor.cookie);
    b.send({ type: 'presence', selection: ['r1'], cursor: { x: 10, y: 20 } });
    let seen = await a.next('presence');
    while (!seen.peers.some((p) => p.selection.includes('r1'))) seen = await a.next('presence');
    const eve = seen.peers.find((p) => p.actor === `user:${editor.userId}`)!;
    expect(eve).toMatchObject({ name: 'Test eve', cursor: { x: 10, y: 20 }, readOnly: false });
    expect(eve.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(seen.peers).toHaveLength(2);
    b.socket.close();
    while (seen.peers.length !== 1) seen = await a.next('presence');
    expect(seen.peers[0]!.actor).toBe(`user:${owner.userId}`);
    a.socket.close();
  });

  it('round-trips its storage over RPC through the typed stub helper', async () => {
    const room = await getAudienceRoom(env, 'room-rpc');
    await expect(room.ping('abc')).resolves.toEqual({
      room: 'room-rpc',
      nonce: 'abc',
      connections: 0,
    });
  });

  it('answers 404 for a party that does not exist, and to plain HTTP requests', async () => {
    const response = await exports.default.fetch(
      new Request('http://app.test/parties/no-such-party/x'),
    );
    expect(response.status).toBe(404);
    const http = await exports.default.fetch(
      new Request(`http://app.test/parties/audience-room/${roomNameFor(orgId, 'http')}`, {
        headers: { cookie: owner.cookie },
      }),
    );
    expect(http.status).toBe(404);
  });
});
