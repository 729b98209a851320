// `npm run bench:ingest [-- --size small|default]`: throughput of the core/ ingest pipeline on one
// core, on a generated contacts CSV (~50 MB small, ~500 MB default). The file is planned into
// chunks exactly as an upload is (per-part scans → chunk plan), then each chunk is range-read,
// decoded, split into records and normalised (validate, E.164, domains, UID2 hashes, de-dup keys).
// Then the same file end to end through the local stack (dev/bench/ingest-e2e.ts): uploaded in
// parts, planned, queued, processed by the Worker into the local libSQL server.
// Prints a table and writes bench/results/ingest.json.
import { createHash, hash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  closeSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createPartScanner,
  planChunks,
  type ChunkRange,
  type PartScan,
} from '../../core/csv/chunk-plan';
import { readRecords } from '../../core/csv/records';
import { suggestMapping } from '../../core/ingest/column-mapping';
import { classifyRecord } from '../../core/ingest/contact-row';
import { ROOT } from '../stack';
import { HEADER, writeContactsCsv } from './contacts-csv';
import { measureEndToEnd } from './ingest-e2e';

const { values } = parseArgs({ options: { size: { type: 'string', default: 'default' } } });
const SIZES: Record<string, number> = { small: 50e6, default: 500e6 };
const targetBytes = SIZES[values.size ?? 'default'];
if (!targetBytes) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);

const PART_SIZE = 16 * 1024 * 1024;
const CHUNK_TARGET = 8 * 1024 * 1024;
const MB = 1e6;

const dir = resolve(ROOT, '.data/bench');
mkdirSync(dir, { recursive: true });
const path = join(dir, `contacts-${values.size}.csv`);
let generated = null;
if (!existsSync(path) || Math.abs(statSync(path).size - targetBytes) > 2 * MB) {
  process.stdout.write(`generating ${path} …\n`);
  generated = await writeContactsCsv(path, targetBytes);
}
const fileBytes = statSync(path).size;

const round = (n: number) => Math.round(n * 10) / 10;

function readRange(fd: number, start: number, end: number): Uint8Array {
  const buffer = new Uint8Array(end - start);
  let read = 0;
  while (read < buffer.length)
    read += readSync(fd, buffer, read, buffer.length - read, start + read);
  return buffer;
}

const fd = openSync(path, 'r');
// Part scans, as the part uploads compute them while streaming to R2.
const scans: PartScan[] = [];
for (let start = 0; start < fileBytes; start += PART_SIZE) {
  const scanner = createPartScanner({
    quote: 0x22,
    lineEnd: 0x0a,
    markEvery: 1 << 20,
    units: 'byte',
  });
  scanner.push(readRange(fd, start, Math.min(start + PART_SIZE, fileBytes)));
  scans.push(scanner.finish());
}
const headerBytes = Buffer.byteLength(HEADER + '\n');
const chunks = planChunks(scans, CHUNK_TARGET, { start: headerBytes, firstLine: 2 });
const decoder = new TextDecoder('utf-8');
const dialect = { delimiter: ',', quote: '"' };

/** Range-reads, decodes and splits one chunk: what a consumer does before the pipeline. */
function* recordsOf(chunk: ChunkRange) {
  const text = decoder.decode(readRange(fd, chunk.start, chunk.end));
  yield* readRecords(text, {
    dialect,
    width: 'utf-8',
    byteOffset: chunk.start,
    firstLine: chunk.firstLine,
  });
}

// 1. Raw parse: decode + split into records, nothing else.
let rawRecords = 0;
let started = performance.now();
for (const chunk of chunks) for (const _ of recordsOf(chunk)) rawRecords++;
const rawSeconds = (performance.now() - started) / 1000;

// 2. The pipeline: parse + validate + normalise + hash + de-dup keys, with the columns mapped the
// way the upload wizard would suggest.
const headers = HEADER.split(',');
const mapping = suggestMapping(headers).map((suggestion) => suggestion.field);
const sha256 = (input: Uint8Array) => new Uint8Array(createHash('sha256').update(input).digest());
const rules = {
  headers,
  mapping,
  defaultCountry: 'US' as const,
  required: [],
  keepUnmapped: false,
  sha256,
  // Node's one-shot hash straight to Base64, as a Node-side consumer would inject it.
  hashBase64: (normalized: string) => hash('sha256', normalized, 'base64'),
};
let accepted = 0;
let rejected = 0;
let duplicates = 0;
const seen = new Set<string>();
const rssBefore = process.memoryUsage().rss;
let peakRss = rssBefore;
started = performance.now();
for (const chunk of chunks) {
  for (const record of recordsOf(chunk)) {
    const result = classifyRecord(record, rules, seen);
    if (result.outcome === 'rejected') rejected++;
    else if (result.outcome === 'duplicate') duplicates++;
    else accepted++;
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const pipelineSeconds = (performance.now() - started) / 1000;
closeSync(fd);

console.log(
  `core pipeline: ${round(fileBytes / MB / pipelineSeconds)} MB/s; now end to end through the local stack…`,
);
const e2e = await measureEndToEnd(path, (line) => console.log(line));

const result = {
  file_mb: round(fileBytes / MB),
  rows: rawRecords,
  chunks: chunks.length,
  raw_parse_mb_per_s: round(fileBytes / MB / rawSeconds),
  pipeline_mb_per_s: round(fileBytes / MB / pipelineSeconds),
  pipeline_rows_per_s: Math.round(rawRecords / pipelineSeconds),
  // The de-dup key set grows with distinct people; the rest stays flat per chunk.
  bench_process_peak_rss_mb: round(peakRss / MB),
  e2e_seconds: e2e.e2e_seconds,
  e2e_upload_seconds: e2e.upload_seconds,
  e2e_processing_seconds: e2e.processing_seconds,
  turso_rows_per_s: e2e.turso_rows_per_s,
  worker_peak_rss_mb: e2e.worker_peak_rss_mb,
  e2e_chunks: e2e.chunks,
  e2e_chunk_ms: { read: e2e.chunk_read_ms, write: e2e.chunk_write_ms, total: e2e.chunk_total_ms },
  accepted,
  rejected,
  duplicates,
  // The Worker's own counts for the same file (the bench above uses the same core pipeline).
  e2e_counts: {
    rows: e2e.rows,
    accepted: e2e.accepted,
    rejected: e2e.rejected,
    duplicates: e2e.duplicates,
    created: e2e.created,
  },
  generated: generated && {
    rows: generated.rows,
    invalid: generated.invalidRows,
    duplicates: generated.duplicateRows,
  },
  measured_at: new Date().toISOString(),
};
console.log('mapping:', Object.fromEntries(headers.map((h, i) => [h, mapping[i]])));
console.table(result);
mkdirSync(resolve(ROOT, 'bench/results'), { recursive: true });
writeFileSync(resolve(ROOT, 'bench/results/ingest.json'), JSON.stringify(result, null, 2) + '\n');
