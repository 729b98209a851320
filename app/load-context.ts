import type { AppServices } from '../core/contracts/app-services';

/**
 * What the Worker (worker/fetch.ts) passes to Remix loaders and actions as `context`.
 *
 * Under `remix vite:dev` there is no Worker, so at runtime the context is empty; the few places
 * that read it (app/lib/overview.server.ts, the root loader) tolerate that and render placeholders.
 */
declare module '@remix-run/cloudflare' {
  interface AppLoadContext {
    cloudflare: { env: Env; ctx: ExecutionContext };
    requestId: string;
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
