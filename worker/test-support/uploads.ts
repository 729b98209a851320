import { expect } from 'vitest';
import type { Upload } from '../../core/contracts/uploads';
import { FINGERPRINT_EDGE_BYTES, FINISHED_STATUSES } from '../../core/contracts/uploads';
import { call, json, type TestUser } from './accounts';

const encoder = new TextEncoder();

export interface ContactsFile {
  bytes: Uint8Array<ArrayBuffer>;
  text: string;
  /** What importing it must report (mapping by suggestion, default options). */
  expected: { rows: number; accepted: number; rejected: number; duplicates: number };
  /** 1-based physical lines of the rows that must be rejected. */
  badLines: number[];
  /** Distinct emails accepted. */
  emails: string[];
}

/**
 * A contacts CSV whose outcome is known by construction: every `badEvery`-th row has a broken
 * email, every `dupEvery`-th row repeats an earlier person (in different case and spacing), one
 * row has a wrong field count. `tag` keeps emails unique per test.
 */
export function contactsFile(
  rows: number,
  tag: string,
  { badEvery = 10, dupEvery = 7 }: { badEvery?: number; dupEvery?: number } = {},
): ContactsFile {
  const lines = ['Email,First Name,Last Name,Company Website,Phone,Country'];
  const badLines: number[] = [];
  const emails: string[] = [];
  let accepted = 0;
  let duplicates = 0;
  for (let i = 1; i <= rows; i++) {
    const line = i + 1;
    if (i === 5) {
      lines.push(`"five-${tag}@example.com",Five,Fields,example.com,`);
      badLines.push(line);
      continue;
    }
    if (i % badEvery === 0) {
      lines.push(`broken-${i}-at-${tag},Bad,Row${i},acme.com,,US`);
      badLines.push(line);
      continue;
    }
    if (i % dupEvery === 0 && i > dupEvery) {
      // The person of row i - dupEvery + 1 again (never a bad or short row: see the guards).
      const j = i - dupEvery + 1;
      if (j % badEvery !== 0 && j !== 5) {
        lines.push(`"  Person${j}.${tag}@Example.COM ",Again,Dup${i},acme.com,,US`);
        accepted++;
        duplicates++;
        continue;
      }
    }
    const email = `person${i}.${tag}@example.com`;
    lines.push(`${email},First${i},"Last, ${i}",https://www.acme-${i % 13}.co.uk/about,,GB`);
    emails.push(email);
    accepted++;
  }
  const text = `${lines.join('\r\n')}\r\n`;
  return {
    bytes: encoder.encode(text),
    text,
    expected: { rows, accepted, rejected: badLines.length, duplicates },
    badLines,
    emails,
  };
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function fingerprint(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const edge = FINGERPRINT_EDGE_BYTES;
  if (bytes.length <= 2 * edge) return sha256Hex(bytes);
  const both = new Uint8Array(2 * edge);
  both.set(bytes.subarray(0, edge));
  both.set(bytes.subarray(bytes.length - edge), edge);
  return sha256Hex(both);
}

export async function createUpload(user: TestUser, name: string, bytes: Uint8Array<ArrayBuffer>) {
  const response = await call('/api/uploads', {
    method: 'POST',
    cookie: user.cookie,
    json: {
      name,
      sizeBytes: bytes.length,
      lastModified: 1_700_000_000_000,
      fingerprint: await fingerprint(bytes),
    },
  });
  expect([200, 201], await response.clone().text()).toContain(response.status);
  return { status: response.status, upload: (await response.json()) as Upload };
}

export function partOf(
  upload: Upload,
  bytes: Uint8Array<ArrayBuffer>,
  n: number,
): Uint8Array<ArrayBuffer> {
  return bytes.subarray((n - 1) * upload.partSize, Math.min(n * upload.partSize, bytes.length));
}

export function putPart(user: TestUser, upload: Upload, bytes: Uint8Array<ArrayBuffer>, n: number) {
  return call(`/api/uploads/${upload.id}/parts/${n}`, {
    method: 'PUT',
    cookie: user.cookie,
    headers: { 'content-type': 'application/octet-stream' },
    body: partOf(upload, bytes, n),
  });
}

export async function sendParts(
  user: TestUser,
  upload: Upload,
  bytes: Uint8Array<ArrayBuffer>,
  parts: number[] = Array.from({ length: upload.partCount }, (_, i) => i + 1),
) {
  for (const n of parts) {
    const response = await putPart(user, upload, bytes, n);
    expect(response.status, await response.clone().text()).toBe(200);
  }
}

export async function complete(user: TestUser, id: string): Promise<Upload> {
  return json<Upload>(
    await call(`/api/uploads/${id}/complete`, { method: 'POST', cookie: user.cookie }),
  );
}

export async function startProcessing(
  user: TestUser,
  upload: Upload,
  options: Record<string, unknown> = {},
): Promise<Upload> {
  const mapping = upload.suggestions!.map((s) => s.field);
  const response = await call(`/api/uploads/${upload.id}/process`, {
    method: 'POST',
    cookie: user.cookie,
    json: { mapping, options },
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Upload;
}

export async function getUpload(user: TestUser, id: string): Promise<Upload> {
  return json<Upload>(await call(`/api/uploads/${id}`, { cookie: user.cookie }));
}

/** Polls until the upload reaches a finished state (the real INGEST queue delivers the chunks). */
export async function waitFinished(user: TestUser, id: string, timeoutMs = 25_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const upload = await getUpload(user, id);
    if (FINISHED_STATUSES.includes(upload.status)) return upload;
    if (Date.now() > deadline)
      throw new Error(`upload ${id} still ${upload.status}: ${JSON.stringify(upload.progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Upload, complete and process a file with the suggested mapping; wait for the result. */
export async function importFile(
  user: TestUser,
  name: string,
  bytes: Uint8Array<ArrayBuffer>,
  options: Record<string, unknown> = {},
): Promise<Upload> {
  const { upload } = await createUpload(user, name, bytes);
  await sendParts(user, upload, bytes);
  const sniffed = await getUpload(user, upload.id);
  await complete(user, upload.id);
  await startProcessing(user, sniffed, options);
  return waitFinished(user, upload.id);
}
