import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import type { ExportRunDetail, IdentityRunView } from '../../core/contracts/activation';
import { contacts } from '../db/schema';
import { call, json, type TestUser } from './accounts';
import { testDb } from './db';
import { sealStored } from './pii';

/** What the workers tier's UID2 simulator accepts (its defaults). */
export const UID2_CREDENTIALS = {
  apiKey: 'p360-local-uid2-key',
  clientSecret: 'wJ0hP19QU4hmpB64Y3fV2dAed8t/mupw3sjN5jNRFzg=',
};
export const TTD_ADVERTISER = 'p360local';
export const TTD_TOKEN = 'p360-local-ttd-token';

export const uid2Sim = (path: string, body?: unknown, method?: string) =>
  simCall(env.UID2_API_URL, path, body, method);
export const ttdSim = (path: string, body?: unknown, method?: string) =>
  simCall(env.TTD_DATA_URL.replace('/{region}', ''), path, body, method);

async function simCall(base: string, path: string, body?: unknown, method?: string) {
  const response = await fetch(`${base}${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  return response.json() as Promise<Record<string, unknown>>;
}

export async function sha256Base64(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

const bytesOf = (base64: string) => Buffer.from(base64, 'base64');

export interface Person {
  email?: string;
  phone?: string;
  country?: string;
}

/** Contacts inserted as an upload would store them (normalised identifiers, UID2 hashes). */
export async function insertPeople(orgId: string, people: Person[]): Promise<number[]> {
  const now = Date.now();
  const rows = await Promise.all(
    people.map(async (p, i) => ({
      orgId,
      dedupeKey: Buffer.from(`${orgId}:${p.email ?? p.phone ?? i}:${crypto.randomUUID()}`),
      email: sealStored(orgId, p.email),
      emailHash: p.email ? bytesOf(await sha256Base64(p.email)) : null,
      phone: sealStored(orgId, p.phone),
      phoneHash: p.phone ? bytesOf(await sha256Base64(p.phone)) : null,
      country: p.country ?? 'GB',
      quality: 50,
      createdUploadId: 'fixture',
      writtenUploadId: 'fixture',
      writtenLine: i + 2,
      createdAt: now,
      updatedAt: now,
    })),
  );
  const inserted = await testDb().insert(contacts).values(rows).returning({ id: contacts.id });
  return inserted.map((r) => r.id);
}

export async function connectUid2(user: TestUser) {
  const response = await call('/api/integrations/uid2', {
    method: 'PUT',
    cookie: user.cookie,
    json: { credentials: UID2_CREDENTIALS, mapAfterUpload: false },
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

export async function waitForIdentityRun(user: TestUser, runId: string): Promise<IdentityRunView> {
  for (let i = 0; i < 300; i++) {
    const { runs } = await json<{ runs: IdentityRunView[] }>(
      await call('/api/integrations/uid2/runs?limit=50', { cookie: user.cookie }),
    );
    const run = runs.find((r) => r.id === runId);
    if (run && run.status !== 'running') return run;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`UID2 run ${runId} did not finish`);
}

export async function mapNow(user: TestUser): Promise<IdentityRunView> {
  const response = await call('/api/integrations/uid2/runs', {
    method: 'POST',
    cookie: user.cookie,
  });
  expect(response.status, await response.clone().text()).toBe(202);
  return waitForIdentityRun(user, (await json<{ runId: string }>(response)).runId);
}

export async function waitForExportRun(user: TestUser, runId: string): Promise<ExportRunDetail> {
  for (let i = 0; i < 400; i++) {
    const run = await json<ExportRunDetail>(
      await call(`/api/ttd/runs/${runId}`, { cookie: user.cookie }),
    );
    if (run.status !== 'running') return run;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`export run ${runId} did not finish`);
}

export async function exportNow(user: TestUser, exportId: string): Promise<ExportRunDetail> {
  const response = await call(`/api/ttd/exports/${exportId}/runs`, {
    method: 'POST',
    cookie: user.cookie,
  });
  expect(response.status, await response.clone().text()).toBe(202);
  return waitForExportRun(user, (await json<{ runId: string }>(response)).runId);
}

/** The UID2s the TTD simulator holds in a segment now (not expired). */
export async function segmentMembers(
  name: string,
  advertiserId = TTD_ADVERTISER,
): Promise<string[]> {
  const response = await fetch(
    `${env.TTD_DATA_URL.replace('/{region}', '')}/__sim/segments/members?advertiserId=${encodeURIComponent(advertiserId)}&name=${encodeURIComponent(name)}`,
  );
  if (response.status === 404) return [];
  const body = (await response.json()) as { members: { idType: string; id: string }[] };
  return body.members
    .filter((m) => m.idType === 'UID2')
    .map((m) => m.id)
    .sort();
}

export async function created(user: TestUser, path: string, body: unknown): Promise<string> {
  const response = await call(path, { method: 'POST', cookie: user.cookie, json: body });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await json<{ id: string }>(response)).id;
}
