// Opening libSQL connections. Each Hrana stream gets its own connection (as in sqld), so an
// interactive transaction on one stream is isolated from the others by SQLite itself.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'libsql';

export type Connection = Database.Database;
export type Statement = Database.Statement;

/** Opens a connection for a stream. */
export function openConnection(dbPath: string): Connection {
  // busy timeout 0: SQLite must never sleep inside a synchronous call on the event loop thread
  // (see write-gate.ts). libSQL enables foreign keys by default, as Turso does.
  const conn = new Database(dbPath, { timeout: 0 });
  // WAL + NORMAL is durable across application crashes; plenty for a local stand-in.
  conn.exec('PRAGMA synchronous = NORMAL');
  return conn;
}

/**
 * Creates the database directory, switches the file to WAL (persistent, so readers and a writer on
 * different streams do not block each other) and returns a connection that the server keeps open
 * for its whole life, so the WAL is not checkpointed away and rebuilt whenever the last stream
 * closes.
 */
export function openDatabase(dbPath: string): Connection {
  mkdirSync(dirname(resolve(dbPath)), { recursive: true });
  const conn = openConnection(dbPath);
  const [mode] = conn.prepare('PRAGMA journal_mode = WAL').raw(true).get() as [string];
  if (mode.toLowerCase() !== 'wal') {
    conn.close();
    throw new Error(`Could not switch ${dbPath} to WAL mode (journal_mode is ${mode})`);
  }
  return conn;
}
