import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { PRODUCT_NAME } from '~/lib/meta';
import { MAIN_ID, SkipLink } from './app-shell';
import { LogoMark } from './logo';
import { SignOutButton } from './sign-out-button';
import { ThemeSwitch } from './theme-switch';

/**
 * The frame for pages outside an organisation: signing in or up, password reset, invitations,
 * onboarding, the dev mailbox. Same landmarks as the app shell, without its navigation.
 */
export function BareLayout({
  signedInAs,
  children,
}: {
  /** Shown with a sign-out button when someone is signed in (e.g. during onboarding). */
  signedInAs?: string | null;
  children: ReactNode;
}) {
  return (
    <>
      <SkipLink />
      <div className="flex min-h-dvh flex-col">
        <header className="flex h-14 items-center gap-3 border-b border-border px-4 sm:px-6">
          <Link
            to="/"
            className="flex items-center gap-2.5 rounded-md text-sm font-semibold text-foreground"
          >
            <LogoMark />
            {PRODUCT_NAME}
          </Link>
          <div className="ml-auto flex min-w-0 items-center gap-2">
            {signedInAs ? (
              <>
                <span className="hidden truncate text-sm text-muted-foreground sm:inline">
                  {signedInAs}
                </span>
                <SignOutButton variant="ghost" />
              </>
            ) : null}
            <ThemeSwitch />
          </div>
        </header>
        <main
          id={MAIN_ID}
          tabIndex={-1}
          className="flex-1 px-4 py-10 focus-visible:outline-none sm:px-6"
        >
          {children}
        </main>
      </div>
    </>
  );
}

/** One task on a small card: the page's h1, a sentence on what it does, the form, other ways out. */
export function AuthCard({
  title,
  description,
  footer,
  children,
  wide = false,
}: {
  title: string;
  description?: ReactNode;
  footer?: ReactNode;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <div className={wide ? 'mx-auto w-full max-w-4xl' : 'mx-auto w-full max-w-md'}>
      <div className="rounded-xl border border-border bg-card p-6 shadow-xs sm:p-8">
        <h1 className="text-xl font-semibold tracking-tight text-foreground">{title}</h1>
        {description ? (
          <div className="mt-1.5 text-sm text-muted-foreground">{description}</div>
        ) : null}
        <div className="mt-6">{children}</div>
      </div>
      {footer ? (
        <div className="mt-4 text-center text-sm text-muted-foreground">{footer}</div>
      ) : null}
    </div>
  );
}

/** A link in running text, styled like the rest of the app's inline links. */
export function TextLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className="font-medium text-link underline underline-offset-4 hover:decoration-2">
      {children}
    </Link>
  );
}
