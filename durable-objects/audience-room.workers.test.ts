import { env, exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { RoomServerMessageSchema, type RoomServerMessage } from '../core/contracts/room-messages';
import { memberships } from '../worker/db/schema';
import { getAudienceRoom, roomNameFor } from '../worker/rooms';
import { createOrg, memberOf, signUp, type TestUser } from '../worker/test-support/accounts';
import { testDb } from '../worker/test-support/db';

let owner: TestUser;
let orgId: string;
beforeAll(async () => {
  owner = await signUp('room-owner');
  orgId = await createOrg(owner, 'Room Co');
});

function upgrade(room: string, cookie?: string) {
  const headers = new Headers({ Upgrade: 'websocket' });
  if (cookie) headers.set('cookie', cookie);
  const path = `/parties/audience-room/${room}`;
  return exports.default.fetch(new Request(`http://app.test${path}`, { headers }));
}

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
  const next = async (): Promise<RoomServerMessage> => {
    while (inbox.length === 0) await new Promise<void>((wake) => waiters.push(wake));
    return inbox.shift()!;
  };
  const closedWith = async () => {
    while (!closed) await new Promise<void>((wake) => waiters.push(wake));
    return closed.code;
  };
  return { socket, next, closedWith };
}

describe('AudienceRoom', () => {
  it('is reached through PartyServer routing and welcomes each connection', async () => {
    const first = await connect('room-welcome');
    expect(await first.next()).toMatchObject({
      type: 'welcome',
      room: roomNameFor(orgId, 'room-welcome'),
      connections: 1,
      readOnly: false,
    });
    const second = await connect('room-welcome');
    expect(await second.next()).toMatchObject({ type: 'welcome', connections: 2 });
    first.socket.close();
    second.socket.close();
  });

  it('answers a ping with a pong carrying the same nonce', async () => {
    const client = await connect('room-ping');
    await client.next();
    client.socket.send(JSON.stringify({ type: 'ping', nonce: 'n-42' }));
    expect(await client.next()).toEqual({ type: 'pong', nonce: 'n-42' });
    client.socket.close();
  });

  it('rejects a malformed message to the sender with a reason, and stays open', async () => {
    const client = await connect('room-invalid');
    await client.next();
    client.socket.send('{"type":"drop-table"}');
    expect(await client.next()).toMatchObject({ type: 'error', code: 'invalid_message' });
    client.socket.send(JSON.stringify({ type: 'ping', nonce: 'still-here' }));
    expect(await client.next()).toEqual({ type: 'pong', nonce: 'still-here' });
    client.socket.close();
  });

  it('refuses a connection without a session', async () => {
    expect((await upgrade(roomNameFor(orgId, 'anon'))).status).toBe(401);
  });

  it('joins viewers read-only', async () => {
    const viewer = await memberOf(orgId, 'viewer');
    const client = await connect('room-viewer', viewer.cookie);
    expect(await client.next()).toMatchObject({ type: 'welcome', readOnly: true });
    client.socket.close();
  });

  it('disconnects a member removed from the organisation at their next message', async () => {
    const editor = await memberOf(orgId, 'editor');
    const client = await connect('room-revoke', editor.cookie);
    await client.next();
    await testDb().delete(memberships).where(eq(memberships.id, editor.memberId));
    // The tier runs with ROOM_REVERIFY_MS=0 (vitest.config.ts), so the next message re-checks.
    client.socket.send(JSON.stringify({ type: 'ping', nonce: 'after-removal' }));
    expect(await client.closedWith()).toBe(4403);
  });

  it('round-trips its storage over RPC through the typed stub helper', async () => {
    const room = await getAudienceRoom(env, 'room-rpc');
    await expect(room.ping('abc')).resolves.toEqual({
      room: 'room-rpc',
      nonce: 'abc',
      connections: 0,
    });
  });

  it('answers 404 for a party that does not exist', async () => {
    const response = await exports.default.fetch(
      new Request('http://app.test/parties/no-such-party/x'),
    );
    expect(response.status).toBe(404);
  });

  it('answers 404 to plain HTTP requests to a room', async () => {
    const response = await exports.default.fetch(
      new Request(`http://app.test/parties/audience-room/${roomNameFor(orgId, 'http')}`, {
        headers: { cookie: owner.cookie },
      }),
    );
    expect(response.status).toBe(404);
  });
});
