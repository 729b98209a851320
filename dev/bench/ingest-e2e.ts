// End-to-end half of `npm run bench:ingest`: a generated contacts CSV through the local stack
// exactly as a browser sends it — multipart upload in 16 MiB parts (three at a time) → R2 → chunk
// plan → INGEST queue → Turso — timing each stage and sampling the Worker's (workerd's) memory.
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../ports';
import { ROOT, startStack } from '../stack';
import { processUpload, signUpWithOrganization, uploadFile, waitForUpload } from '../upload-client';

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

const mean = (values: number[]) =>
  values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : 0;

/** Resident memory (MiB) of the workerd processes in a process group, from /proc. */
export function workerdRssMb(group: number): number {
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
    const session = await signUpWithOrganization(stack.url, 'Bench', 'Bench Org');

    const started = performance.now();
    const upload = await uploadFile(session, path, 'bench.csv');
    const uploaded = performance.now();
    log(`  uploaded ${upload.partCount} parts in ${((uploaded - started) / 1000).toFixed(1)} s`);
    await processUpload(session, upload.id, { defaultCountry: 'US' });
    let lastLog = performance.now();
    const done = await waitForUpload(session, upload.id, ({ progress: p }) => {
      if (!p || performance.now() - lastLog < 15_000) return;
      lastLog = performance.now();
      log(
        `  ${p.chunksDone}/${p.chunksTotal} chunks, ${p.rowsProcessed} rows, ${p.rowsPerSecond ?? '…'} rows/s, ETA ${p.etaSeconds ?? '…'} s, workerd ${Math.round(peakRss)} MiB peak`,
      );
    });
    const finished = performance.now();
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
