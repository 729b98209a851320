import { Server, type Connection, type ConnectionContext, type WSMessage } from 'partyserver';
import { RoomClientMessageSchema, type RoomServerMessage } from '../core/contracts/room-messages';

/**
 * One room per audience draft (PartyServer routes /parties/audience-room/:audienceId here).
 * This is the foundation: connection lifecycle, typed messages and a storage round trip. The live
 * builder adds the authoritative draft, op log and per-user undo on top, in this room's own SQLite.
 *
 * Hibernation is on, so nothing authoritative may live only in memory.
 */
export class AudienceRoom extends Server<Env> {
  static override options = { hibernate: true };

  override onConnect(connection: Connection, _ctx: ConnectionContext): void {
    send(connection, {
      type: 'welcome',
      room: this.name,
      connectionId: connection.id,
      connections: [...this.getConnections()].length,
    });
  }

  override onMessage(connection: Connection, message: WSMessage): void {
    const parsed = typeof message === 'string' ? parseJson(message) : undefined;
    const result = RoomClientMessageSchema.safeParse(parsed);
    if (!result.success) {
      send(connection, {
        type: 'error',
        code: 'invalid_message',
        message: 'Message is not a valid room message',
      });
      return;
    }
    switch (result.data.type) {
      case 'ping':
        send(connection, { type: 'pong', nonce: result.data.nonce });
        return;
    }
  }

  /**
   * RPC used by /api/health: proves the object can be reached and that its storage writes and
   * reads back.
   */
  async ping(nonce: string): Promise<{ room: string; nonce: string; connections: number }> {
    await this.ctx.storage.put('health:lastPing', nonce);
    const stored = await this.ctx.storage.get<string>('health:lastPing');
    if (stored !== nonce)
      throw new Error('AudienceRoom storage did not read back what was written');
    return { room: this.name, nonce: stored, connections: [...this.getConnections()].length };
  }
}

function send(connection: Connection, message: RoomServerMessage): void {
  connection.send(JSON.stringify(message));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
