import type { AppServices } from '../core/contracts/app-services';

/**
 * What the Worker (worker/fetch.ts) passes to Remix loaders and actions as `context`.
 *
 * Under `remix vite:dev` there is no Worker, so at runtime the context is empty; the few places
 * that read it (app/lib/overview.server.ts, app/lib/api.server.ts) tolerate that: the overview
 * renders placeholders, and calls to the API fail with an error that says why.
 */
declare module '@remix-run/cloudflare' {
  interface AppLoadContext {
    cloudflare: { env: Env; ctx: ExecutionContext };
    requestId: string;
    /**
     * Calls the Hono API in-process with the browser's cookies and request id forwarded, so a page
     * passes the same guards, validation and audit trail as any external client. `path` is the
     * full API path (`/api/me`). Use it through `apiJson` (app/lib/api.server.ts).
     */
    api: (path: string, init?: RequestInit) => Promise<Response>;
    /**
     * Request-scoped services the Worker builds for the current principal, so the organisation
     * comes from the session, never from the page. Optional: absent under `remix vite:dev`.
     */
    services?: AppServices;
  }

  // Types loader data as single fetch (turbo-stream) serialises it; vite.config.ts enables it.
  interface Future {
    v3_singleFetch: true;
  }
}
