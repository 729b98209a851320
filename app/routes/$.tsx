import type { MetaFunction } from '@remix-run/cloudflare';
import { GeneralErrorBoundary, NotFound } from '~/components/error-boundary';
import { pageTitle } from '~/lib/meta';

// Every URL no other route matches lands here. Throwing a 404 (for GET and POST alike) gives the
// response the right status and renders the shared error screen inside the app shell.

export const meta: MetaFunction = () => [{ title: pageTitle('Page not found') }];

export function loader(): never {
  throw new Response('Not Found', { status: 404, statusText: 'Not Found' });
}

export function action(): never {
  throw new Response('Not Found', { status: 404, statusText: 'Not Found' });
}

// Never reached (the loader always throws), but a default export keeps this a page route rather
// than a resource route, so the 404 renders as HTML.
export default function NotFoundPage() {
  return <NotFound />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
