// Usage: node --import tsx dev/uid2/cli.ts [--port 8792] [--host 127.0.0.1] [--quiet]
// Prints the URL, logs one JSON line per request to stderr, stops on SIGINT / SIGTERM.
import { parseArgs } from 'node:util';
import { startUid2Simulator } from './index';

const USAGE = `Usage: node --import tsx dev/uid2/cli.ts [options]
  --port <n>          port to listen on (default 8792, 0 = any free port)
  --host <addr>       address to bind (default 127.0.0.1)
  --quiet             no request log
  -h, --help          show this help`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port ?? 8792);
  if (!Number.isInteger(port) || port < 0) throw new Error('--port expects a non-negative integer');
  const sim = await startUid2Simulator({
    port,
    host: values.host,
    log: values.quiet
      ? undefined
      : (entry) =>
          process.stderr.write(
            `${JSON.stringify({ time: new Date().toISOString(), service: 'uid2-sim', ...entry })}\n`,
          ),
  });
  process.stdout.write(`${sim.url}\n`);
  const stop = (): void => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`uid2-sim: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
  process.exit(1);
});
