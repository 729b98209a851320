import { isRouteErrorResponse, Link, useLocation, useRouteError } from '@remix-run/react';
import { ArrowLeft, Compass, RotateCw, TriangleAlert } from 'lucide-react';
import { Button } from '~/components/ui/button';
import { EmptyState, type EmptyStateProps } from '~/components/ui/empty-state';

/** The one error screen every route shares: 404s get "Page not found", the rest a status. */
export function GeneralErrorBoundary({ requestId }: { requestId?: string | null }) {
  const error = useRouteError();
  const location = useLocation();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;

  const status = isRouteErrorResponse(error) ? error.status : 500;
  // Server errors reach the browser already sanitised by Remix in production; this only adds the
  // detail while developing, and never a stack trace in a production build.
  const detail = import.meta.env.DEV && error instanceof Error ? error.stack : undefined;

  return (
    <ErrorScreen
      icon={TriangleAlert}
      title="Something went wrong"
      description={
        <>
          <p>
            {isRouteErrorResponse(error) && error.status < 500
              ? `The request could not be completed (${describeStatus(error)}).`
              : 'We could not load this page. Try again in a moment; if it keeps happening, contact support and quote the details below.'}
          </p>
          <dl className="mt-4 inline-grid grid-cols-[auto_auto] gap-x-3 gap-y-1 text-left text-xs">
            <dt className="text-muted-foreground">Status</dt>
            <dd className="font-mono text-foreground">{status}</dd>
            {requestId ? (
              <>
                <dt className="text-muted-foreground">Request ID</dt>
                <dd className="font-mono break-all text-foreground">{requestId}</dd>
              </>
            ) : null}
          </dl>
        </>
      }
      actions={
        <>
          <Button asChild>
            {/* A full reload: the failure may have left client state stale. */}
            <a href={location.pathname + location.search}>
              <RotateCw aria-hidden="true" />
              Try again
            </a>
          </Button>
          <Button asChild variant="secondary">
            <Link to="/">Go to Overview</Link>
          </Button>
        </>
      }
    >
      {detail ? (
        // Focusable so keyboard users can scroll it.
        <pre
          tabIndex={0}
          className="mt-6 max-h-80 w-full overflow-auto rounded-md bg-muted p-4 text-left text-xs text-foreground"
        >
          {detail}
        </pre>
      ) : null}
    </ErrorScreen>
  );
}

export function NotFound() {
  const { pathname } = useLocation();
  return (
    <ErrorScreen
      icon={Compass}
      title="Page not found"
      description={
        <p>
          There is no page at{' '}
          <code className="font-mono text-foreground break-all">{pathname}</code>. It may have
          moved, or the link may be mistyped.
        </p>
      }
      actions={
        <Button asChild>
          <Link to="/">
            <ArrowLeft aria-hidden="true" />
            Back to Overview
          </Link>
        </Button>
      }
    />
  );
}

function describeStatus(error: { status: number; statusText: string }): string {
  return error.statusText ? `${error.status} ${error.statusText}` : String(error.status);
}

function ErrorScreen(props: Omit<EmptyStateProps, 'headingLevel' | 'className'>) {
  // The screen replaces the page, so its heading is the page's h1.
  return (
    <div className="py-10">
      <EmptyState {...props} headingLevel="h1" className="border-solid" />
    </div>
  );
}
