import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../dev/ports';
import { ROOT, startStack } from '../dev/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    uid2Url: string;
    ttdUrl: string;
  }
}

/**
 * Starts the product exactly as `npm start` does (same startStack), on free ports with a fresh data
 * directory, and stops all of it afterwards. The Remix build is reused when `npm test` has just
 * made it.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'p360-e2e-'));
  const output: string[] = [];
  const stack = await startStack({
    host: '127.0.0.1',
    port: await freePort(),
    libsqlPort: await freePort(),
    dataDir,
    build: process.env.E2E_BUILD === '1' || !existsSync(resolve(ROOT, 'build/server/index.js')),
    // E2E_LOG=<file> keeps the stack's output (the Worker's logs) for a look afterwards.
    out: (line) => {
      output.push(line);
      if (process.env.E2E_LOG) appendFileSync(process.env.E2E_LOG, `${line}\n`);
    },
    vars: {
      // The smallest parts R2 accepts, so the resume journey's multi-part file stays small.
      UPLOAD_PART_BYTES: String(5 * 1024 * 1024),
      // Every browser here signs in from 127.0.0.1, and the journeys sign in more than the
      // default 10 a minute between them; the limit itself is tested in the workers tier.
      SIGNIN_ATTEMPTS_PER_MINUTE: '200',
    },
  }).catch((error: unknown) => {
    console.error(output.slice(-40).join('\n'));
    throw error;
  });
  project.provide('appUrl', stack.url);
  project.provide('uid2Url', stack.uid2Url);
  project.provide('ttdUrl', stack.ttdUrl);
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
