// Usage: tsx dev/libsql-server/cli.ts [--port 8788] [--host 127.0.0.1] [--db .data/p360.db]
//        [--token TOKEN] [--stream-idle-ms 10000] [--busy-timeout-ms 5000]
// Logs JSON lines to stdout; stops cleanly (open transactions rolled back) on SIGINT / SIGTERM.
import { parseArgs } from 'node:util';
import { startLibsqlServer } from './index';

const USAGE = `Usage: tsx dev/libsql-server/cli.ts [options]
  --port <n>              port to listen on (default 8788, 0 = any free port)
  --host <addr>           address to bind (default 127.0.0.1)
  --db <path>             SQLite file (default .data/p360.db; the directory is created)
  --token <token>         require "Authorization: Bearer <token>" (default: no auth)
  --stream-idle-ms <n>    close idle Hrana streams after n ms (default 10000)
  --busy-timeout-ms <n>   wait at most n ms for the write lock (default 5000)
  -h, --help              show this help`;

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} expects a non-negative integer`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      token: { type: 'string' },
      'stream-idle-ms': { type: 'string' },
      'busy-timeout-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const server = await startLibsqlServer({
    dbPath: values.db ?? '.data/p360.db',
    port: integer(values.port, '--port') ?? 8788,
    host: values.host,
    authToken: values.token,
    streamIdleMs: integer(values['stream-idle-ms'], '--stream-idle-ms'),
    busyTimeoutMs: integer(values['busy-timeout-ms'], '--busy-timeout-ms'),
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`libsql-server: failed to stop cleanly: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`libsql-server: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
  process.exit(1);
});
