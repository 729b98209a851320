import {
  data,
  redirect,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/cloudflare';
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteLoaderData,
  type ShouldRevalidateFunction,
} from '@remix-run/react';
import type { ReactNode } from 'react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { MeSchema, type Me } from '../core/contracts/accounts';
import { AppShell, MAIN_ID, SkipLink } from '~/components/shell/app-shell';
import { BareLayout } from '~/components/shell/bare-layout';
import { LogoMark } from '~/components/shell/logo';
import { ThemeEffect } from '~/components/shell/theme-effect';
import { useTheme } from '~/components/shell/use-theme';
import { apiJson, signInPath } from '~/lib/api.server';
import { readCookie } from '~/lib/cookies.server';
import { pageTitle, PRODUCT_NAME } from '~/lib/meta';
import { isPublicPath, ONBOARDING_PATH } from '~/lib/public-paths';
import { SIDEBAR_COOKIE } from '~/lib/sidebar';
import { THEME_SCRIPT } from '~/lib/theme';
import { getTheme } from '~/lib/theme.server';
import stylesheet from '~/styles/app.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export const meta: MetaFunction = ({ error }) => [
  {
    title: !error
      ? pageTitle()
      : pageTitle(
          isRouteErrorResponse(error) && error.status === 404
            ? 'Page not found'
            : 'Something went wrong',
        ),
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await apiJson(context, '/api/me', { schema: MeSchema });
  const { pathname } = new URL(request.url);
  const open = isPublicPath(pathname);
  // The session cookie may have been refreshed or cleared by the API: pass that on.
  const headers = me.headers;
  if (!me.ok && me.status !== 401) {
    throw new Response(me.message, { status: me.status >= 500 ? me.status : 500 });
  }
  if (!me.ok && !open) throw redirect(signInPath(request), { headers });
  if (me.ok && me.data.activeOrgId === null && !open && pathname !== ONBOARDING_PATH) {
    throw redirect(ONBOARDING_PATH, { headers });
  }
  return data(
    {
      theme: getTheme(request),
      sidebarCollapsed: readCookie(request, SIDEBAR_COOKIE) === 'collapsed',
      /** Null only on the public pages, for a signed-out visitor. */
      me: me.ok ? me.data : null,
      // Absent under `remix vite:dev`, which has no Worker to assign one.
      requestId: context.requestId ?? null,
    },
    { headers },
  );
}

// Re-run on every navigation so `requestId` belongs to the request that just ran: with single
// fetch all loaders of a navigation share one request, so a failing page can quote the right id.
// The loader reads cookies and asks /api/me (in-process, a few indexed rows), so this costs little.
export const shouldRevalidate: ShouldRevalidateFunction = () => true;

export function Layout({ children }: { children: ReactNode }) {
  const theme = useTheme();
  return (
    // The inline script may add `dark` before hydration (theme = system), so the class can
    // legitimately differ from what React rendered.
    <html
      lang="en"
      data-theme={theme}
      className={theme === 'dark' ? 'dark' : undefined}
      suppressHydrationWarning
    >
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
        <Meta />
        <Links />
      </head>
      <body>
        <ThemeEffect theme={theme} />
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  return (
    <Frame data={data}>
      <Outlet />
    </Frame>
  );
}

/** The app shell inside an organisation; the bare frame for everything before that. */
function Frame({ data, children }: { data: RootData; children: ReactNode }) {
  const { me } = data;
  if (!me?.activeOrgId) {
    return <BareLayout signedInAs={me?.user.email}>{children}</BareLayout>;
  }
  return (
    <AppShell
      organizations={me.memberships}
      activeOrgId={me.activeOrgId}
      user={me.user}
      sidebarCollapsed={data.sidebarCollapsed}
    >
      {children}
    </AppShell>
  );
}

type RootData = { me: Me | null; sidebarCollapsed: boolean };

export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>('root');
  // A child route failed: keep the navigation around the error so the user can move on.
  if (data) {
    return (
      <Frame data={data}>
        <GeneralErrorBoundary requestId={data.requestId} />
      </Frame>
    );
  }
  // The root loader itself failed, so there is no shell data: render a bare page.
  return (
    <>
      <SkipLink />
      <header className="flex h-14 items-center gap-2.5 border-b border-border px-6 text-sm font-semibold">
        <LogoMark />
        {PRODUCT_NAME}
      </header>
      <main
        id={MAIN_ID}
        tabIndex={-1}
        className="mx-auto max-w-2xl px-6 focus-visible:outline-none"
      >
        <GeneralErrorBoundary />
      </main>
    </>
  );
}
