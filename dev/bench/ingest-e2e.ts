// End-to-end half of `npm run bench:ingest`: a generated contacts CSV through the local stack
// exactly as a browser sends it — multipart upload in 16 MiB parts (three at a time) → R2 → chunk
// plan → INGEST queue → Turso — timing each stage and sampling the Worker's (workerd's) memory.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Upload } from '../../core/contracts/uploads';
import { FINGERPRINT_EDGE_BYTES, FINISHED_STATUSES } from '../../core/contracts/uploads';
import { freePort } from '../ports';
import { ROOT, startStack } from '../stack';

interface ChunkLog {
  rows: number;
  readMs: number;
  writeMs: number;
  totalMs: number;
}

export interface EndToEnd {
  e2e_seconds: number;
  upload_seconds: number;
  processing_seconds: number;
  turso_rows_per_s: number;
  worker_peak_rss_mb: number;
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  created: number;
  chunks: number;
  /** Per chunk, mean milliseconds: reading from R2, the Turso transaction, and all of it. */
  chunk_read_ms: number;
  chunk_write_ms: number;
  chunk_total_ms: number;
}

function readRange(fd: number, start: number, length: number): Uint8Array<ArrayBuffer> {
  const buffer = new Uint8Array(length);
  let read = 0;
  while (read < length) read += readSync(fd, buffer, read, length - read, start + read);
  return buffer;
}

const mean = (values: number[]) =>
  values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : 0;

function fingerprint(fd: number, size: number): string {
  const hash = createHash('sha256');
  if (size <= 2 * FINGERPRINT_EDGE_BYTES) hash.update(readRange(fd, 0, size));
  else {
    hash.update(readRange(fd, 0, FINGERPRINT_EDGE_BYTES));
    hash.update(readRange(fd, size - FINGERPRINT_EDGE_BYTES, FINGERPRINT_EDGE_BYTES));
  }
  return hash.digest('hex');
}

/** Resident memory (MiB) of the workerd processes in a process group, from /proc. */
function workerdRssMb(group: number): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== group) continue; // pgrp
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('workerd')) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'));
      if (rss) total += Number(rss[1]) / 1024;
    } catch {
      // the process exited while we looked
    }
  }
  return total;
}

export async function measureEndToEnd(
  path: string,
  log: (line: string) => void,
): Promise<EndToEnd> {
  const dataDir = mkdtempSync(join(tmpdir(), 'p360-bench-ingest-'));
  // The stack's last lines, shown when the run fails.
  const recent: string[] = [];
  const chunkLogs: ChunkLog[] = [];
  const stack = await startStack({
    host: '127.0.0.1',
    port: await freePort(),
    libsqlPort: await freePort(),
    dataDir,
    build: !existsSync(resolve(ROOT, 'build/server/index.js')),
    out: (line) => {
      if (line.includes('"ingest chunk committed"')) chunkLogs.push(JSON.parse(line) as ChunkLog);
      if (line.includes('"level":"error"') || line.includes('"level":"warn"'))
        log(`  worker: ${line}`);
      recent.push(line);
      if (recent.length > 40) recent.shift();
    },
  });
  let peakRss = workerdRssMb(stack.workerGroup);
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, workerdRssMb(stack.workerGroup));
  }, 250);
  try {
    const headers = (cookie?: string) => ({
      origin: stack.url,
      'cf-connecting-ip': '198.18.0.1',
      ...(cookie ? { cookie } : {}),
    });
    const post = (route: string, body: unknown, cookie?: string) =>
      fetch(`${stack.url}${route}`, {
        method: 'POST',
        headers: { ...headers(cookie), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const email = `bench-${Date.now()}@example.test`;
    const signUp = await post('/api/auth/sign-up/email', {
      name: 'Bench',
      email,
      password: 'benchmark password 1',
    });
    if (!signUp.ok) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
    const cookie = signUp.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    await post('/api/orgs', { name: 'Bench Org' }, cookie);

    const fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const started = performance.now();
    const created = await post(
      '/api/uploads',
      {
        name: 'bench.csv',
        sizeBytes: size,
        lastModified: Date.now(),
        fingerprint: fingerprint(fd, size),
      },
      cookie,
    );
    if (!created.ok) throw new Error(`create failed: ${created.status} ${await created.text()}`);
    const upload = (await created.json()) as Upload;
    const sendPart = async (n: number) => {
      const start = (n - 1) * upload.partSize;
      const body = readRange(fd, start, Math.min(upload.partSize, size - start));
      for (let attempt = 1; ; attempt++) {
        const response = await fetch(`${stack.url}/api/uploads/${upload.id}/parts/${n}`, {
          method: 'PUT',
          headers: { ...headers(cookie), 'content-type': 'application/octet-stream' },
          body,
        });
        if (response.ok) return;
        if (attempt >= 3)
          throw new Error(`part ${n} failed: ${response.status} ${await response.text()}`);
      }
    };
    await sendPart(1);
    const rest = Array.from({ length: upload.partCount - 1 }, (_, i) => i + 2);
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        for (let n = rest.shift(); n !== undefined; n = rest.shift()) await sendPart(n);
      }),
    );
    closeSync(fd);
    const completed = await post(`/api/uploads/${upload.id}/complete`, {}, cookie);
    if (!completed.ok) throw new Error(`complete failed: ${await completed.text()}`);
    const uploaded = performance.now();
    log(`  uploaded ${upload.partCount} parts in ${((uploaded - started) / 1000).toFixed(1)} s`);

    const sniffed = (await (
      await fetch(`${stack.url}/api/uploads/${upload.id}`, { headers: headers(cookie) })
    ).json()) as Upload;
    const processing = await post(
      `/api/uploads/${upload.id}/process`,
      { mapping: sniffed.suggestions!.map((s) => s.field), options: { defaultCountry: 'US' } },
      cookie,
    );
    if (!processing.ok) throw new Error(`process failed: ${await processing.text()}`);
    let done: Upload | undefined;
    let lastLog = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const polled = await fetch(`${stack.url}/api/uploads/${upload.id}`, {
        headers: headers(cookie),
      }).catch((error: unknown) => error as Error);
      if (polled instanceof Error || !polled.ok) {
        log(
          `  poll failed (${polled instanceof Error ? polled.message : polled.status}); retrying`,
        );
        continue;
      }
      done = (await polled.json()) as Upload;
      if (FINISHED_STATUSES.includes(done.status)) break;
      if (performance.now() - lastLog > 15_000 && done.progress) {
        lastLog = performance.now();
        const p = done.progress;
        log(
          `  ${p.chunksDone}/${p.chunksTotal} chunks, ${p.rowsProcessed} rows, ${p.rowsPerSecond ?? '…'} rows/s, ETA ${p.etaSeconds ?? '…'} s, workerd ${Math.round(peakRss)} MiB peak`,
        );
      }
    }
    const finished = performance.now();
    if (!done) throw new Error('no poll succeeded');
    if (done.status === 'failed' || done.status === 'cancelled')
      throw new Error(`upload ${done.status}: ${JSON.stringify(done.error)}`);
    const counts = done.counts!;
    const processingSeconds = (Date.parse(done.finishedAt!) - Date.parse(done.startedAt!)) / 1000;
    return {
      e2e_seconds: Math.round((finished - started) / 100) / 10,
      upload_seconds: Math.round((uploaded - started) / 100) / 10,
      processing_seconds: Math.round(processingSeconds * 10) / 10,
      turso_rows_per_s: Math.round(counts.accepted / processingSeconds),
      worker_peak_rss_mb: Math.round(peakRss),
      rows: counts.rows,
      accepted: counts.accepted,
      rejected: counts.rejected,
      duplicates: counts.duplicates,
      created: counts.created,
      chunks: done.progress?.chunksTotal ?? 0,
      chunk_read_ms: mean(chunkLogs.map((c) => c.readMs)),
      chunk_write_ms: mean(chunkLogs.map((c) => c.writeMs)),
      chunk_total_ms: mean(chunkLogs.map((c) => c.totalMs)),
    };
  } catch (error) {
    log(`stack output before the failure:\n${recent.join('\n')}`);
    throw error;
  } finally {
    clearInterval(sampler);
    await stack.stop();
  }
}

// Run on its own: `node --import tsx dev/bench/ingest-e2e.ts <file.csv>`.
if (process.argv[1] && resolve(process.argv[1]) === resolve(ROOT, 'dev/bench/ingest-e2e.ts')) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node --import tsx dev/bench/ingest-e2e.ts <file.csv>');
  console.log(await measureEndToEnd(file, (line) => console.log(line)));
}
