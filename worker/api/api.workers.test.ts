import { env, exports } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ApiErrorSchema } from '../../core/contracts/api-error';
import { HealthReportSchema, VersionSchema } from '../../core/contracts/health';
import { AppError } from '../lib/errors';
import { createApi } from './app';

const app = (path: string, init?: RequestInit) =>
  exports.default.fetch(new Request(`http://app.test${path}`, init));

describe('GET /api/health', () => {
  it('reports every dependency green after really exercising it', async () => {
    const response = await app('/api/health');
    const body = HealthReportSchema.parse(await response.json());
    expect(response.status).toBe(200);
    expect(body.status).toBe('ok');
    for (const check of Object.values(body.checks)) expect(check).toMatchObject({ ok: true });
  });

  it('is degraded with 503, naming the failed dependency, when Turso is unreachable', async () => {
    const broken = { ...env, TURSO_DATABASE_URL: 'http://127.0.0.1:1' };
    const ctx = createExecutionContext();
    const response = await createApi().fetch(
      new Request('http://app.test/api/health'),
      broken,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const body = HealthReportSchema.parse(await response.json());
    expect(response.status).toBe(503);
    expect(body.status).toBe('degraded');
    expect(body.checks.turso.ok).toBe(false);
    expect(body.checks.turso.error).toBeTruthy();
    expect(body.checks.r2.ok).toBe(true);
  });

  it('is degraded when the database configuration is missing, without failing the whole request', async () => {
    const { TURSO_DATABASE_URL: _removed, ...withoutUrl } = env;
    const ctx = createExecutionContext();
    const response = await createApi().fetch(
      new Request('http://app.test/api/health'),
      withoutUrl as Env,
      ctx,
    );
    const body = HealthReportSchema.parse(await response.json());
    expect(response.status).toBe(503);
    expect(body.checks.turso.error).toMatch(/TURSO_DATABASE_URL/);
  });
});

describe('GET /api/version', () => {
  it('names the build and its environment', async () => {
    const response = await app('/api/version');
    const body = VersionSchema.parse(await response.json());
    expect(body).toMatchObject({
      name: 'p360-audiences',
      environment: 'development',
      compatibilityDate: '2026-04-20',
    });
  });
});

describe('the API error funnel', () => {
  it('answers unknown routes with a JSON error carrying the request id', async () => {
    const response = await app('/api/no-such-thing');
    const body = ApiErrorSchema.parse(await response.json());
    expect(response.status).toBe(404);
    expect(body.error.code).toBe('not_found');
    expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('keeps a well-formed incoming request id and replaces a malformed one', async () => {
    const kept = await app('/api/version', { headers: { 'x-request-id': 'req-1234567890' } });
    expect(kept.headers.get('x-request-id')).toBe('req-1234567890');
    const replaced = await app('/api/version', { headers: { 'x-request-id': 'bad id <script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('maps an AppError to its status and code', async () => {
    const api = createApi();
    api.get('/conflict', () => {
      throw new AppError(409, 'name_taken', 'An audience with this name already exists');
    });
    const response = await api.fetch(
      new Request('http://app.test/api/conflict'),
      env,
      createExecutionContext(),
    );
    expect(response.status).toBe(409);
    expect(ApiErrorSchema.parse(await response.json()).error).toMatchObject({
      code: 'name_taken',
      message: 'An audience with this name already exists',
    });
  });

  it('turns an unexpected exception into a 500 that leaks nothing', async () => {
    const api = createApi();
    api.get('/boom', () => {
      throw new Error('connection string postgres://secret@db');
    });
    const response = await api.fetch(
      new Request('http://app.test/api/boom'),
      env,
      createExecutionContext(),
    );
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(ApiErrorSchema.parse(JSON.parse(text)).error.code).toBe('internal_error');
    expect(text).not.toContain('secret');
    expect(text).not.toContain('at ');
  });
});
