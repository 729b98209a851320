// Demo lists for a fresh local install, imported through the running app exactly as a user would
// upload them (so the first screens show real uploads, quality metrics and rejects). Idempotent:
// nothing happens once the demo organisation has any upload.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { UploadList } from '../core/contracts/uploads';
import { writeContactsCsv } from './bench/contacts-csv';
import { DEMO_USERS } from './seed';
import { processUpload, signIn, uploadFile, waitForUpload } from './upload-client';

const DEMO_LISTS = [
  { name: 'Webinar attendees — Q3.csv', bytes: 400_000, seed: 7 },
  { name: 'Trade show leads — Berlin.csv', bytes: 150_000, seed: 11 },
];

export async function seedDemoUploads(url: string, dataDir: string): Promise<number> {
  const editor = DEMO_USERS.find((u) => u.role === 'editor')!;
  const session = await signIn(url, editor.email, editor.password);
  const existing = await fetch(`${url}/api/uploads?pageSize=1`, {
    headers: { cookie: session.cookie },
  });
  if (!existing.ok) throw new Error(`listing uploads failed: ${existing.status}`);
  if (((await existing.json()) as UploadList).total > 0) return 0;
  const dir = join(dataDir, 'seed');
  mkdirSync(dir, { recursive: true });
  for (const list of DEMO_LISTS) {
    const path = join(dir, list.name);
    await writeContactsCsv(path, list.bytes, list.seed);
    const upload = await uploadFile(session, path, list.name);
    await processUpload(session, upload.id, { defaultCountry: 'US' });
    await waitForUpload(session, upload.id);
  }
  return DEMO_LISTS.length;
}
