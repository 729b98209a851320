import { env } from 'cloudflare:workers';
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IngestChunkMessage, Upload } from '../../core/contracts/uploads';
import {
  auditEvents,
  contactLists,
  contacts,
  uploadChunkResults,
  uploadChunks,
  uploads,
} from '../db/schema';
import { handleQueue } from '../queues/consume';
import { call, createOrg, json, memberOf, signUp, type TestUser } from '../test-support/accounts';
import { testDb } from '../test-support/db';
import { opened } from '../test-support/pii';
import {
  complete,
  contactsFile,
  createUpload,
  getUpload,
  importFile,
  putPart,
  sendParts,
  sha256Hex,
  startProcessing,
  waitFinished,
} from '../test-support/uploads';

let owner: TestUser;
let orgId: string;
let editor: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  owner = await signUp('up-owner');
  orgId = await createOrg(owner, 'Uploads Org');
  editor = await memberOf(orgId, 'editor', 'up-editor');
  viewer = await memberOf(orgId, 'viewer', 'up-viewer');
});

/** The organisation's contact rows, email and phone opened (they are sealed at rest). */
async function contactsOf(org: string) {
  return opened(await testDb().select().from(contacts).where(eq(contacts.orgId, org)));
}

describe('uploading in parts', () => {
  it('states the limits before a file is picked', async () => {
    const limits = await json<{ maxBytes: number; partSize: number }>(
      await call('/api/uploads/limits', { cookie: viewer.cookie }),
    );
    expect(limits).toMatchObject({ maxBytes: 5_000_000_000, partSize: 5 * 1024 * 1024 });
  });

  it('sniffs part 1 before the rest arrives, and refuses other parts until it is in', async () => {
    const file = contactsFile(70_000, 'sniff');
    const { upload } = await createUpload(editor, 'sniff.csv', file.bytes);
    expect(upload.partCount).toBeGreaterThanOrEqual(2);
    expect((await putPart(editor, upload, file.bytes, 2)).status).toBe(409);
    await sendParts(editor, upload, file.bytes, [1]);
    const sniffed = await getUpload(editor, upload.id);
    expect(sniffed.sniff).toMatchObject({
      encoding: 'utf-8',
      delimiter: ',',
      headerLine: 1,
      headers: ['Email', 'First Name', 'Last Name', 'Company Website', 'Phone', 'Country'],
    });
    expect(sniffed.sniff!.preview[0]![0]).toBe('person1.sniff@example.com');
    expect(sniffed.suggestions!.map((s) => s.field)).toEqual([
      'email',
      'first_name',
      'last_name',
      'company_domain',
      'phone',
      'country',
    ]);
    expect(sniffed.partsStored).toEqual([1]);
  });

  it('resumes: the same file picked again continues its upload, and the stored object is the file', async () => {
    // Three parts of 5 MiB or less, in an organisation of its own (its rows would slow the others).
    const resumer = await signUp('resumer');
    await createOrg(resumer, 'Resume');
    const file = contactsFile(140_000, 'resume');
    const first = await createUpload(resumer, 'resume.csv', file.bytes);
    expect(first.status).toBe(201);
    const { upload } = first;
    // Interrupted after parts 1 and 3.
    await sendParts(resumer, upload, file.bytes, [1, 3]);
    const again = await createUpload(resumer, 'resume.csv', file.bytes);
    expect(again.status).toBe(200);
    expect(again.upload.id).toBe(upload.id);
    expect(again.upload.partsStored).toEqual([1, 3]);
    const missing = Array.from({ length: upload.partCount }, (_, i) => i + 1).filter(
      (n) => !again.upload.partsStored.includes(n),
    );
    // Completing early names what is missing.
    const early = await call(`/api/uploads/${upload.id}/complete`, {
      method: 'POST',
      cookie: resumer.cookie,
    });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({
      error: { code: 'parts_missing', details: { missing } },
    });
    // A part sent twice (a retry after a lost response) is harmless.
    await sendParts(resumer, upload, file.bytes, [...missing, missing[0]!]);
    const done = await complete(resumer, upload.id);
    expect(done.status).toBe('uploaded');
    const [row] = await testDb().select().from(uploads).where(eq(uploads.id, upload.id));
    const stored = await env.UPLOADS.get(row!.r2Key);
    const storedBytes = new Uint8Array(await stored!.arrayBuffer());
    expect(await sha256Hex(storedBytes)).toBe(await sha256Hex(file.bytes));

    // Chunks planned from the three parts' scans cover every row exactly once.
    await startProcessing(resumer, await getUpload(resumer, upload.id));
    const imported = await waitFinished(resumer, upload.id, 200_000);
    expect(imported.counts).toMatchObject({
      ...file.expected,
      created: file.expected.accepted - file.expected.duplicates,
    });
  }, 240_000);

  it('checks each part: size, number, and state', async () => {
    const file = contactsFile(2000, 'checks');
    const { upload } = await createUpload(editor, 'checks.csv', file.bytes);
    const short = await call(`/api/uploads/${upload.id}/parts/1`, {
      method: 'PUT',
      cookie: editor.cookie,
      body: file.bytes.subarray(0, 100),
    });
    expect(short.status).toBe(400);
    expect(await short.json()).toMatchObject({ error: { code: 'part_size' } });
    const beyond = await call(`/api/uploads/${upload.id}/parts/${upload.partCount + 1}`, {
      method: 'PUT',
      cookie: editor.cookie,
      body: file.bytes.subarray(0, 10),
    });
    expect(beyond.status).toBe(400);
    const cancelled = await json<Upload>(
      await call(`/api/uploads/${upload.id}/cancel`, { method: 'POST', cookie: editor.cookie }),
    );
    expect(cancelled.status).toBe('cancelled');
    expect((await putPart(editor, upload, file.bytes, 1)).status).toBe(409);
  });

  it('refuses a file over the organisation limit before anything is stored', async () => {
    const response = await call('/api/uploads', {
      method: 'POST',
      cookie: editor.cookie,
      json: { name: 'huge.csv', sizeBytes: 6e9, lastModified: 0, fingerprint: '0'.repeat(64) },
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'too_large' } });
  });

  it('refuses a spreadsheet with an actionable message and keeps nothing of it', async () => {
    const zip = new Uint8Array(new ArrayBuffer(70_000));
    zip.set([0x50, 0x4b, 0x03, 0x04]);
    zip.set(new TextEncoder().encode('[Content_Types].xml xl/workbook.xml'), 30);
    const { upload } = await createUpload(editor, 'contacts.xlsx', zip);
    const response = await putPart(editor, upload, zip, 1);
    expect(response.status).toBe(415);
    const body = await json<{ error: { code: string; message: string } }>(response);
    expect(body.error.code).toBe('not_csv');
    expect(body.error.message).toMatch(/Save it as CSV/);
    expect((await getUpload(editor, upload.id)).status).toBe('cancelled');
    const listed = await env.UPLOADS.list({ prefix: `orgs/${orgId}/uploads/${upload.id}/` });
    expect(listed.objects).toEqual([]);
  });

  it('lets a viewer see uploads but not create one', async () => {
    const file = contactsFile(10, 'viewer');
    const response = await call('/api/uploads', {
      method: 'POST',
      cookie: viewer.cookie,
      json: {
        name: 'v.csv',
        sizeBytes: file.bytes.length,
        lastModified: 0,
        fingerprint: 'a'.repeat(64),
      },
    });
    expect(response.status).toBe(403);
    expect((await call('/api/uploads', { cookie: viewer.cookie })).status).toBe(200);
  });
});

describe('processing', () => {
  let file: ReturnType<typeof contactsFile>;
  let done: Upload;

  beforeAll(async () => {
    file = contactsFile(6000, 'main');
    done = await importFile(editor, 'main.csv', file.bytes);
  });

  it('imports the rows, sets aside the bad ones and counts exactly', async () => {
    expect(done.status).toBe('completed_with_errors');
    expect(done.progress!.chunksTotal).toBeGreaterThan(5);
    expect(done.counts).toEqual({
      rows: file.expected.rows,
      accepted: file.expected.accepted,
      rejected: file.expected.rejected,
      duplicates: file.expected.duplicates,
      created: file.expected.accepted - file.expected.duplicates,
      matched: 0,
    });
    const rows = opened(
      await testDb()
        .select()
        .from(contacts)
        .where(and(eq(contacts.orgId, orgId), eq(contacts.createdUploadId, done.id))),
    );
    expect(rows.map((r) => r.email).sort()).toEqual([...file.emails].sort());
    const one = rows.find((r) => r.email === 'person1.main@example.com')!;
    expect(one).toMatchObject({
      firstName: 'First1',
      lastName: 'Last, 1',
      companyDomain: 'acme-1.co.uk',
      country: 'GB',
    });
    expect(one.emailHash).toHaveLength(32);
  });

  it('keeps the first row of a person by default (lines compared, whatever the chunk order)', async () => {
    // Row 14 repeats row 8 ("Again", "Dup14"); the first one's names win.
    const rows = (await contactsOf(orgId)).filter((r) => r.email === 'person8.main@example.com');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ firstName: 'First8', writtenLine: 9 });
  });

  it('reports quality with every rejection reason and examples', async () => {
    const reasons = Object.fromEntries(done.quality!.reasons.map((r) => [r.reason, r.count]));
    expect(reasons).toEqual({
      email_invalid: file.expected.rejected - 1,
      column_count: 1,
    });
    const email = done.quality!.reasons.find((r) => r.reason === 'email_invalid')!;
    expect(email.examples[0]).toMatchObject({ line: 11, column: 'Email' });
    expect(email.examples[0]!.raw).toContain('broken-10-at-main');
    expect(done.quality!.score).toBeGreaterThan(50);
    expect(done.quality!.score).toBeLessThan(100);
  });

  it('serves the rejects as a formula-safe CSV with line, offset, column, reason and the raw line', async () => {
    const response = await call(`/api/uploads/${done.id}/rejects.csv`, { cookie: viewer.cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('main-rejects.csv');
    const text = await response.text();
    const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true });
    expect(parsed.data.map((r) => Number(r.line))).toEqual(file.badLines);
    const lines = file.text.split('\r\n');
    for (const row of parsed.data) {
      expect(row.raw_line).toBe(lines[Number(row.line) - 1]);
      // The byte offset finds the row again in the file.
      const offset = Number(row.byte_offset);
      expect(file.text.slice(offset, offset + row.raw_line!.length)).toBe(row.raw_line);
    }
  });

  it('lists the upload in the history with search, filters and paging', async () => {
    const list = await json<{
      uploads: Array<{ id: string; qualityScore: number }>;
      total: number;
    }>(await call('/api/uploads?q=main&status=completed_with_errors', { cookie: viewer.cookie }));
    expect(list.uploads.map((u) => u.id)).toContain(done.id);
    const none = await json<{ total: number }>(
      await call('/api/uploads?q=main&status=failed', { cookie: viewer.cookie }),
    );
    expect(none.total).toBe(0);
    // Search text is literal: '%' and '_' are not wildcards.
    for (const q of ['%25', '_'])
      expect(
        (
          await json<{ total: number }>(
            await call(`/api/uploads?q=${q}`, { cookie: viewer.cookie }),
          )
        ).total,
      ).toBe(0);
    const paged = await json<{ uploads: unknown[]; pageSize: number }>(
      await call('/api/uploads?pageSize=1&sort=name&dir=asc', { cookie: viewer.cookie }),
    );
    expect(paged.uploads).toHaveLength(1);
  });

  it('audits each step', async () => {
    const events = await testDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.targetId, done.id)));
    expect(events.map((e) => e.action).sort()).toEqual(
      ['upload.completed', 'upload.created', 'upload.processing_started', 'upload.uploaded'].sort(),
    );
    const completed = events.find((e) => e.action === 'upload.completed')!;
    expect(completed.summary).not.toContain('@');
  });

  it('exports the organisation’s contacts as CSV for admins only', async () => {
    expect((await call('/api/contacts/export.csv', { cookie: editor.cookie })).status).toBe(403);
    const response = await call('/api/contacts/export.csv', { cookie: owner.cookie });
    expect(response.status).toBe(200);
    const parsed = Papa.parse<Record<string, string>>((await response.text()).trim(), {
      header: true,
    });
    const all = await contactsOf(orgId);
    expect(parsed.data).toHaveLength(all.length);
    expect(parsed.data.map((r) => r.email)).toEqual(expect.arrayContaining(file.emails));
  });

  it('pushes progress as server-sent events and ends the stream once the upload is finished', async () => {
    const response = await call(`/api/uploads/${done.id}/events`, { cookie: viewer.cookie });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    const events = text.split('\n\n').filter((block) => block.includes('event: progress'));
    expect(events).toHaveLength(1);
    const data = events[0]!
      .split('\n')
      .find((l) => l.startsWith('data: '))!
      .slice(6);
    expect(JSON.parse(data)).toMatchObject({ id: done.id, status: 'completed_with_errors' });
    const other = await signUp('sse-other');
    await createOrg(other, 'SSE other');
    expect((await call(`/api/uploads/${done.id}/events`, { cookie: other.cookie })).status).toBe(
      404,
    );
  });

  it('remembers the mapping for files with the same header', async () => {
    const other = contactsFile(20, 'remember');
    const { upload } = await createUpload(editor, 'remember.csv', other.bytes);
    await sendParts(editor, upload, other.bytes);
    const sniffed = await getUpload(editor, upload.id);
    expect(sniffed.suggestions!.every((s) => s.method === 'saved')).toBe(true);
  });
});

describe('idempotent chunks', () => {
  it('delivering every chunk twice and out of order changes nothing', async () => {
    const file = contactsFile(5000, 'idem');
    const baselineOwner = await signUp('idem-base');
    const baselineOrg = await createOrg(baselineOwner, 'Idem baseline');
    const baseline = await importFile(baselineOwner, 'idem.csv', file.bytes);

    const twiceOwner = await signUp('idem-twice');
    const twiceOrg = await createOrg(twiceOwner, 'Idem twice');
    const { upload } = await createUpload(twiceOwner, 'idem.csv', file.bytes);
    await sendParts(twiceOwner, upload, file.bytes);
    const sniffed = await getUpload(twiceOwner, upload.id);
    await complete(twiceOwner, upload.id);
    const started = await startProcessing(twiceOwner, sniffed);
    const chunks = started.progress!.chunksTotal;
    const messages: IngestChunkMessage[] = [];
    for (let round = 0; round < 2; round++)
      for (let chunk = 0; chunk < chunks; chunk++)
        messages.push({
          type: 'ingest.chunk',
          orgId: twiceOrg,
          uploadId: upload.id,
          generation: started.generation,
          phase: 'write',
          chunk,
        });
    messages.sort(() => Math.random() - 0.5);
    // Delivered here, concurrently, on top of the queue's own deliveries.
    await Promise.all(
      messages.map(async (body, i) => {
        const batch = createMessageBatch('p360-ingest', [
          { id: `idem-${i}`, timestamp: new Date(), attempts: 1, body },
        ]);
        const ctx = createExecutionContext();
        await handleQueue(batch, env, ctx);
        expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual([`idem-${i}`]);
      }),
    );
    const twice = await waitFinished(twiceOwner, upload.id);
    expect(twice.counts).toEqual(baseline.counts);
    expect(twice.quality!.score).toBe(baseline.quality!.score);
    const shape = (rows: Array<typeof contacts.$inferSelect>) =>
      rows
        .map((r) => [r.email, r.firstName, r.lastName, r.companyDomain, r.writtenLine].join('|'))
        .sort();
    expect(shape(await contactsOf(twiceOrg))).toEqual(shape(await contactsOf(baselineOrg)));
    const results = await testDb()
      .select()
      .from(uploadChunkResults)
      .where(eq(uploadChunkResults.uploadId, upload.id));
    expect(results).toHaveLength(chunks);
  });
});

describe('concurrency', () => {
  it('two people in one organisation and another organisation upload at once without mixing', async () => {
    const second = await memberOf(orgId, 'editor', 'up-editor-2');
    const otherOwner = await signUp('conc-other');
    const otherOrg = await createOrg(otherOwner, 'Concurrent other');
    const a = contactsFile(1200, 'conc-a');
    const b = contactsFile(900, 'conc-b', { badEvery: 9 });
    const c = contactsFile(1000, 'conc-c', { dupEvery: 5 });
    const [ua, ub, uc] = await Promise.all([
      importFile(editor, 'conc-a.csv', a.bytes),
      importFile(second, 'conc-b.csv', b.bytes),
      importFile(otherOwner, 'conc-c.csv', c.bytes),
    ]);
    for (const [upload, file] of [
      [ua, a],
      [ub, b],
      [uc, c],
    ] as const) {
      expect(upload.counts).toMatchObject({
        ...file.expected,
        created: file.expected.accepted - file.expected.duplicates,
      });
    }
    const other = await contactsOf(otherOrg);
    expect(other.map((r) => r.email).sort()).toEqual([...c.emails].sort());
    const mine = await contactsOf(orgId);
    expect(mine.some((r) => r.email?.includes('conc-c'))).toBe(false);
  });
});

describe('strategies and policies', () => {
  it('"stop above N% invalid" imports nothing and says why', async () => {
    const file = contactsFile(300, 'stop', { badEvery: 4 });
    const { upload } = await createUpload(editor, 'stop.csv', file.bytes);
    await sendParts(editor, upload, file.bytes);
    const sniffed = await getUpload(editor, upload.id);
    await complete(editor, upload.id);
    await startProcessing(editor, sniffed, { onInvalid: 'stop', maxInvalidPercent: 10 });
    const failed = await waitFinished(editor, upload.id);
    expect(failed.status).toBe('failed');
    expect(failed.error!.code).toBe('too_many_invalid');
    expect(failed.counts!.rejected).toBe(file.expected.rejected);
    const written = await testDb()
      .select()
      .from(contactLists)
      .where(eq(contactLists.uploadId, upload.id));
    expect(written).toEqual([]);
    // The rejects are there to fix the file.
    const rejects = await call(`/api/uploads/${upload.id}/rejects.csv`, { cookie: editor.cookie });
    expect((await rejects.text()).trim().split('\r\n')).toHaveLength(file.expected.rejected + 1);
  });

  it('matches contacts the organisation already has: merge fills gaps, skip leaves them', async () => {
    const owner2 = await signUp('strat');
    await createOrg(owner2, 'Strategies');
    const enc = new TextEncoder();
    const first = enc.encode(
      'email,first name,title\r\nann@corp-example.com,Ann,\r\nbob@corp-example.com,,CTO\r\n',
    );
    const second = enc.encode(
      'email,first name,title\r\nann@corp-example.com,Annie,VP Sales\r\nbob@corp-example.com,Bob,CEO\r\ncat@corp-example.com,Cat,\r\n',
    );
    await importFile(owner2, 'first.csv', first);
    const merged = await importFile(owner2, 'second.csv', second, { existing: 'merge' });
    expect(merged.counts).toMatchObject({ accepted: 3, created: 1, matched: 2, duplicates: 0 });
    const me = await json<{ activeOrgId: string }>(
      await call('/api/me', { cookie: owner2.cookie }),
    );
    const rows = Object.fromEntries(
      (await contactsOf(me.activeOrgId)).map((r) => [r.email, [r.firstName, r.title]]),
    );
    expect(rows).toEqual({
      'ann@corp-example.com': ['Ann', 'VP Sales'],
      'bob@corp-example.com': ['Bob', 'CTO'],
      'cat@corp-example.com': ['Cat', null],
    });
    const third = enc.encode('email,first name,title\r\nann@corp-example.com,Anna,Chief\r\n');
    await importFile(owner2, 'third.csv', third, { existing: 'update' });
    const updated = (await contactsOf(me.activeOrgId)).find(
      (r) => r.email === 'ann@corp-example.com',
    );
    expect(updated).toMatchObject({ firstName: 'Anna', title: 'Chief' });
    const fourth = enc.encode('email,first name,title\r\nann@corp-example.com,Zed,Zed\r\n');
    await importFile(owner2, 'fourth.csv', fourth, { existing: 'skip' });
    const skipped = (await contactsOf(me.activeOrgId)).find(
      (r) => r.email === 'ann@corp-example.com',
    );
    expect(skipped).toMatchObject({ firstName: 'Anna', title: 'Chief' });
  });

  it('keep last takes the later row of a person', async () => {
    const owner3 = await signUp('keeplast');
    const org3 = await createOrg(owner3, 'Keep last');
    const bytes = new TextEncoder().encode(
      'email,first name\r\nx@corp-example.com,One\r\nx@corp-example.com,Two\r\n',
    );
    const done = await importFile(owner3, 'k.csv', bytes, { inFile: 'keep_last' });
    expect(done.counts).toMatchObject({ accepted: 2, duplicates: 1, created: 1 });
    expect((await contactsOf(org3))[0]).toMatchObject({ firstName: 'Two', writtenLine: 3 });
  });

  it('re-processing with a new mapping replaces what the upload imported', async () => {
    const owner4 = await signUp('reproc');
    const org4 = await createOrg(owner4, 'Reprocess');
    const file = contactsFile(200, 'reproc');
    const first = await importFile(owner4, 'r.csv', file.bytes);
    const mapping = first.suggestions!.map((s) => (s.field === 'last_name' ? null : s.field));
    const response = await call(`/api/uploads/${first.id}/process`, {
      method: 'POST',
      cookie: owner4.cookie,
      json: { mapping },
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const again = await waitFinished(owner4, first.id);
    expect(again.generation).toBe(2);
    expect(again.counts).toEqual(first.counts);
    const rows = await contactsOf(org4);
    expect(rows).toHaveLength(first.counts!.created);
    expect(rows.every((r) => r.lastName === null)).toBe(true);
  });

  it('starts processing whichever of "complete" and "process" arrives last, even at the same time', async () => {
    for (let i = 0; i < 3; i++) {
      const file = contactsFile(50, `race-${i}`);
      const { upload } = await createUpload(editor, `race-${i}.csv`, file.bytes);
      await sendParts(editor, upload, file.bytes);
      const sniffed = await getUpload(editor, upload.id);
      await Promise.all([
        complete(editor, upload.id),
        call(`/api/uploads/${upload.id}/process`, {
          method: 'POST',
          cookie: editor.cookie,
          json: { mapping: sniffed.suggestions!.map((s) => s.field) },
        }),
      ]);
      expect((await waitFinished(editor, upload.id)).counts!.rows).toBe(file.expected.rows);
    }
  });

  it('refuses a mapping without any identifier, with a message that says what to do', async () => {
    const file = contactsFile(20, 'noid');
    const { upload } = await createUpload(editor, 'noid.csv', file.bytes);
    await sendParts(editor, upload, file.bytes);
    const response = await call(`/api/uploads/${upload.id}/process`, {
      method: 'POST',
      cookie: editor.cookie,
      json: { mapping: [null, 'first_name', 'last_name', null, null, null] },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'no_identifier_column' } });
    const unknown = await call(`/api/uploads/${upload.id}/process`, {
      method: 'POST',
      cookie: editor.cookie,
      json: {
        mapping: ['email', 'first_name', 'last_name', null, null, null],
        options: { defaultCountry: 'XX' },
      },
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_country' } });
  });
});

describe('failures, deletion and retention', () => {
  it('a chunk that exhausted its retries is shown and can be replayed', async () => {
    const file = contactsFile(3000, 'dead');
    const done = await importFile(editor, 'dead.csv', file.bytes);
    const db = testDb();
    // As if chunk 1 had never committed and its message had gone to the dead-letter queue.
    await db
      .delete(uploadChunkResults)
      .where(and(eq(uploadChunkResults.uploadId, done.id), eq(uploadChunkResults.chunk, 1)));
    await db
      .update(uploads)
      .set({ status: 'processing', finishedAt: null })
      .where(eq(uploads.id, done.id));
    const body: IngestChunkMessage = {
      type: 'ingest.chunk',
      orgId,
      uploadId: done.id,
      generation: done.generation,
      phase: 'write',
      chunk: 1,
    };
    const batch = createMessageBatch('p360-ingest-dlq', [
      { id: `dead-${done.id}`, timestamp: new Date(), attempts: 6, body },
    ]);
    await handleQueue(batch, env, createExecutionContext());
    const failed = await getUpload(editor, done.id);
    expect(failed.status).toBe('failed');
    expect(failed.error!.code).toBe('chunk_failed');
    expect(failed.progress!.chunksFailed).toEqual([1]);
    const [chunk] = await db
      .select()
      .from(uploadChunks)
      .where(and(eq(uploadChunks.uploadId, done.id), eq(uploadChunks.chunk, 1)));
    expect(chunk!.state).toBe('dead');

    const replay = await call(`/api/uploads/${done.id}/chunks/1/replay`, {
      method: 'POST',
      cookie: editor.cookie,
    });
    expect(replay.status).toBe(200);
    const after = await waitFinished(editor, done.id);
    expect(after.status).toBe('completed_with_errors');
    expect(after.counts).toEqual(done.counts);
  });

  it('deleting with records removes the contacts only that upload brought', async () => {
    const owner5 = await signUp('del');
    const org5 = await createOrg(owner5, 'Delete');
    const enc = new TextEncoder();
    const keep = await importFile(
      owner5,
      'keep.csv',
      enc.encode('email\r\nshared@x-example.com\r\n'),
    );
    const gone = await importFile(
      owner5,
      'gone.csv',
      enc.encode('email\r\nshared@x-example.com\r\nonly@x-example.com\r\n'),
    );
    const response = await call(`/api/uploads/${gone.id}?records=remove`, {
      method: 'DELETE',
      cookie: owner5.cookie,
    });
    expect(response.status).toBe(204);
    expect((await contactsOf(org5)).map((r) => r.email)).toEqual(['shared@x-example.com']);
    expect((await call(`/api/uploads/${gone.id}`, { cookie: owner5.cookie })).status).toBe(404);
    const listed = await env.UPLOADS.list({ prefix: `orgs/${org5}/uploads/${gone.id}/` });
    expect(listed.objects).toEqual([]);
    expect((await getUpload(owner5, keep.id)).status).toBe('completed');
  });

  it('retention removes old source files from R2 and keeps the records', async () => {
    const owner6 = await signUp('ret');
    const org6 = await createOrg(owner6, 'Retention');
    const file = contactsFile(100, 'ret');
    const done = await importFile(owner6, 'ret.csv', file.bytes);
    await testDb()
      .update(uploads)
      .set({ finishedAt: new Date(Date.now() - 31 * 86_400_000) })
      .where(eq(uploads.id, done.id));
    const { runRetention } = await import('../jobs/retention');
    const { buildDeps, rootLogger } = await import('../deps');
    const summary = await runRetention(buildDeps(env, rootLogger(env)));
    expect(summary.sourcesRemoved).toBeGreaterThanOrEqual(1);
    const after = await getUpload(owner6, done.id);
    expect(after.sourceDeletedAt).not.toBeNull();
    const listed = await env.UPLOADS.list({ prefix: `orgs/${org6}/uploads/${done.id}/` });
    expect(listed.objects).toEqual([]);
    expect(await contactsOf(org6)).toHaveLength(done.counts!.created);
    const reprocess = await call(`/api/uploads/${done.id}/process`, {
      method: 'POST',
      cookie: owner6.cookie,
      json: { mapping: done.settings!.mapping },
    });
    expect(reprocess.status).toBe(409);
  });
});

describe('emails and phone numbers at rest', () => {
  let piiOwner: TestUser;
  let piiOrg: string;
  const people = [
    ['Ada.Lovelace@Example.com', '+1 415 555 2671', 'Ada'],
    ['grace@navy-example.com', '', 'Grace'],
    ['', '+1 212 736 5000', 'Alan'],
  ] as const;

  beforeAll(async () => {
    piiOwner = await signUp('pii');
    piiOrg = await createOrg(piiOwner, 'PII at rest');
    const csv = `email,phone,first name,country\r\n${people
      .map((p) => `${p.join(',')},US`)
      .join('\r\n')}\r\n`;
    const done = await importFile(piiOwner, 'pii.csv', new TextEncoder().encode(csv));
    expect(done.status).toBe('completed');
  });

  const storedRows = () => testDb().select().from(contacts).where(eq(contacts.orgId, piiOrg));
  const inUs = {
    version: 1,
    root: {
      id: 'root',
      kind: 'group',
      op: 'and',
      children: [{ id: 'c', kind: 'rule', field: 'country', op: 'eq', value: 'US' }],
    },
  };
  async function usAudience(): Promise<string> {
    const response = await call('/api/audiences', {
      method: 'POST',
      cookie: piiOwner.cookie,
      json: { name: `US ${crypto.randomUUID()}`, definition: inUs },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return (await json<{ id: string }>(response)).id;
  }

  it('stores the email and phone sealed under the PII key id, never in clear, hashes unchanged', async () => {
    const rows = await storedRows();
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      for (const sealed of [row.email, row.phone].filter((v) => v !== null)) {
        expect(sealed).toMatch(/^p1\.[A-Za-z0-9_-]+$/);
        expect(sealed).not.toContain('@');
        expect(sealed).not.toMatch(/lovelace|grace|4155552671|2127365000/i);
      }
    }
    const ada = rows.find((r) => r.firstName === 'Ada')!;
    expect(ada.emailHash).toHaveLength(32);
    expect(ada.phoneHash).toHaveLength(32);
    // The company domain is still derived from the plain address, before sealing.
    expect(rows.find((r) => r.firstName === 'Grace')!.companyDomain).toBe('navy-example.com');
    // Missing stays missing (NULL), so "has an email / phone" and the merge rules still hold.
    expect(rows.find((r) => r.firstName === 'Grace')!.phone).toBeNull();
    expect(rows.find((r) => r.firstName === 'Alan')!.email).toBeNull();
    expect(opened(rows).map((r) => [r.firstName, r.email, r.phone])).toEqual(
      expect.arrayContaining([
        ['Ada', 'ada.lovelace@example.com', '+14155552671'],
        ['Grace', 'grace@navy-example.com', null],
        ['Alan', null, '+12127365000'],
      ]),
    );
  });

  it('still shows masked addresses in the members preview and real ones in the members CSV', async () => {
    const id = await usAudience();
    const preview = await json<{
      members: Array<{ email: string | null; phone: string | null; firstName: string }>;
    }>(await call(`/api/audiences/${id}/members?limit=10`, { cookie: piiOwner.cookie }));
    expect(preview.members.map((m) => [m.firstName, m.email, m.phone])).toEqual(
      expect.arrayContaining([
        ['A.', 'a***@e***.com', '***71'],
        ['G.', 'g***@n***.com', null],
        ['A.', null, '***00'],
      ]),
    );
    const csv = await call(`/api/audiences/${id}/members.csv`, { cookie: piiOwner.cookie });
    expect(csv.status).toBe(200);
    const parsed = Papa.parse<Record<string, string>>((await csv.text()).trim(), { header: true });
    // Cells are formula-safe: an E.164 number's leading "+" is escaped with a quote.
    expect(parsed.data.map((r) => [r.first_name, r.email, r.phone])).toEqual(
      expect.arrayContaining([
        ['Ada', 'ada.lovelace@example.com', "'+14155552671"],
        ['Grace', 'grace@navy-example.com', ''],
        ['Alan', '', "'+12127365000"],
      ]),
    );
  });

  it('exports the real addresses in the organisation’s contacts CSV', async () => {
    const response = await call('/api/contacts/export.csv', { cookie: piiOwner.cookie });
    const parsed = Papa.parse<Record<string, string>>((await response.text()).trim(), {
      header: true,
    });
    expect(parsed.data.map((r) => r.email).sort()).toEqual(
      ['', 'ada.lovelace@example.com', 'grace@navy-example.com'].sort(),
    );
  });

  it('shows a value no configured key opens as missing instead of failing the page', async () => {
    const owner7 = await signUp('pii-retired');
    const org7 = await createOrg(owner7, 'Retired key');
    await importFile(
      owner7,
      'retired.csv',
      new TextEncoder().encode('email,country\r\nold@retired-example.com,US\r\n'),
    );
    const [row] = await testDb().select().from(contacts).where(eq(contacts.orgId, org7));
    await testDb()
      .update(contacts)
      .set({ email: `p0.${row!.email!.slice(3)}` })
      .where(eq(contacts.id, row!.id));
    const response = await call('/api/audiences', {
      method: 'POST',
      cookie: owner7.cookie,
      json: { name: 'Retired', definition: inUs },
    });
    const { id } = await json<{ id: string }>(response);
    const preview = await call(`/api/audiences/${id}/members?limit=10`, { cookie: owner7.cookie });
    expect(preview.status).toBe(200);
    expect((await json<{ members: Array<{ email: string | null }> }>(preview)).members).toEqual([
      expect.objectContaining({ email: null }),
    ]);
  });

  it('merging a later upload fills a missing phone and keeps the sealed email readable', async () => {
    await importFile(
      piiOwner,
      'pii-merge.csv',
      new TextEncoder().encode('email,phone\r\ngrace@navy-example.com,+1 650 253 0000\r\n'),
      { existing: 'merge' },
    );
    const grace = opened(await storedRows()).find((r) => r.firstName === 'Grace');
    expect(grace).toMatchObject({ email: 'grace@navy-example.com', phone: '+16502530000' });
  });
});
