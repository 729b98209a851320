import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/cloudflare';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToReadableStream } from 'react-dom/server';

/** How long single fetch waits for deferred loader data before rejecting it (read by Remix). */
export const streamTimeout = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Abort the render a little after streamTimeout, so rejected deferred data still reaches the
  // browser before the stream closes.
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(), streamTimeout + 1_000);
  request.signal.addEventListener('abort', () => controller.abort(), { once: true });

  let status = responseStatusCode;
  const body = await renderToReadableStream(
    <RemixServer context={remixContext} url={request.url} />,
    {
      signal: controller.signal,
      onError(error: unknown) {
        status = 500;
        if (!controller.signal.aborted) logError('remix.render_error', error, request, loadContext);
      },
    },
  );
  const clear = () => clearTimeout(timeout);
  body.allReady.then(clear, clear);

  // Crawlers and link previewers get the complete document instead of a stream.
  if (isbot(request.headers.get('user-agent'))) await body.allReady;

  responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
  return new Response(body, { headers: responseHeaders, status });
}

/** Errors thrown by loaders and actions, logged once as structured JSON with the request id. */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  // A client that navigates away aborts its request; that is not an error.
  if (request.signal.aborted) return;
  logError('remix.error', error, request, context);
};

function logError(msg: string, error: unknown, request: Request, context: AppLoadContext) {
  console.error(
    JSON.stringify({
      level: 'error',
      msg,
      requestId: context.requestId,
      method: request.method,
      path: new URL(request.url).pathname,
      error: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    }),
  );
}
