import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../../core/contracts/api-error';
import { getAuth } from '../auth/get-auth';
import { buildDeps, rootLogger } from '../deps';
import { AppError } from '../lib/errors';
import { errorFields } from '../lib/log';
import { requestIdFor } from '../lib/request-id';
import { audienceRoutes } from './audiences';
import type { ApiEnv } from './context';
import { healthRoutes } from './health';
import { activationRoutes } from './activation';
import { intentRoutes } from './intent';
import { organizationRoutes } from './organization';
import { overviewRoutes } from './overview';
import { devMailRoutes, invitationLinkRoutes } from './public';
import { sessionRoutes } from './session';
import { uploadRoutes } from './uploads';
import { versionRoutes } from './version';

/**
 * The JSON API. Middleware gives every request an id and a logger and writes one access-log line;
 * `onError` is the single funnel that turns failures into `{ error: { code, message } }`.
 */
export function createApi() {
  const api = new Hono<ApiEnv>().basePath('/api');

  api.use(async (c, next) => {
    const requestId = requestIdFor(c.req.raw);
    const log = rootLogger(c.env, { requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    const deps = buildDeps(c.env, log);
    c.set('deps', deps);
    const started = Date.now();
    await next();
    c.header('x-request-id', requestId);
    log.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Date.now() - started,
    });
  });

  api.route('/health', healthRoutes);
  api.route('/version', versionRoutes);
  // Better Auth: sign-up, sign-in, sign-out, password reset, session.
  api.on(['GET', 'POST'], '/auth/*', (c) => authFor(c).handler(c.req.raw));
  api.use('*', async (c, next) => {
    c.set('auth', authFor(c));
    await next();
  });
  api.route('/', sessionRoutes);
  api.route('/', invitationLinkRoutes);
  api.route('/', devMailRoutes);
  api.route('/', overviewRoutes);
  api.route('/', organizationRoutes);
  api.route('/', uploadRoutes);
  api.route('/', audienceRoutes);
  api.route('/', intentRoutes);
  api.route('/', activationRoutes);

  api.notFound((c) =>
    c.json(
      errorBody('not_found', `No API route for ${c.req.method} ${c.req.path}`, c.get('requestId')),
      404,
    ),
  );

  api.onError((error, c) => {
    const requestId = c.get('requestId');
    c.header('x-request-id', requestId);
    if (error instanceof AppError) {
      return c.json(errorBody(error.code, error.message, requestId, error.details), error.status);
    }
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode;
      return c.json(
        errorBody(httpCode(status), error.message || 'Request failed', requestId),
        status,
      );
    }
    c.get('log').error('unhandled error', errorFields(error));
    return c.json(
      errorBody(
        'internal_error',
        'Something went wrong on our side. Quote the request id if you contact support.',
        requestId,
      ),
      500,
    );
  });

  return api;
}

function authFor(c: Context<ApiEnv>) {
  return getAuth(c.env, c.get('deps'), new URL(c.req.url).origin);
}

function errorBody(code: string, message: string, requestId: string, details?: unknown): ApiError {
  return { error: { code, message, requestId, ...(details === undefined ? {} : { details }) } };
}

function httpCode(status: number): string {
  if (status === 400) return 'bad_request';
  if (status === 401) return 'unauthorised';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 413) return 'payload_too_large';
  return status >= 500 ? 'internal_error' : 'request_failed';
}
