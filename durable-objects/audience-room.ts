import { z } from 'zod';
import { Server, type Connection, type ConnectionContext, type WSMessage } from 'partyserver';
import { can, isRole, type Role } from '../core/auth/permissions';
import {
  RoomClientMessageSchema,
  RoomCloseCode,
  type RoomServerMessage,
} from '../core/contracts/room-messages';
import { currentRoleOf } from '../worker/auth/still-authorised';
import { getDb } from '../worker/deps';
import { ROOM_IDENTITY_HEADERS } from '../worker/rooms';

/** Per-connection identity, kept in the socket's attachment so it survives hibernation. */
interface Seat {
  actor: string;
  orgId: string;
  role: Role;
  readOnly: boolean;
  verifiedAt: number;
}

/** How long a connection's membership check is trusted before the next message re-checks it. */
const ReverifySchema = z.coerce.number().int().nonnegative().catch(10_000);

/**
 * One room per audience draft (PartyServer routes /parties/audience-room/<orgId>:<audienceId>
 * here, after the Worker has authorised the connection; see worker/rooms.ts). This is the
 * foundation: authorised connections, typed messages and a storage round trip. The live builder
 * adds the authoritative draft, op log and per-user undo on top, in this room's own SQLite.
 *
 * Hibernation is on, so nothing authoritative may live only in memory.
 */
export class AudienceRoom extends Server<Env> {
  static override options = { hibernate: true };

  override onConnect(connection: Connection<Seat>, ctx: ConnectionContext): void {
    const headers = ctx.request.headers;
    const actor = headers.get(ROOM_IDENTITY_HEADERS.actor);
    const orgId = headers.get(ROOM_IDENTITY_HEADERS.org);
    const role = headers.get(ROOM_IDENTITY_HEADERS.role);
    if (!actor || !orgId || !isRole(role)) {
      // Only reachable if someone bypassed the Worker's authorisation.
      connection.close(RoomCloseCode.unauthorised, 'unauthorised');
      return;
    }
    connection.setState({
      actor,
      orgId,
      role,
      readOnly: !can(role, 'audience:coedit'),
      verifiedAt: Date.now(),
    });
    send(connection, {
      type: 'welcome',
      room: this.name,
      connectionId: connection.id,
      connections: [...this.getConnections()].length,
      readOnly: !can(role, 'audience:coedit'),
    });
  }

  override async onMessage(connection: Connection<Seat>, message: WSMessage): Promise<void> {
    if (!(await this.stillAuthorised(connection))) return;
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
   * A member removed from the organisation (or a revoked token) is disconnected at their next
   * message; a changed role takes effect the same way.
   */
  private async stillAuthorised(connection: Connection<Seat>): Promise<boolean> {
    const seat = connection.state;
    if (!seat) return false;
    if (Date.now() - seat.verifiedAt < ReverifySchema.parse(this.env.ROOM_REVERIFY_MS)) return true;
    const role = await currentRoleOf(getDb(this.env), seat.actor, seat.orgId, new Date());
    if (!role || !can(role, 'audience:view')) {
      connection.close(RoomCloseCode.forbidden, 'access revoked');
      return false;
    }
    connection.setState({
      ...seat,
      role,
      readOnly: !can(role, 'audience:coedit'),
      verifiedAt: Date.now(),
    });
    return true;
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
