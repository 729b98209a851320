// Hrana streams: one libSQL connection each, addressed by batons, closed by the client or expired
// after an idle period. Modelled on sqld's libsql-server/src/hrana/http/stream.rs.
import { BatonCodec, newSequence, newStreamId } from './batons';
import { openConnection, type Connection } from './connection';
import { ProtocolError, StreamExpiredError } from './errors';
import type { Logger } from './log';
import type { WriteGate } from './write-gate';

/** How long an expired stream's id is remembered, to answer "expired" rather than "invalid". */
const TOMBSTONE_MS = 5 * 60_000;

export class Stream {
  readonly sqls = new Map<number, string>();
  /** True while a request is using the stream. */
  acquired = true;
  /**
   * Set when a statement failed with SQLITE_BUSY*: the binding leaves such a statement active
   * (it cannot be reset without running it again), which would stop later autocommit statements
   * on this connection from committing. The connection is swapped for a fresh one as soon as it
   * is outside a transaction (see StreamRegistry.refresh).
   */
  poisoned = false;
  #conn: Connection | null;

  constructor(
    readonly id: string,
    conn: Connection,
    public seq: bigint,
    public lastUsed: number,
  ) {
    this.#conn = conn;
  }

  get closed(): boolean {
    return this.#conn === null;
  }

  /** The connection; a request on a closed stream is a protocol error (as in sqld). */
  get conn(): Connection {
    if (!this.#conn) throw new ProtocolError('Stream for this baton was closed');
    return this.#conn;
  }

  /** Detaches and returns the connection (the stream is closed afterwards). */
  take(): Connection | null {
    const conn = this.#conn;
    this.#conn = null;
    return conn;
  }

  replace(conn: Connection): Connection | null {
    const old = this.#conn;
    this.#conn = conn;
    return old;
  }
}

export interface StreamRegistryOptions {
  dbPath: string;
  idleMs: number;
  now: () => number;
  gate: WriteGate;
  log: Logger;
}

export class StreamRegistry {
  readonly #streams = new Map<string, Stream>();
  readonly #expired = new Map<string, number>();
  readonly #batons = new BatonCodec();
  readonly #opts: StreamRegistryOptions;

  constructor(opts: StreamRegistryOptions) {
    this.#opts = opts;
  }

  get size(): number {
    return this.#streams.size;
  }

  /** A new stream with its own connection, already acquired by the calling request. */
  open(): Stream {
    const stream = new Stream(
      newStreamId(),
      openConnection(this.#opts.dbPath),
      newSequence(),
      this.#opts.now(),
    );
    this.#streams.set(stream.id, stream);
    return stream;
  }

  /** Looks up the stream for a baton and marks it as in use. */
  acquire(baton: string): Stream {
    const payload = this.#batons.decode(baton);
    if (!payload) throw new ProtocolError('Received an invalid baton');
    const stream = this.#streams.get(payload.streamId);
    if (!stream) {
      if (this.#expired.has(payload.streamId)) throw new StreamExpiredError();
      throw new ProtocolError('Received an invalid baton');
    }
    if (stream.acquired || stream.seq !== payload.seq) {
      throw new ProtocolError('Received a baton that has already been used');
    }
    stream.acquired = true;
    return stream;
  }

  /** Ends a request on the stream; returns the baton for the next one (null once closed). */
  release(stream: Stream): string | null {
    stream.acquired = false;
    if (stream.closed) return null;
    this.refresh(stream);
    stream.lastUsed = this.#opts.now();
    stream.seq = BigInt.asUintN(64, stream.seq + 1n);
    return this.#batons.encode({ streamId: stream.id, seq: stream.seq });
  }

  /** Swaps a poisoned connection for a fresh one once it is outside a transaction. */
  refresh(stream: Stream): void {
    if (!stream.poisoned || stream.closed || stream.conn.inTransaction) return;
    const old = stream.replace(openConnection(this.#opts.dbPath));
    stream.poisoned = false;
    closeQuietly(old);
    this.#opts.log({ event: 'connection_replaced', stream: stream.id, reason: 'busy' });
  }

  /** Closes the stream: rolls back an open transaction, frees the write gate and the connection. */
  close(stream: Stream, reason: string): void {
    const conn = stream.take();
    this.#streams.delete(stream.id);
    if (!conn) return;
    const rolledBack = rollbackQuietly(conn);
    this.#opts.gate.release(stream.id);
    closeQuietly(conn);
    // Closing at the client's request is routine (every execute() does it); log the rest.
    if (reason !== 'client' || rolledBack) {
      this.#opts.log({ event: 'stream_closed', stream: stream.id, reason, rolledBack });
    }
  }

  /** Expires streams idle for longer than the idle timeout (not those serving a request). */
  sweep(): void {
    const now = this.#opts.now();
    for (const stream of this.#streams.values()) {
      if (!stream.acquired && now - stream.lastUsed > this.#opts.idleMs) {
        this.close(stream, 'expired');
        this.#expired.set(stream.id, now);
      }
    }
    for (const [id, at] of this.#expired) {
      if (now - at > TOMBSTONE_MS) this.#expired.delete(id);
    }
  }

  closeAll(reason: string): void {
    for (const stream of [...this.#streams.values()]) this.close(stream, reason);
  }
}

function rollbackQuietly(conn: Connection): boolean {
  try {
    if (!conn.inTransaction) return false;
    conn.exec('ROLLBACK');
    return true;
  } catch {
    return false; // closing the connection rolls back anyway
  }
}

function closeQuietly(conn: Connection | null): void {
  try {
    conn?.close();
  } catch {
    // already closed
  }
}
