import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { RoomServerMessageSchema, type RoomServerMessage } from '../core/contracts/room-messages';
import { getAudienceRoom } from '../worker/rooms';

async function connect(room: string) {
  const response = await exports.default.fetch(
    new Request(`http://app.test/parties/audience-room/${room}`, {
      headers: { Upgrade: 'websocket' },
    }),
  );
  expect(response.status).toBe(101);
  const socket = response.webSocket!;
  const inbox: RoomServerMessage[] = [];
  const waiters: Array<() => void> = [];
  socket.addEventListener('message', (event) => {
    inbox.push(RoomServerMessageSchema.parse(JSON.parse(String(event.data))));
    waiters.splice(0).forEach((wake) => wake());
  });
  socket.accept();
  const next = async (): Promise<RoomServerMessage> => {
    while (inbox.length === 0) await new Promise<void>((wake) => waiters.push(wake));
    return inbox.shift()!;
  };
  return { socket, next };
}

describe('AudienceRoom', () => {
  it('is reached through PartyServer routing and welcomes each connection', async () => {
    const first = await connect('room-welcome');
    expect(await first.next()).toMatchObject({
      type: 'welcome',
      room: 'room-welcome',
      connections: 1,
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
});
