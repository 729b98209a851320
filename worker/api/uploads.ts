import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import {
  CreateUploadSchema,
  DeleteUploadQuerySchema,
  FINISHED_STATUSES,
  ProcessUploadSchema,
  UploadListQuerySchema,
} from '../../core/contracts/uploads';
import { getConfig } from '../config';
import { AppError } from '../lib/errors';
import { exportContacts, rejectsDownload } from '../services/upload-files';
import {
  cancelUpload,
  completeUpload,
  createUpload,
  deleteUpload,
  getUpload,
  listUploads,
  processUpload,
  putPart,
  replayChunk,
  uploadLimits,
} from '../services/uploads';
import type { ApiEnv } from './context';
import { requires } from './guard';
import { jsonBody, queryOf } from './validate';

const SSE_INTERVAL_MS = 1000;
/** A progress stream ends after this long; EventSource reconnects by itself. */
const SSE_MAX_MS = 5 * 60 * 1000;

function partNumber(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new AppError(400, 'bad_part', 'Part numbers are whole numbers from 1');
  return n;
}

/** Resumable multipart uploads of CSV files, their processing, results and history. */
export const uploadRoutes = new Hono<ApiEnv>()
  .get('/uploads/limits', requires('upload:view'), async (c) =>
    c.json(await uploadLimits(c.get('tenant'), getConfig(c.env))),
  )
  .get('/uploads', requires('upload:view'), queryOf(UploadListQuerySchema), async (c) =>
    c.json(await listUploads(c.get('deps'), c.get('tenant'), c.req.valid('query'))),
  )
  .post('/uploads', requires('upload:create'), jsonBody(CreateUploadSchema), async (c) => {
    const principal = c.get('principal');
    const { upload, resumed } = await createUpload(
      c.get('deps'),
      c.get('tenant'),
      c.get('actor'),
      principal.kind === 'user' ? principal.userId : null,
      getConfig(c.env),
      c.req.valid('json'),
    );
    return c.json(upload, resumed ? 200 : 201);
  })
  .get('/uploads/:id', requires('upload:view'), async (c) =>
    c.json(await getUpload(c.get('deps'), c.get('tenant'), c.req.param('id'))),
  )
  .put('/uploads/:id/parts/:n', requires('upload:create'), async (c) => {
    const length = c.req.header('content-length');
    const result = await putPart(
      c.get('deps'),
      c.get('tenant'),
      c.get('actor'),
      getConfig(c.env),
      c.req.param('id'),
      partNumber(c.req.param('n')),
      c.req.raw.body,
      length === undefined ? null : Number(length),
    );
    c.header('etag', result.etag);
    return c.json(result);
  })
  .post('/uploads/:id/complete', requires('upload:create'), async (c) =>
    c.json(
      await completeUpload(
        c.get('deps'),
        c.get('tenant'),
        c.get('actor'),
        getConfig(c.env),
        c.req.param('id'),
      ),
    ),
  )
  .post('/uploads/:id/process', requires('upload:map'), jsonBody(ProcessUploadSchema), async (c) =>
    c.json(
      await processUpload(
        c.get('deps'),
        c.get('tenant'),
        c.get('actor'),
        getConfig(c.env),
        c.req.param('id'),
        c.req.valid('json'),
      ),
    ),
  )
  .post('/uploads/:id/cancel', requires('upload:map'), async (c) =>
    c.json(await cancelUpload(c.get('deps'), c.get('tenant'), c.get('actor'), c.req.param('id'))),
  )
  .post('/uploads/:id/chunks/:n/replay', requires('upload:map'), async (c) => {
    const chunk = Number(c.req.param('n'));
    if (!Number.isInteger(chunk) || chunk < 0)
      throw new AppError(400, 'bad_chunk', 'Chunk numbers are whole numbers from 0');
    return c.json(
      await replayChunk(c.get('deps'), c.get('tenant'), c.get('actor'), c.req.param('id'), chunk),
    );
  })
  .delete(
    '/uploads/:id',
    requires('upload:delete'),
    queryOf(DeleteUploadQuerySchema),
    async (c) => {
      await deleteUpload(
        c.get('deps'),
        c.get('tenant'),
        c.get('actor'),
        c.req.param('id'),
        c.req.valid('query').records,
      );
      return c.body(null, 204);
    },
  )
  .get('/uploads/:id/rejects.csv', requires('upload:view'), async (c) => {
    const download = await rejectsDownload(c.get('deps'), c.get('tenant'), c.req.param('id'));
    return new Response(download.body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${download.filename}"`,
        'cache-control': 'no-store',
      },
    });
  })
  .get('/uploads/:id/events', requires('upload:view'), async (c) => {
    const deps = c.get('deps');
    const tenant = c.get('tenant');
    const id = c.req.param('id');
    await getUpload(deps, tenant, id); // 404 before the stream starts
    return streamSSE(c, async (stream) => {
      const started = Date.now();
      let last = '';
      while (!stream.aborted && Date.now() - started < SSE_MAX_MS) {
        const upload = await getUpload(deps, tenant, id).catch(() => null);
        if (!upload) break;
        const data = JSON.stringify(upload);
        if (data !== last) {
          await stream.writeSSE({ event: 'progress', data, id: String(Date.now()) });
          last = data;
        }
        if (FINISHED_STATUSES.includes(upload.status)) break;
        await stream.sleep(SSE_INTERVAL_MS);
      }
    });
  })
  .get('/contacts/export.csv', requires('contact:export'), async (c) => {
    const body = await exportContacts(c.get('deps'), c.get('tenant'), c.get('actor'));
    const stamp = new Date(c.get('deps').now()).toISOString().slice(0, 10);
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="contacts-${stamp}.csv"`,
        'cache-control': 'no-store',
      },
    });
  });
