// `npm start`: the whole product on this machine, ready at a printed URL. Ctrl-C / SIGTERM stops
// everything it started.
import { resolve } from 'node:path';
import { DEMO_USERS } from './seed';
import { seedDemoAudiences } from './seed-audiences';
import { seedDemoBombora } from './seed-bombora';
import { seedDemoUploads } from './seed-uploads';
import { ROOT, startStack } from './stack';

const host = '127.0.0.1';
const port = Number(process.env.PORT ?? 8787);
const libsqlPort = Number(process.env.LIBSQL_PORT ?? port + 1);
const bomboraPort = Number(process.env.BOMBORA_PORT ?? 8791);
const uid2Port = Number(process.env.UID2_PORT ?? 8792);
const ttdPort = Number(process.env.TTD_PORT ?? 8793);
const started = performance.now();

try {
  const stack = await startStack({
    host,
    port,
    libsqlPort,
    bomboraPort,
    uid2Port,
    ttdPort,
    dataDir: resolve(ROOT, process.env.DATA_DIR ?? '.data'),
    build: process.env.SKIP_BUILD !== '1',
    out: (line) => console.log(line),
  });
  const dataDir = resolve(ROOT, process.env.DATA_DIR ?? '.data');
  // The demo lists make the first screens useful; the product runs without them.
  await seedDemoUploads(stack.url, dataDir).then(
    (seeded) => seeded && console.log(`Imported ${seeded} demo lists into Northwind Demo.`),
    (error: unknown) => console.warn(`Could not import the demo lists: ${String(error)}`),
  );
  await seedDemoAudiences(stack.url).then(
    (seeded) => seeded && console.log(`Built ${seeded} demo audiences in Northwind Demo.`),
    (error: unknown) => console.warn(`Could not build the demo audiences: ${String(error)}`),
  );
  await seedDemoBombora(stack.url).then(
    (rows) =>
      rows && console.log(`Connected Northwind Demo to Bombora (simulator): ${rows} intent rows.`),
    (error: unknown) => console.warn(`Could not connect the demo to Bombora: ${String(error)}`),
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    [
      '',
      `  P360 Audiences is ready in ${seconds} s  (${Object.entries(stack.timings)
        .map(([k, v]) => `${k} ${v} ms`)
        .join(', ')})`,
      '',
      `  App            ${stack.url}`,
      `  Health         ${stack.url}/api/health`,
      `  libSQL (Turso) ${stack.libsqlUrl}`,
      `  Bombora (sim)  ${stack.bomboraUrl}`,
      `  UID2 (sim)     ${stack.uid2Url}`,
      `  TTD (sim)      ${stack.ttdUrl}  (segments: /__sim/segments?advertiserId=p360local)`,
      `  Cron jobs      ${stack.url}/__scheduled?cron=<expression>`,
      `  Dev mailbox    ${stack.url}/dev/mail  (password resets and invitations land here)`,
      '',
      '  Demo sign-ins (organisation "Northwind Demo"):',
      ...DEMO_USERS.map((u) => `    ${u.role.padEnd(7)} ${u.email.padEnd(24)} ${u.password}`),
      '',
      '  Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}; stopping…`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));
  // npm 11 does not pass SIGTERM on to its script: it exits and leaves the script orphaned. Notice
  // the parent going away and stop, so `kill <npm pid>` never leaves workerd running.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown('Parent process exited');
  }, 500).unref();
} catch (error) {
  console.error(
    `\nCould not start P360 Audiences: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
