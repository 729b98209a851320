import type { Body, Meta, UppyFile } from '@uppy/core';
import type Uppy from '@uppy/core';
import { ApiErrorSchema } from '../../core/contracts/api-error';
import { UploadSchema, type Upload, type UploadLimits } from '../../core/contracts/uploads';
import { formatBytes } from './uploads';

/*
 * The browser side of an upload: recognise the file, create (or resume) it, send part 1 first,
 * then let Uppy send the remaining parts in parallel, each retried on its own, with pause, resume
 * and cancel. Loaded with `import()` from the uploads pages only, so Uppy and the contract's zod
 * schemas stay out of every other page's bundle.
 *
 * Why part 1 is sent here and not by Uppy: the server sniffs part 1 (format, columns, preview) and
 * refuses any other part before it, while Uppy sends all parts of a file at once in any order.
 * So a file reaches Uppy with its upload id already set (`s3Multipart`), which puts Uppy on its
 * "restore" path: it asks `listParts` what is stored and sends only the rest. Resuming an upload
 * after a page reload is the same path.
 */

export interface QueueConfig {
  limits: UploadLimits;
  /** FINGERPRINT_EDGE_BYTES from the contract, passed in as loader data. */
  fingerprintEdgeBytes: number;
}

export type ItemPhase =
  /** Reading the file's ends and asking the server whether it knows the file. */
  | 'preparing'
  | 'sending'
  | 'paused'
  /** Every part stored and the upload completed (processing may have started). */
  | 'uploaded'
  | 'failed'
  | 'cancelled';

export interface ItemError {
  code: string;
  message: string;
  /** Whether trying again can help (a network drop, a server hiccup) or the file must change. */
  retryable: boolean;
}

export interface QueueItem {
  key: string;
  name: string;
  size: number;
  phase: ItemPhase;
  /** The upload as the API last described it. */
  upload: Upload | null;
  /** Set when the server recognised the file: parts it already had when we picked it again. */
  resumedParts: number | null;
  bytesSent: number;
  bytesPerSecond: number | null;
  etaSeconds: number | null;
  error: ItemError | null;
  /** The file itself, kept so the preview can be re-read when the user corrects the settings. */
  file: File;
}

type ApiAnswer<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; code: string; message: string; details?: unknown };

const NETWORK_ERROR = {
  code: 'network',
  message: 'The connection dropped. Check your network; the upload continues where it stopped.',
};

/** Our API's error body as a message, whatever the response. */
function failureOf(
  status: number,
  body: unknown,
): { code: string; message: string; details?: unknown } {
  const parsed = ApiErrorSchema.safeParse(body);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return { code, message, ...(details === undefined ? {} : { details }) };
  }
  return { code: `http_${status}`, message: `The server answered ${status}. Try again shortly.` };
}

/** Same-origin JSON call to the API (the session cookie and Origin go with it). */
export async function callApi<T>(
  path: string,
  parse: (body: unknown) => T,
  init: RequestInit & { json?: unknown } = {},
): Promise<ApiAnswer<T>> {
  const { json, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        ...rest.headers,
      },
      body: json === undefined ? rest.body : JSON.stringify(json),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return { ok: false, status: 0, ...NETWORK_ERROR };
  }
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok)
    return { ok: false, status: response.status, ...failureOf(response.status, body) };
  return { ok: true, status: response.status, data: parse(body) };
}

export const parseUpload = (body: unknown): Upload => UploadSchema.parse(body);

export const getUpload = (id: string, signal?: AbortSignal) =>
  callApi(`/api/uploads/${encodeURIComponent(id)}`, parseUpload, { signal });

/** Hex SHA-256 of the file's first and last `edge` bytes (the whole file when it is small). */
export async function fingerprintOf(file: Blob, edge: number): Promise<string> {
  const slices =
    file.size <= 2 * edge ? [file] : [file.slice(0, edge), file.slice(file.size - edge)];
  const bytes = new Uint8Array(await new Blob(slices).arrayBuffer());
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

const RETRY_DELAYS_MS = [0, 1000, 3000, 5000];
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** Sends one part with XMLHttpRequest (fetch has no upload progress), retrying what may pass. */
async function sendPart(
  upload: Upload,
  n: number,
  data: Blob,
  signal: AbortSignal,
  onProgress: (loaded: number) => void,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const result = await new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', `/api/uploads/${encodeURIComponent(upload.id)}/parts/${n}`);
      xhr.setRequestHeader('content-type', 'application/octet-stream');
      xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded));
      xhr.addEventListener('load', () => {
        let body: unknown = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          // not JSON: reported by status below
        }
        resolve({ status: xhr.status, body });
      });
      xhr.addEventListener('error', () => resolve({ status: 0, body: null }));
      const abort = () => {
        xhr.abort();
        reject(signal.reason);
      };
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      xhr.send(data);
    });
    if (result.status >= 200 && result.status < 300) {
      onProgress(data.size);
      return;
    }
    const failure = result.status === 0 ? NETWORK_ERROR : failureOf(result.status, result.body);
    const transient = result.status === 0 || result.status >= 500 || result.status === 429;
    if (!transient || attempt >= RETRY_DELAYS_MS.length - 1)
      throw new UploadProblem(failure.code, failure.message, transient);
    await sleep(RETRY_DELAYS_MS[attempt + 1]!, signal);
  }
}

class UploadProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Smoothed upload speed from (time, bytes) samples. */
class SpeedMeter {
  #last: { at: number; bytes: number } | null = null;
  #rate: number | null = null;
  sample(bytes: number, at = performance.now()): number | null {
    if (!this.#last || bytes < this.#last.bytes) {
      this.#last = { at, bytes };
      return this.#rate;
    }
    const seconds = (at - this.#last.at) / 1000;
    if (seconds < 0.25) return this.#rate;
    const rate = (bytes - this.#last.bytes) / seconds;
    this.#rate = this.#rate === null ? rate : 0.7 * this.#rate + 0.3 * rate;
    this.#last = { at, bytes };
    return this.#rate;
  }
  reset() {
    this.#last = null;
    this.#rate = null;
  }
}

interface Entry {
  item: QueueItem;
  /** Aborts what this queue does itself for the file (fingerprint, create, part 1). */
  controller: AbortController | null;
  uppyId: string | null;
  speed: SpeedMeter;
}

type UppyT = Uppy<Meta, Body>;

export class UploadQueue {
  #entries = new Map<string, Entry>();
  #snapshot: QueueItem[] = [];
  #listeners = new Set<() => void>();
  #uppy: Promise<UppyT> | null = null;
  #partSizes = new WeakMap<Blob, number>();
  #emitTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(readonly config: QueueConfig) {}

  subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = () => this.#snapshot;

  /** Queues files; returns the names refused before anything was sent, with why. */
  add(files: readonly File[]): { name: string; message: string }[] {
    const refused: { name: string; message: string }[] = [];
    for (const file of files) {
      if (file.size === 0) {
        refused.push({
          name: file.name,
          message: 'The file is empty: there is nothing to import.',
        });
        continue;
      }
      if (file.size > this.config.limits.maxBytes) {
        refused.push({
          name: file.name,
          message: `The file is ${formatBytes(file.size)}; your organisation can upload files of up to ${formatBytes(this.config.limits.maxBytes)}. Split it into smaller files, or ask us to raise the limit.`,
        });
        continue;
      }
      const busy = [...this.#entries.values()].some(
        (e) =>
          e.item.name === file.name &&
          e.item.size === file.size &&
          (e.item.phase === 'preparing' || e.item.phase === 'sending' || e.item.phase === 'paused'),
      );
      if (busy) {
        refused.push({ name: file.name, message: 'This file is already uploading.' });
        continue;
      }
      const key = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      const entry: Entry = {
        item: {
          key,
          name: file.name,
          size: file.size,
          phase: 'preparing',
          upload: null,
          resumedParts: null,
          bytesSent: 0,
          bytesPerSecond: null,
          etaSeconds: null,
          error: null,
          file,
        },
        controller: null,
        uppyId: null,
        speed: new SpeedMeter(),
      };
      this.#entries.set(key, entry);
      void this.#run(entry);
    }
    this.#emit(true);
    return refused;
  }

  pause(key: string) {
    const entry = this.#entries.get(key);
    if (!entry || entry.item.phase !== 'sending') return;
    if (entry.uppyId) void this.#uppyOf().then((uppy) => uppy.pauseResume(entry.uppyId!));
    entry.controller?.abort(new DOMException('Paused', 'AbortError'));
    this.#update(entry, { phase: 'paused', bytesPerSecond: null, etaSeconds: null });
  }

  resume(key: string) {
    const entry = this.#entries.get(key);
    if (!entry || (entry.item.phase !== 'paused' && entry.item.phase !== 'failed')) return;
    entry.speed.reset();
    this.#update(entry, { phase: 'sending', error: null });
    if (entry.uppyId) {
      const id = entry.uppyId;
      void this.#uppyOf().then((uppy) => {
        const file = uppy.getFile(id);
        if (file?.error) void uppy.retryUpload(id).catch(() => undefined);
        else if (file?.isPaused) uppy.pauseResume(id);
      });
    } else void this.#run(entry);
  }

  async cancel(key: string) {
    const entry = this.#entries.get(key);
    if (!entry || entry.item.phase === 'uploaded' || entry.item.phase === 'cancelled') return;
    entry.controller?.abort(new DOMException('Cancelled', 'AbortError'));
    const id = entry.item.upload?.id;
    this.#update(entry, { phase: 'cancelled', bytesPerSecond: null, etaSeconds: null });
    if (entry.uppyId) {
      // Removing the file stops Uppy's requests for it.
      const uppy = await this.#uppyOf();
      uppy.removeFile(entry.uppyId);
      entry.uppyId = null;
    }
    if (id) await this.#cancelOnServer(id);
  }

  /** Forgets a finished, failed or cancelled item (the upload itself stays in the history). */
  dismiss(key: string) {
    const entry = this.#entries.get(key);
    if (!entry || entry.item.phase === 'sending' || entry.item.phase === 'preparing') return;
    this.#entries.delete(key);
    this.#emit(true);
  }

  /** The latest description of an item's upload (after Import, or from the progress stream). */
  setUpload(key: string, upload: Upload) {
    const entry = this.#entries.get(key);
    if (entry) this.#update(entry, { upload });
  }

  destroy() {
    for (const entry of this.#entries.values()) entry.controller?.abort();
    void this.#uppy?.then((uppy) => uppy.destroy());
    this.#listeners.clear();
  }

  async #run(entry: Entry) {
    const controller = new AbortController();
    entry.controller = controller;
    const { file } = entry.item;
    try {
      this.#update(entry, { phase: 'preparing', error: null });
      const fingerprint = await fingerprintOf(file, this.config.fingerprintEdgeBytes);
      const created = await callApi('/api/uploads', parseUpload, {
        method: 'POST',
        json: {
          name: file.name,
          sizeBytes: file.size,
          lastModified: Math.max(0, Math.trunc(file.lastModified || 0)),
          fingerprint,
        },
        signal: controller.signal,
      });
      if (!created.ok)
        throw new UploadProblem(
          created.code,
          created.message,
          created.status === 0 || created.status >= 500,
        );
      let upload = created.data;
      // 200 (not 201): the server recognised the file and carries on with its unfinished upload.
      const resumedParts =
        created.status === 200 && upload.partsStored.length > 0 ? upload.partsStored.length : null;
      this.#update(entry, {
        phase: 'sending',
        upload,
        resumedParts,
        bytesSent: storedBytes(upload),
      });

      if (!upload.partsStored.includes(1)) {
        const first = file.slice(0, Math.min(upload.partSize, file.size));
        await sendPart(upload, 1, first, controller.signal, (loaded) =>
          this.#progress(entry, loaded),
        );
      }
      const fresh = await getUpload(upload.id, controller.signal);
      if (fresh.ok) upload = fresh.data;
      this.#update(entry, { upload });
      entry.controller = null;
      await this.#handToUppy(entry, upload);
    } catch (error) {
      if (controller.signal.aborted) return; // paused or cancelled: the caller set the phase
      const problem =
        error instanceof UploadProblem
          ? error
          : new UploadProblem('unexpected', errorMessage(error), true);
      this.#update(entry, {
        phase: problem.code === 'not_csv' ? 'cancelled' : 'failed',
        error: { code: problem.code, message: problem.message, retryable: problem.retryable },
        bytesPerSecond: null,
        etaSeconds: null,
      });
    }
  }

  async #handToUppy(entry: Entry, upload: Upload) {
    const uppy = await this.#uppyOf();
    if (entry.uppyId) uppy.removeFile(entry.uppyId);
    this.#partSizes.set(entry.item.file, upload.partSize);
    const id = uppy.addFile({
      name: entry.item.name,
      type: entry.item.file.type || 'text/csv',
      data: entry.item.file,
      meta: { queueKey: entry.item.key },
    });
    entry.uppyId = id;
    // An upload id on the file sends Uppy down its resume path: listParts, then only the rest.
    uppy.setFileState(id, {
      s3Multipart: { uploadId: upload.id, key: upload.id },
    } as Partial<UppyFile<Meta, Body>>);
    // retryUpload starts exactly this file; upload() would also retry other files that failed.
    void uppy.retryUpload(id).catch(() => undefined);
  }

  #uppyOf(): Promise<UppyT> {
    this.#uppy ??= this.#createUppy();
    return this.#uppy;
  }

  async #createUppy(): Promise<UppyT> {
    const [{ default: UppyCore }, { default: AwsS3 }] = await Promise.all([
      import('@uppy/core'),
      import('@uppy/aws-s3'),
    ]);
    const uppy: UppyT = new UppyCore({ autoProceed: false, allowMultipleUploadBatches: true });
    const uploadIdOf = (file: UppyFile<Meta, Body>) =>
      (file as UppyFile<Meta, Body> & { s3Multipart?: { uploadId?: string } }).s3Multipart
        ?.uploadId;
    uppy.use(AwsS3, {
      shouldUseMultipart: true,
      // Parts in flight across all files: three keeps a laptop's uplink busy without starving
      // the page's own requests.
      limit: 3,
      retryDelays: RETRY_DELAYS_MS,
      getChunkSize: (data) => this.#partSizes.get(data as Blob) ?? this.config.limits.partSize,
      createMultipartUpload: (file) => {
        // Never reached: files come with their upload id (see #handToUppy).
        const id = uploadIdOf(file);
        if (!id) throw new Error('The upload was not created');
        return { uploadId: id, key: id };
      },
      listParts: async (file, { uploadId, signal }) => {
        const answer = await getUpload(uploadId ?? uploadIdOf(file) ?? '', signal);
        if (!answer.ok) throw new Error(answer.message);
        return answer.data.partsStored.map((n) => ({ PartNumber: n }));
      },
      signPart: (_file, { uploadId, partNumber }) => ({
        method: 'PUT',
        url: `/api/uploads/${encodeURIComponent(uploadId)}/parts/${partNumber}`,
        headers: { 'content-type': 'application/octet-stream' },
      }),
      completeMultipartUpload: async (file, { uploadId, signal }) => {
        const answer = await callApi(
          `/api/uploads/${encodeURIComponent(uploadId)}/complete`,
          parseUpload,
          { method: 'POST', signal },
        );
        if (!answer.ok) throw new Error(answer.message);
        const entry = this.#entryOf(file);
        if (entry) this.#update(entry, { upload: answer.data });
        return { location: `/uploads/${uploadId}` };
      },
      abortMultipartUpload: async (file, { uploadId }) => {
        const id = uploadId ?? uploadIdOf(file);
        if (id) await this.#cancelOnServer(id);
      },
    });
    uppy.on('upload-progress', (file, progress) => {
      const entry = file && this.#entryOf(file);
      if (entry && entry.item.phase === 'sending') this.#progress(entry, progress.bytesUploaded);
    });
    uppy.on('upload-success', (file) => {
      const entry = file && this.#entryOf(file);
      if (!entry) return;
      this.#update(entry, {
        phase: 'uploaded',
        bytesSent: entry.item.size,
        bytesPerSecond: null,
        etaSeconds: null,
      });
      // Let the same file be picked again later (Uppy refuses duplicates it still holds).
      uppy.removeFile(file.id);
      entry.uppyId = null;
    });
    uppy.on('upload-error', (file, error) => {
      const entry = file && this.#entryOf(file);
      if (!entry || entry.item.phase === 'cancelled') return;
      this.#update(entry, {
        phase: 'failed',
        error: { ...partFailure(error), retryable: true },
        bytesPerSecond: null,
        etaSeconds: null,
      });
    });
    return uppy;
  }

  #entryOf(file: UppyFile<Meta, Body>): Entry | undefined {
    const key = file.meta['queueKey'];
    return typeof key === 'string' ? this.#entries.get(key) : undefined;
  }

  async #cancelOnServer(id: string) {
    // 409 `finished`: it ended (or was cancelled) already — nothing left to stop.
    await callApi(`/api/uploads/${encodeURIComponent(id)}/cancel`, parseUpload, {
      method: 'POST',
    });
  }

  /** `loaded`: bytes of the file sent so far (part 1 alone, then Uppy's count for the file). */
  #progress(entry: Entry, loaded: number) {
    const bytes = Math.min(entry.item.size, loaded);
    const rate = entry.speed.sample(bytes);
    const remaining = entry.item.size - bytes;
    entry.item = {
      ...entry.item,
      bytesSent: bytes,
      bytesPerSecond: rate,
      etaSeconds: rate && rate > 0 ? remaining / rate : null,
    };
    this.#emit(false);
  }

  #update(entry: Entry, patch: Partial<QueueItem>) {
    entry.item = { ...entry.item, ...patch };
    this.#emit(true);
  }

  /** Progress ticks are coalesced (four renders a second); state changes are shown at once. */
  #emit(now: boolean) {
    if (!now) {
      if (this.#emitTimer === null)
        this.#emitTimer = setTimeout(() => {
          this.#emitTimer = null;
          this.#publish();
        }, 250);
      return;
    }
    this.#publish();
  }

  #publish() {
    this.#snapshot = [...this.#entries.values()].map((e) => e.item);
    for (const listener of this.#listeners) listener();
  }
}

/** Bytes the server already holds for this upload (the parts listed as stored). */
function storedBytes(upload: Upload): number {
  return upload.partsStored.reduce(
    (sum, n) =>
      sum + (n < upload.partCount ? upload.partSize : upload.sizeBytes - upload.partSize * (n - 1)),
    0,
  );
}

function errorMessage(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'Something went wrong.';
}

/** What an Uppy part failure says: our API's message when the server answered. */
function partFailure(error: unknown): { code: string; message: string } {
  const source = (error as { source?: unknown } | null)?.source;
  if (source instanceof XMLHttpRequest) {
    if (source.status === 0) return NETWORK_ERROR;
    let body: unknown = null;
    try {
      body = JSON.parse(source.responseText);
    } catch {
      // keep null
    }
    return failureOf(source.status, body);
  }
  return { code: 'upload_failed', message: errorMessage(error) };
}
