// The write gate: an asynchronous FIFO mutex that mirrors SQLite's single write lock in JS.
//
// Why: libsql calls are synchronous and every stream has its own SQLite connection in this one
// process. If stream B waited for the SQLite lock inside SQLite (busy_timeout), it would block the
// event loop, so stream A, which holds the lock, could never get its COMMIT processed: a deadlock
// until the timeout. With busy_timeout = 0 instead, B would fail at once with SQLITE_BUSY where
// Turso would have waited. So a stream takes this gate *before* running anything that can write
// (or a BEGIN) and keeps it while its connection is inside a transaction; waiters are parked as
// promises, the event loop stays free, and SQLite itself never sees lock contention from us.
// Reads never take the gate: with WAL they run beside a writer, exactly as on Turso.

export class GateTimeoutError extends Error {
  override name = 'GateTimeoutError';
}

interface Waiter {
  owner: string;
  resolve: () => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class WriteGate {
  #holder: string | null = null;
  #waiters: Waiter[] = [];

  get holder(): string | null {
    return this.#holder;
  }

  get waiting(): number {
    return this.#waiters.length;
  }

  holds(owner: string): boolean {
    return this.#holder === owner;
  }

  /** Resolves once `owner` holds the gate; rejects with GateTimeoutError after `timeoutMs`. */
  acquire(owner: string, timeoutMs: number): Promise<void> {
    if (this.#holder === null || this.#holder === owner) {
      this.#holder = owner;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        owner,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters = this.#waiters.filter((w) => w !== waiter);
          reject(new GateTimeoutError(`write lock not acquired within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.#waiters.push(waiter);
    });
  }

  /** Releases the gate if `owner` holds it and hands it to the longest waiter. */
  release(owner: string): void {
    if (this.#holder !== owner) return;
    this.#holder = null;
    const next = this.#waiters.shift();
    if (next) {
      clearTimeout(next.timer);
      this.#holder = next.owner;
      next.resolve();
    }
  }

  /** Fails every waiter (server shutdown). */
  rejectAll(error: Error): void {
    for (const waiter of this.#waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}
