// Usage: node --import tsx dev/bombora/cli.ts [--port 8791] [--host 127.0.0.1] [--week YYYY-MM-DD]
// Prints the URL, logs one JSON line per request to stderr, stops on SIGINT / SIGTERM.
import { parseArgs } from 'node:util';
import { startBomboraSimulator } from './index';

const USAGE = `Usage: node --import tsx dev/bombora/cli.ts [options]
  --port <n>          port to listen on (default 8791, 0 = any free port)
  --host <addr>       address to bind (default 127.0.0.1)
  --week <date>       serve the dataset of this week (Monday, YYYY-MM-DD; default: this week)
  --quiet             no request log
  -h, --help          show this help`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      week: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port ?? 8791);
  if (!Number.isInteger(port) || port < 0) throw new Error('--port expects a non-negative integer');
  const sim = await startBomboraSimulator({
    port,
    host: values.host,
    config: values.week ? { week: values.week } : undefined,
    log: values.quiet
      ? undefined
      : (entry) =>
          process.stderr.write(
            `${JSON.stringify({ time: new Date().toISOString(), service: 'bombora-sim', ...entry })}\n`,
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
  process.stderr.write(`bombora-sim: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
  process.exit(1);
});
