// Uploading a CSV file to a running stack the way the browser does: create the upload, send part
// 1, the other parts three at a time (each retried on its own), complete, then process with the
// suggested mapping. Used by the ingest benchmark and the demo seed.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { Upload, UploadOptions } from '../core/contracts/uploads';
import { FINGERPRINT_EDGE_BYTES, FINISHED_STATUSES } from '../core/contracts/uploads';

export interface StackSession {
  url: string;
  cookie: string;
}

function readRange(fd: number, start: number, length: number): Uint8Array<ArrayBuffer> {
  const buffer = new Uint8Array(length);
  let read = 0;
  while (read < length) read += readSync(fd, buffer, read, length - read, start + read);
  return buffer;
}

function fingerprint(fd: number, size: number): string {
  const hash = createHash('sha256');
  if (size <= 2 * FINGERPRINT_EDGE_BYTES) hash.update(readRange(fd, 0, size));
  else {
    hash.update(readRange(fd, 0, FINGERPRINT_EDGE_BYTES));
    hash.update(readRange(fd, size - FINGERPRINT_EDGE_BYTES, FINGERPRINT_EDGE_BYTES));
  }
  return hash.digest('hex');
}

const headers = (session: StackSession, json = false) => ({
  origin: session.url,
  cookie: session.cookie,
  ...(json ? { 'content-type': 'application/json' } : {}),
});

async function api<T>(session: StackSession, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${session.url}${path}`, init);
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const sessionFrom = (url: string, response: Response): StackSession => ({
  url,
  cookie: response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; '),
});

async function postAuth(url: string, path: string, body: unknown): Promise<StackSession> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { origin: url, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} failed: ${response.status} ${await response.text()}`);
  return sessionFrom(url, response);
}

/** Signs in with email and password; returns the session cookie. */
export const signIn = (url: string, email: string, password: string) =>
  postAuth(url, '/api/auth/sign-in/email', { email, password });

/** A new person with an organisation of their own, signed in and working in it. */
export async function signUpWithOrganization(
  url: string,
  name: string,
  organization: string,
): Promise<StackSession> {
  const session = await postAuth(url, '/api/auth/sign-up/email', {
    name,
    email: `${name.toLowerCase()}-${Date.now()}@example.test`,
    password: `${name} benchmark password`,
  });
  await api(session, '/api/orgs', {
    method: 'POST',
    headers: headers(session, true),
    body: JSON.stringify({ name: organization }),
  });
  return session;
}

/** Sends the file's parts and completes the upload; returns it (status `uploaded`). */
export async function uploadFile(
  session: StackSession,
  path: string,
  name = basename(path),
): Promise<Upload> {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const upload = await api<Upload>(session, '/api/uploads', {
      method: 'POST',
      headers: headers(session, true),
      body: JSON.stringify({
        name,
        sizeBytes: size,
        lastModified: Date.now(),
        fingerprint: fingerprint(fd, size),
      }),
    });
    const sendPart = async (n: number) => {
      const start = (n - 1) * upload.partSize;
      const body = readRange(fd, start, Math.min(upload.partSize, size - start));
      for (let attempt = 1; ; attempt++) {
        const response = await fetch(`${session.url}/api/uploads/${upload.id}/parts/${n}`, {
          method: 'PUT',
          headers: { ...headers(session), 'content-type': 'application/octet-stream' },
          body,
        }).catch((error: unknown) => error as Error);
        if (!(response instanceof Error) && response.ok) return;
        if (attempt >= 3)
          throw new Error(
            `part ${n} failed: ${response instanceof Error ? response.message : `${response.status} ${await response.text()}`}`,
          );
      }
    };
    if (!upload.partsStored.includes(1)) await sendPart(1);
    const rest = Array.from({ length: upload.partCount }, (_, i) => i + 1).filter(
      (n) => n > 1 && !upload.partsStored.includes(n),
    );
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        for (let n = rest.shift(); n !== undefined; n = rest.shift()) await sendPart(n);
      }),
    );
    return await api<Upload>(session, `/api/uploads/${upload.id}/complete`, {
      method: 'POST',
      headers: headers(session),
    });
  } finally {
    closeSync(fd);
  }
}

/** Starts processing with the suggested mapping. */
export async function processUpload(
  session: StackSession,
  id: string,
  options: Partial<UploadOptions> = {},
): Promise<Upload> {
  const upload = await api<Upload>(session, `/api/uploads/${id}`, { headers: headers(session) });
  return api<Upload>(session, `/api/uploads/${id}/process`, {
    method: 'POST',
    headers: headers(session, true),
    body: JSON.stringify({ mapping: upload.suggestions!.map((s) => s.field), options }),
  });
}

/** Polls until the upload finishes; `progress` hears about it now and then. */
export async function waitForUpload(
  session: StackSession,
  id: string,
  progress: (upload: Upload) => void = () => {},
): Promise<Upload> {
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const response = await fetch(`${session.url}/api/uploads/${id}`, {
      headers: headers(session),
    }).catch((error: unknown) => error as Error);
    // A dropped poll (the dev server recycling a connection) is retried, not fatal.
    if (response instanceof Error || !response.ok) continue;
    const upload = (await response.json()) as Upload;
    if (FINISHED_STATUSES.includes(upload.status)) return upload;
    progress(upload);
  }
}
