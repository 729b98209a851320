import type { AppLoadContext } from '@remix-run/cloudflare';
import { redirect } from '@remix-run/cloudflare';
import { z } from 'zod';
import { ApiErrorSchema } from '../../core/contracts/api-error';

/**
 * How pages reach the API: in-process through `context.api` (the Worker forwards the browser's
 * cookies and request id), so every page passes the same guards, validation and audit trail as an
 * external client. See docs/decisions/0005-accounts-ui.md.
 */

export interface ApiSuccess<T> {
  ok: true;
  status: number;
  data: T;
  /** The response's `Set-Cookie` lines only: pass them on to the browser (`data()`, `redirect()`). */
  headers: Headers;
}

/** A non-2xx answer, as a value: routes map it to a field error, a message, or a redirect. */
export interface ApiFailure {
  ok: false;
  status: number;
  /** The API's stable code (`validation_failed`, `forbidden`, …) or Better Auth's (`INVALID_TOKEN`). */
  code: string;
  message: string;
  /** Per-field messages of a `validation_failed` (or any error that names fields). */
  fieldErrors?: Record<string, string[]>;
  /** The error's `details` as sent (unparsed): routes that expect more than fieldErrors read it. */
  details?: unknown;
  requestId?: string;
  headers: Headers;
}

export type ApiResult<T> = ApiSuccess<T> | ApiFailure;

export interface ApiInit extends Omit<RequestInit, 'body'> {
  /** Sent as the JSON request body. */
  json?: unknown;
}

/**
 * Calls the API and parses a 2xx body with `schema`; without a schema (answers with no body, such
 * as 204) `data` is null. Non-2xx answers come back as an `ApiFailure` value, never thrown.
 */
export async function apiJson<S extends z.ZodType>(
  context: AppLoadContext,
  path: string,
  init: ApiInit & { schema: S },
): Promise<ApiResult<z.output<S>>>;
export async function apiJson(
  context: AppLoadContext,
  path: string,
  init?: ApiInit,
): Promise<ApiResult<null>>;
export async function apiJson(
  context: AppLoadContext,
  path: string,
  init: ApiInit & { schema?: z.ZodType } = {},
): Promise<ApiResult<unknown>> {
  const { json, schema, headers: given, ...rest } = init;
  const headers = new Headers(given);
  headers.set('accept', 'application/json');
  if (json !== undefined) headers.set('content-type', 'application/json');
  const response = await apiOf(context)(path, {
    ...rest,
    headers,
    body: json === undefined ? undefined : JSON.stringify(json),
  });

  const cookies = new Headers();
  for (const cookie of response.headers.getSetCookie()) cookies.append('Set-Cookie', cookie);

  if (!response.ok) return { ...(await readFailure(response)), headers: cookies };
  if (!schema) return { ok: true, status: response.status, data: null, headers: cookies };
  const parsed = schema.safeParse(await response.json());
  // A 2xx body that breaks its contract is a bug on one side or the other, not a user error.
  if (!parsed.success) {
    throw new Error(
      `${init.method ?? 'GET'} ${path} answered outside its contract: ${z.prettifyError(parsed.error)}`,
    );
  }
  return { ok: true, status: response.status, data: parsed.data, headers: cookies };
}

function apiOf(context: AppLoadContext): AppLoadContext['api'] {
  // Only the Worker provides it; `remix vite:dev` runs the app without one (app/load-context.ts).
  if (typeof context.api !== 'function') {
    throw new Error(
      'context.api is missing: pages call /api in-process through the Worker (worker/fetch.ts). ' +
        'Run the app with `npm start`; `remix vite:dev` alone has no API to call.',
    );
  }
  return context.api;
}

const FieldErrorsSchema = z.object({ fieldErrors: z.record(z.string(), z.array(z.string())) });
// Better Auth's own endpoints (/api/auth/*) answer `{ code?, message }`; 429s may have neither.
const AuthErrorSchema = z.object({ code: z.string().optional(), message: z.string().optional() });

async function readFailure(response: Response): Promise<Omit<ApiFailure, 'headers'>> {
  const status = response.status;
  const body: unknown = await response.json().catch(() => null);
  const ours = ApiErrorSchema.safeParse(body);
  if (ours.success) {
    const { code, message, requestId, details } = ours.data.error;
    const fields = FieldErrorsSchema.safeParse(details);
    return {
      ok: false,
      status,
      code,
      message,
      requestId,
      ...(details === undefined ? {} : { details }),
      ...(fields.success ? { fieldErrors: fields.data.fieldErrors } : {}),
    };
  }
  const theirs = AuthErrorSchema.safeParse(body);
  return {
    ok: false,
    status,
    code: (theirs.success ? theirs.data.code : undefined) ?? `http_${status}`,
    message:
      (theirs.success ? theirs.data.message : undefined) ??
      (response.statusText || `Request failed (${status})`),
  };
}

/** `/sign-in?redirectTo=<where the visitor was>`, for a request that needs a signed-in person. */
export function signInPath(request: Request): string {
  const url = new URL(request.url);
  // Remix's own routing parameters are not part of the page's address.
  url.searchParams.delete('index');
  url.searchParams.delete('_data');
  url.searchParams.delete('_routes');
  const back = url.pathname + url.search;
  return back === '/' ? '/sign-in' : `/sign-in?${new URLSearchParams({ redirectTo: back })}`;
}

/**
 * The data of a successful call; otherwise throws what the page should answer instead: the sign-in
 * page when the session is gone, onboarding without an organisation, the shared 404 screen for
 * something that does not exist (or belongs to another organisation), the error screen otherwise.
 * Pages that expect a particular failure (403 on a page a role may not see) check it first.
 */
export function unwrap<T>(result: ApiResult<T>, request: Request): T {
  if (result.ok) return result.data;
  if (result.status === 401) throw redirect(signInPath(request), { headers: result.headers });
  if (result.status === 403 && result.code === 'no_organization') {
    throw redirect('/onboarding', { headers: result.headers });
  }
  throw new Response(result.message, {
    status: result.status,
    statusText: STATUS_TEXT[result.status] ?? '',
  });
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * For actions: a failure that means the session is gone (401) or has no organisation goes to
 * sign-in or onboarding, like `unwrap`; any other failure is returned for the form to show.
 */
export function redirectIfSignedOut(failure: ApiFailure, request: Request): void {
  if (failure.status === 401 || (failure.status === 403 && failure.code === 'no_organization')) {
    unwrap(failure, request);
  }
}
