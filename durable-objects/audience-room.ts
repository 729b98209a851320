import { z } from 'zod';
import { Server, type Connection, type ConnectionContext, type WSMessage } from 'partyserver';
import { can, isRole, type Role } from '../core/auth/permissions';
import type { Definition } from '../core/audience/definition';
import {
  MAX_CLIENT_MESSAGE_BYTES,
  RoomClientMessageSchema,
  RoomCloseCode,
  type RoomClientMessage,
  type RoomServerMessage,
} from '../core/contracts/room-messages';
import { colorFor, TokenBucket } from '../core/room/presence';
import {
  publicEntry,
  RoomState,
  type Author,
  type Outcome,
  type StoredEntry,
} from '../core/room/room-state';
import { currentRoleOf } from '../worker/auth/still-authorised';
import { TenantDb } from '../worker/db/tenant-db';
import { buildDeps, getDb, rootLogger } from '../worker/deps';
import { AppError } from '../worker/lib/errors';
import { errorFields } from '../worker/lib/log';
import { ROOM_IDENTITY_HEADERS } from '../worker/rooms';
import {
  draftSizes,
  loadDraft,
  saveRoomVersion,
  writeDraft,
} from '../worker/services/audience-room';
import { RoomStorage } from './room-storage';

/** Per-connection identity, kept in the socket's attachment so it survives hibernation. */
interface Seat {
  actor: string;
  name: string;
  orgId: string;
  role: Role;
  readOnly: boolean;
  canPublish: boolean;
  color: string;
  verifiedAt: number;
  /** Said hello and got the draft: from then on it receives every accepted op. */
  synced: boolean;
}

/** How long a connection's membership check is trusted before the next message re-checks it. */
const ReverifySchema = z.coerce.number().int().nonnegative().catch(10_000);
/** Quiet time after the last op before the room counts sizes, and before it autosaves. */
const SIZES_DEBOUNCE_MS = 150;
const AUTOSAVE_DEBOUNCE_MS = 1000;
/** In a room that never pauses, sizes and autosave still happen at least this often. */
const SIZES_MAX_WAIT_MS = 500;
const AUTOSAVE_MAX_WAIT_MS = 5000;
const PRESENCE_THROTTLE_MS = 50;

/**
 * One room per audience draft: PartyServer routes /parties/audience-room/<orgId>:<audienceId>
 * here after the Worker has authorised the connection (worker/rooms.ts). The room is the single
 * writer of the draft — it applies ops with core/room/room-state.ts, persists the draft, the op log
 * and every user's undo stacks in its own SQLite (so they survive hibernation and eviction),
 * broadcasts accepted ops, counts sizes after edits settle and autosaves the draft to Turso.
 * Presence (selections, cursors) lives in memory only.
 */
export class AudienceRoom extends Server<Env> {
  static override options = { hibernate: true };

  private state!: RoomState;
  private storage!: RoomStorage;
  private missing = false;
  private presence = new Map<
    string,
    { selection: string[]; cursor: { x: number; y: number } | null }
  >();
  private buckets = new Map<string, TokenBucket>();
  private presenceTimer: ReturnType<typeof setTimeout> | undefined;
  private sizesTimer: ReturnType<typeof setTimeout> | undefined;
  private sizesWantedSince: number | undefined;
  /** Edits not yet in Turso: since when, and the latest (memory only; after a wake, save now). */
  private firstUnsavedAt: number | undefined;
  private lastEditAt = 0;
  private alarmAt: number | undefined;
  private counting = false;
  private lastSizes: Extract<RoomServerMessage, { type: 'sizes' }> | undefined;
  private lastEditor: string | null = null;
  private inbox: Promise<void> = Promise.resolve();

  private get orgId() {
    return this.name.slice(0, this.name.indexOf(':'));
  }
  private get audienceId() {
    return this.name.slice(this.name.indexOf(':') + 1);
  }

  override async onStart(): Promise<void> {
    this.storage = new RoomStorage(this.ctx.storage.sql);
    const stored = this.storage.load();
    if (stored) {
      this.state = stored;
      return;
    }
    // First time this room opens: start from the audience's stored draft.
    if (!this.name.includes(':')) {
      this.missing = true;
      return;
    }
    const draft = await loadDraft(this.tenant(), this.audienceId);
    if (!draft) {
      this.missing = true;
      return;
    }
    this.state = new RoomState(draft, 0, []);
    this.storage.saveDraft(this.state);
  }

  /** Each connection is tagged with its actor, so one person's tabs are found without a scan. */
  override getConnectionTags(_connection: Connection, ctx: ConnectionContext): string[] {
    const actor = ctx.request.headers.get(ROOM_IDENTITY_HEADERS.actor);
    return actor ? [actor] : [];
  }

  override onConnect(connection: Connection<Seat>, ctx: ConnectionContext): void {
    const headers = ctx.request.headers;
    const actor = headers.get(ROOM_IDENTITY_HEADERS.actor);
    const orgId = headers.get(ROOM_IDENTITY_HEADERS.org);
    const role = headers.get(ROOM_IDENTITY_HEADERS.role);
    if (!actor || !orgId || !isRole(role) || orgId !== this.orgId) {
      // Only reachable if someone bypassed the Worker's authorisation.
      connection.close(RoomCloseCode.unauthorised, 'unauthorised');
      return;
    }
    if (this.missing) {
      connection.close(RoomCloseCode.notFound, 'no such audience');
      return;
    }
    const seat: Seat = {
      actor,
      name: decodeURIComponent(headers.get(ROOM_IDENTITY_HEADERS.name) ?? '') || 'Someone',
      orgId,
      role,
      readOnly: !can(role, 'audience:coedit'),
      canPublish: can(role, 'audience:publish'),
      color: colorFor(actor),
      verifiedAt: Date.now(),
      synced: false,
    };
    connection.setState(seat);
    void this.scheduleAlarm(this.reverifyMs());
    send(connection, {
      type: 'welcome',
      room: this.name,
      connectionId: connection.id,
      connections: [...this.getConnections()].length,
      readOnly: seat.readOnly,
      actor,
      canPublish: seat.canPublish,
    });
  }

  /**
   * Messages are handled one at a time, in arrival order. Handling awaits (the membership
   * re-check), and the runtime delivers the next message meanwhile: without this queue an undo
   * could overtake the op it should undo.
   */
  override onMessage(connection: Connection<Seat>, message: WSMessage): Promise<void> {
    const run = () => this.receive(connection, message);
    this.inbox = this.inbox.then(run, run);
    return this.inbox;
  }

  private async receive(connection: Connection<Seat>, message: WSMessage): Promise<void> {
    if (typeof message !== 'string' || message.length > MAX_CLIENT_MESSAGE_BYTES) {
      connection.close(RoomCloseCode.tooLarge, 'message too large');
      return;
    }
    const bucket = this.bucketOf(connection.id);
    if (!bucket.take(Date.now())) {
      if (bucket.dropped > 500) connection.close(RoomCloseCode.rateLimited, 'too many messages');
      else if (bucket.dropped % 50 === 1)
        sendError(connection, 'rate_limited', 'Too many messages: some were dropped');
      return;
    }
    if (!(await this.stillAuthorised(connection))) return;
    const parsed = RoomClientMessageSchema.safeParse(parseJson(message));
    if (!parsed.success) {
      sendError(connection, 'invalid_message', 'Message is not a valid room message');
      return;
    }
    await this.handle(connection, connection.state!, parsed.data);
  }

  override onClose(connection: Connection<Seat>): void {
    this.presence.delete(connection.id);
    this.buckets.delete(connection.id);
    this.schedulePresence();
  }

  private async handle(connection: Connection<Seat>, seat: Seat, message: RoomClientMessage) {
    const author: Author = { actor: seat.actor, name: seat.name };
    const now = Date.now();
    switch (message.type) {
      case 'ping':
        return send(connection, { type: 'pong', nonce: message.nonce });
      case 'hello':
        return this.greet(connection, seat, message.since);
      case 'presence':
        this.presence.set(connection.id, { selection: message.selection, cursor: message.cursor });
        return this.schedulePresence();
      case 'history': {
        const page = this.state.history(message.before, message.limit);
        return send(connection, {
          type: 'history',
          entries: page.entries.map(publicEntry),
          oldestSeq: this.state.oldestSeq,
          hasMore: page.hasMore,
        });
      }
      case 'save_version':
        // Not awaited: counting and writing a version must not hold up everyone's edits.
        void this.saveVersion(connection, seat, message.note).catch((error: unknown) =>
          this.failed(connection, 'room.save_version_failed', error),
        );
        return;
    }
    if (seat.readOnly) {
      send(connection, {
        type: 'rejected',
        clientOpId: message.clientOpId,
        code: 'read_only',
        reason: 'Your role can view this audience but not edit it',
      });
      return;
    }
    const outcome =
      message.type === 'op'
        ? this.state.submit(author, message.op, message.clientOpId, now)
        : message.type === 'restore'
          ? this.state.restore(author, message.seq, message.clientOpId, now)
          : this.state[message.type](author, message.clientOpId, now);
    this.settle(connection, seat, message, outcome);
  }

  /** Persists an outcome, tells the sender (or everyone), and schedules sizes and autosave. */
  private settle(
    connection: Connection<Seat>,
    seat: Seat,
    message: Extract<RoomClientMessage, { clientOpId: string }>,
    outcome: Outcome,
  ) {
    switch (outcome.kind) {
      case 'rejected':
        send(connection, {
          type: 'rejected',
          clientOpId: message.clientOpId,
          code: outcome.code,
          reason: outcome.reason,
        });
        return;
      case 'nothing':
        sendError(connection, 'nothing_to_do', outcome.reason);
        return;
      case 'duplicate':
        return;
      case 'skipped':
        this.storage.saveStacks(seat.actor, this.state.stacksOf(seat.actor));
        send(connection, {
          type: 'skipped',
          clientOpId: message.clientOpId,
          action: message.type === 'redo' ? 'redo' : 'undo',
          code: outcome.code,
          reason: outcome.reason,
        });
        this.sendStacks(seat.actor);
        return;
      case 'applied':
        this.storage.saveApplied(this.state, outcome, seat.actor);
        this.lastEditor = seat.actor;
        this.broadcastApplied(outcome.entry);
        this.sendStacks(seat.actor);
        this.edited();
    }
  }

  private greet(connection: Connection<Seat>, seat: Seat, since: number | null) {
    connection.setState({ ...seat, synced: true });
    const entries = since === null ? undefined : this.state.entriesSince(since);
    if (entries) send(connection, { type: 'catch_up', entries: entries.map(publicEntry) });
    else
      send(connection, {
        type: 'snapshot',
        seq: this.state.seq,
        definition: this.state.definition,
      });
    this.sendStacks(seat.actor, connection);
    this.schedulePresence();
    if (this.lastSizes?.seq === this.state.seq) send(connection, this.lastSizes);
    else this.scheduleSizes(0);
  }

  /**
   * An accepted op goes to every connection that has the draft; one still joining gets it in its
   * catch-up instead (so no client ever sees a gap in the sequence).
   */
  private broadcastApplied(entry: StoredEntry) {
    const message = JSON.stringify({ type: 'applied', entry: publicEntry(entry) });
    for (const c of this.getConnections<Seat>()) if (c.state?.synced) c.send(message);
  }

  private sendStacks(actor: string, only?: Connection<Seat>) {
    const stacks = this.state.stacksOf(actor);
    const message: RoomServerMessage = {
      type: 'stacks',
      undo: stacks.undo.length,
      redo: stacks.redo.length,
      nextUndo: stacks.undo.at(-1)?.summary ?? null,
      nextRedo: stacks.redo.at(-1)?.summary ?? null,
    };
    const targets = only ? [only] : this.getConnections<Seat>(actor);
    for (const c of targets) if (c.state?.actor === actor) send(c, message);
  }

  private schedulePresence() {
    this.presenceTimer ??= setTimeout(() => {
      this.presenceTimer = undefined;
      const peers = [...this.getConnections<Seat>()].flatMap((c) => {
        const seat = c.state;
        if (!seat) return [];
        const live = this.presence.get(c.id);
        return [
          {
            connectionId: c.id,
            actor: seat.actor,
            name: seat.name,
            color: seat.color,
            readOnly: seat.readOnly,
            selection: live?.selection ?? [],
            cursor: live?.cursor ?? null,
          },
        ];
      });
      this.broadcast(JSON.stringify({ type: 'presence', peers }));
    }, PRESENCE_THROTTLE_MS);
  }

  /**
   * Counts all node sizes once edits have settled. Never blocks edits; a count that finishes after
   * the draft moved on is discarded and the newer draft counted instead.
   */
  private scheduleSizes(delay = SIZES_DEBOUNCE_MS) {
    const now = Date.now();
    this.sizesWantedSince ??= now;
    if (this.sizesTimer !== undefined && now - this.sizesWantedSince >= SIZES_MAX_WAIT_MS) return;
    clearTimeout(this.sizesTimer);
    this.sizesTimer = setTimeout(() => {
      this.sizesTimer = undefined;
      this.sizesWantedSince = undefined;
      void this.countSizes();
    }, delay);
  }

  /** After an accepted op: sizes once edits settle, autosave once they pause (both bounded). */
  private edited() {
    const now = Date.now();
    this.lastEditAt = now;
    this.firstUnsavedAt ??= now;
    this.scheduleSizes();
    void this.scheduleAlarm(AUTOSAVE_DEBOUNCE_MS);
  }

  private async countSizes() {
    if (this.counting) return; // the running count re-checks the seq when it finishes
    this.counting = true;
    const seq = this.state.seq;
    try {
      const result = await draftSizes(
        this.deps(),
        this.tenant(),
        this.audienceId,
        this.state.definition,
      );
      if (seq !== this.state.seq) return;
      this.lastSizes = {
        type: 'sizes',
        seq,
        valid: result.valid,
        total: result.total,
        nodes: result.nodes,
        issues: result.issues.map(({ nodeId, code, message }) => ({ nodeId, code, message })),
        countedAt: result.countedAt,
        durationMs: result.durationMs,
      };
      this.broadcast(JSON.stringify(this.lastSizes));
    } catch (error) {
      this.deps().log.error('room.sizes_failed', { room: this.name, ...errorFields(error) });
    } finally {
      this.counting = false;
      if (seq !== this.state.seq) this.scheduleSizes(0);
    }
  }

  /**
   * The alarm autosaves the draft once edits pause, and, while anyone is connected, re-checks
   * every connection's membership so a removed member is closed even if they never send again.
   */
  override async onAlarm(): Promise<void> {
    this.alarmAt = undefined;
    const now = Date.now();
    const unsaved = this.firstUnsavedAt;
    const resumeAt =
      unsaved === undefined
        ? now
        : Math.min(this.lastEditAt + AUTOSAVE_DEBOUNCE_MS, unsaved + AUTOSAVE_MAX_WAIT_MS);
    if (resumeAt > now) await this.scheduleAlarm(resumeAt - now);
    else await this.flush();
    const connections = [...this.getConnections<Seat>()];
    await Promise.all(connections.map((c) => this.stillAuthorised(c)));
    if (connections.length) await this.scheduleAlarm(this.reverifyMs());
  }

  /** Sets the alarm for `inMs` from now unless it is already due sooner. */
  private async scheduleAlarm(inMs: number) {
    const at = Date.now() + inMs;
    if (this.alarmAt !== undefined && this.alarmAt <= at) return;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
    this.alarmAt = Math.min(at, current ?? at);
  }

  /** How often idle connections are re-checked (never more than once a second). */
  private reverifyMs() {
    return Math.max(1000, ReverifySchema.parse(this.env.ROOM_REVERIFY_MS));
  }

  private async flush() {
    if (this.missing || this.storage.savedSeq() >= this.state.seq) return;
    const seq = this.state.seq;
    const userId = this.lastEditor?.startsWith('user:') ? this.lastEditor.slice(5) : null;
    const exists = await writeDraft(
      this.deps(),
      this.tenant(),
      this.audienceId,
      this.state.definition,
      userId,
    );
    if (!exists) {
      this.missing = true;
      for (const c of this.getConnections()) c.close(RoomCloseCode.notFound, 'audience deleted');
      return;
    }
    this.storage.setSavedSeq(seq);
    if (seq === this.state.seq) this.firstUnsavedAt = undefined;
    this.broadcast(JSON.stringify({ type: 'saved', seq, at: Date.now() }));
  }

  private async saveVersion(connection: Connection<Seat>, seat: Seat, note: string | undefined) {
    if (!seat.canPublish) {
      sendError(connection, 'forbidden', 'Your role cannot save versions');
      return;
    }
    const [kind, id] = seat.actor.split(':', 2);
    try {
      const version = await saveRoomVersion(
        this.deps(),
        this.tenant(),
        {
          type: kind === 'token' ? 'token' : 'user',
          id: id ?? null,
          requestId: null,
          ip: null,
          userAgent: null,
        },
        kind === 'user' ? (id ?? null) : null,
        this.audienceId,
        this.state.definition,
        note,
      );
      this.storage.setSavedSeq(this.state.seq);
      this.broadcast(
        JSON.stringify({
          type: 'version_saved',
          version: version.version,
          total: version.size,
          by: seat.name,
        }),
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const details = z
        .object({
          issues: z.array(z.object({ nodeId: z.string(), code: z.string(), message: z.string() })),
        })
        .safeParse(error.details);
      send(connection, {
        type: 'error',
        code: error.code,
        message: error.message,
        ...(details.success ? { issues: details.data.issues } : {}),
      });
    }
  }

  /**
   * The draft was changed through the REST API (PATCH /api/audiences/:id): it becomes an op in
   * this room, so live editors see it and nothing diverges.
   */
  async draftChangedOutside(definition: Definition, author: Author): Promise<void> {
    // PartyServer starts the room before the stub is handed out, but not before each RPC.
    if (!this.storage) await this.onStart();
    if (this.missing || JSON.stringify(definition) === JSON.stringify(this.state.definition))
      return;
    const outcome = this.state.submit(author, { kind: 'replace', definition }, null, Date.now());
    if (outcome.kind !== 'applied') return;
    this.storage.saveApplied(this.state, outcome, author.actor);
    this.storage.setSavedSeq(this.state.seq);
    this.broadcastApplied(outcome.entry);
    this.sendStacks(author.actor);
    this.scheduleSizes();
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
      canPublish: can(role, 'audience:publish'),
      verifiedAt: Date.now(),
    });
    return true;
  }

  private failed(connection: Connection<Seat>, event: string, error: unknown) {
    this.deps().log.error(event, { room: this.name, ...errorFields(error) });
    sendError(connection, 'internal', 'Something went wrong on our side; try again');
  }

  private bucketOf(id: string): TokenBucket {
    let bucket = this.buckets.get(id);
    if (!bucket) this.buckets.set(id, (bucket = new TokenBucket(60, 30)));
    return bucket;
  }

  /** A fresh client per use: the database client must not outlive the event that made it. */
  private deps() {
    return buildDeps(this.env, rootLogger(this.env, { room: this.name }));
  }

  private tenant() {
    return new TenantDb(getDb(this.env), this.orgId);
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

function sendError(connection: Connection, code: string, message: string): void {
  send(connection, { type: 'error', code, message });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
