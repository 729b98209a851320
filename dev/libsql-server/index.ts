// Local stand-in for Turso: a libSQL server speaking Hrana over HTTP (JSON), backed by a SQLite
// file through the libsql engine. See docs/decisions/0002-local-libsql-server.md.
export {
  startLibsqlServer,
  ServerStartError,
  type LibsqlServer,
  type LibsqlServerOptions,
} from './server';
export { jsonLineLogger, type LogEntry, type Logger } from './log';
