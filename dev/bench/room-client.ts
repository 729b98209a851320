// A co-editor for `npm run bench:room`: a raw WebSocket to the AudienceRoom carrying a member's
// session cookie, holding its draft exactly as the app does (core/room/client-state.ts: the room's
// snapshot plus the accepted ops, with its own pending ops rebased on top).
import WebSocket from 'ws';
import {
  RoomServerMessageSchema,
  type RoomClientMessage,
  type RoomServerMessage,
} from '../../core/contracts/room-messages';
import {
  applyLocal,
  applyRemote,
  applySnapshot,
  clientDraft,
  dropPending,
  type ClientDraft,
} from '../../core/room/client-state';
import type { Op } from '../../core/room/ops';

/** Hears every accepted op a client receives, with the moment it was received. */
export type OnApplied = (
  receiver: RoomClient,
  entry: Extract<RoomServerMessage, { type: 'applied' }>['entry'],
  at: number,
) => void;

/**
 * The clients of one bench share a process, and every broadcast reaches all of them as the same
 * frame: each distinct frame is validated once, so the clients' own CPU (which the room would not
 * share in real life: each person has their own browser) does not crowd out the room's.
 */
const parsedFrames = new Map<string, RoomServerMessage>();

function parseFrame(text: string): RoomServerMessage {
  let message = parsedFrames.get(text);
  if (!message) {
    message = RoomServerMessageSchema.parse(JSON.parse(text));
    parsedFrames.set(text, message);
    if (parsedFrames.size > 512) parsedFrames.delete(parsedFrames.keys().next().value!);
  }
  return message;
}

interface Waiter {
  matches: (message: RoomServerMessage) => boolean;
  resolve: (message: RoomServerMessage) => void;
}

export class RoomClient {
  draft: ClientDraft | undefined;
  readonly counts = { applied: 0, rejected: 0, gaps: 0, errors: 0, sizes: 0, saved: 0 };
  readonly errorCodes = new Map<string, number>();
  readonly rejectionCodes = new Map<string, number>();
  closed: { code: number; reason: string } | undefined;
  private waiters: Waiter[] = [];
  private nextOp = 0;

  private constructor(
    readonly name: string,
    private readonly socket: WebSocket,
    private readonly onApplied: OnApplied,
  ) {
    socket.on('message', (data) => this.receive(String(data)));
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
  }

  /** Opens the socket, says hello and resolves once the room's snapshot is in. */
  static async join(
    url: string,
    cookie: string,
    name: string,
    onApplied: OnApplied = () => {},
    timeoutMs = 10_000,
  ): Promise<RoomClient> {
    const socket = new WebSocket(url, { headers: { cookie } });
    // Listen before the socket opens: the welcome can arrive with the upgrade response.
    const client = new RoomClient(name, socket, onApplied);
    const welcome = client.next((m) => m.type === 'welcome', timeoutMs);
    welcome.catch(() => {}); // awaited below, unless the upgrade fails first
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`${name}: upgrade refused with ${response.statusCode}`)),
      );
    });
    await welcome;
    const snapshot = client.next((m) => m.type === 'snapshot', timeoutMs);
    client.send({ type: 'hello', since: null });
    await snapshot;
    return client;
  }

  /**
   * Applies the op to the view at once and sends it; returns its clientOpId and the moment it went
   * out (taken just before the frame is written, after the local apply).
   */
  sendOp(op: Op): { clientOpId: string; sentAt: number } {
    if (!this.draft) throw new Error(`${this.name} has no draft yet`);
    const clientOpId = `${this.name}-${++this.nextOp}`;
    this.draft = applyLocal(this.draft, { clientOpId, op });
    const frame = JSON.stringify({ type: 'op', clientOpId, op } satisfies RoomClientMessage);
    const sentAt = performance.now();
    this.socket.send(frame);
    return { clientOpId, sentAt };
  }

  send(message: RoomClientMessage): void {
    this.socket.send(JSON.stringify(message));
  }

  /** The next message (from now on) that `matches`; rejects after `timeoutMs`. */
  next<T extends RoomServerMessage>(
    matches: (message: RoomServerMessage) => message is T,
    timeoutMs: number,
  ): Promise<T>;
  next(
    matches: (message: RoomServerMessage) => boolean,
    timeoutMs: number,
  ): Promise<RoomServerMessage>;
  next(matches: (message: RoomServerMessage) => boolean, timeoutMs: number) {
    return new Promise<RoomServerMessage>((resolve, reject) => {
      const waiter: Waiter = { matches, resolve };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.name}: no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      waiter.resolve = (message) => {
        clearTimeout(timer);
        resolve(message);
      };
      this.waiters.push(waiter);
    });
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close(1000, 'bench done');
    });
  }

  private receive(text: string) {
    const at = performance.now();
    const message = parseFrame(text);
    switch (message.type) {
      case 'snapshot':
        this.draft = this.draft
          ? applySnapshot(this.draft, message.definition, message.seq)
          : clientDraft(message.definition, message.seq);
        break;
      case 'applied': {
        // Entries broadcast before this client's snapshot are already in it.
        if (!this.draft) break;
        this.counts.applied++;
        this.onApplied(this, message.entry, at);
        const next = applyRemote(this.draft, message.entry);
        // A gap or an entry that does not apply: the app would resync; the bench counts it.
        if (next) this.draft = next;
        else this.counts.gaps++;
        break;
      }
      case 'rejected':
        this.counts.rejected++;
        this.rejectionCodes.set(message.code, (this.rejectionCodes.get(message.code) ?? 0) + 1);
        if (this.draft) this.draft = dropPending(this.draft, message.clientOpId);
        break;
      case 'error':
        this.counts.errors++;
        this.errorCodes.set(message.code, (this.errorCodes.get(message.code) ?? 0) + 1);
        break;
      case 'sizes':
        this.counts.sizes++;
        break;
      case 'saved':
        this.counts.saved++;
        break;
    }
    for (const waiter of this.waiters.filter((w) => w.matches(message))) {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(message);
    }
  }
}
