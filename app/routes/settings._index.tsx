import type { MetaFunction } from '@remix-run/cloudflare';
import { Form, Link } from '@remix-run/react';
import { ChevronRight, KeyRound, ShieldCheck, UsersRound, type LucideIcon } from 'lucide-react';
import { useCanRequestPrivacy } from '~/components/privacy/use-can-request';
import { SignOutButton } from '~/components/shell/sign-out-button';
import { THEME_OPTIONS } from '~/components/shell/theme-switch';
import { useCan, useMe } from '~/components/shell/use-me';
import { useTheme } from '~/components/shell/use-theme';
import { Button } from '~/components/ui/button';
import {
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
} from '~/components/ui/card';
import { PageHeader } from '~/components/ui/page-header';
import { pageTitle } from '~/lib/meta';
import { ACTIVE_ORG_ACTION } from '~/lib/organizations';
import { THEME_ACTION } from '~/lib/theme';
import { cn } from '~/lib/utils';

export const meta: MetaFunction = () => [{ title: pageTitle('Settings') }];

const THEME_HINTS = {
  light: 'Always light',
  dark: 'Always dark',
  system: 'Match your device',
} as const;

export default function SettingsPage() {
  const me = useMe();
  const canSeeTokens = useCan('token:view');
  const canRequestPrivacy = useCanRequestPrivacy();
  const active = me?.memberships.find((m) => m.orgId === me.activeOrgId);

  return (
    <div className="space-y-8">
      <PageHeader
        title="Settings"
        description="Your organisation's details and your own preferences."
      />
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Organisation</CardTitle>
            <CardDescription>Who has access to {active?.name ?? 'it'}, and how.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-5">
            <dl className="grid grid-cols-[8rem_1fr] gap-y-3 text-sm">
              <dt className="text-muted-foreground">Name</dt>
              <dd className="font-medium text-foreground">{active?.name}</dd>
              <dt className="text-muted-foreground">Your role</dt>
              <dd className="text-foreground capitalize">{active?.role}</dd>
            </dl>
            <ul className="divide-y divide-border rounded-lg border border-border">
              <SettingsLink
                to="/settings/members"
                icon={UsersRound}
                label="Members"
                description="People, their roles, and invitations"
              />
              {canSeeTokens ? (
                <SettingsLink
                  to="/settings/tokens"
                  icon={KeyRound}
                  label="API tokens"
                  description="Access for scripts and other systems"
                />
              ) : null}
              {canRequestPrivacy ? (
                <SettingsLink
                  to="/settings/privacy"
                  icon={ShieldCheck}
                  label="Privacy requests"
                  description="Delete or opt out a person on request"
                />
              ) : null}
            </ul>
          </CardContent>
        </Card>
        <AccountCard />
        <AppearanceCard />
      </div>
    </div>
  );
}

function SettingsLink({
  to,
  icon: Icon,
  label,
  description,
}: {
  to: string;
  icon: LucideIcon;
  label: string;
  description: string;
}) {
  return (
    <li>
      <Link
        to={to}
        prefetch="intent"
        className="flex items-center gap-3 px-4 py-3 text-sm hover:bg-muted focus-visible:outline-offset-0"
      >
        <Icon aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
        <span className="min-w-0 flex-1">
          <span className="block font-medium text-foreground">{label}</span>
          <span className="block text-xs text-muted-foreground">{description}</span>
        </span>
        <ChevronRight aria-hidden="true" className="size-4 text-muted-foreground" />
      </Link>
    </li>
  );
}

/**
 * Who is signed in, the organisations they can switch to and signing out, all as plain forms:
 * the top bar's menus do the same with JavaScript.
 */
function AccountCard() {
  const me = useMe();
  if (!me) return null;
  const others = me.memberships.filter((m) => m.orgId !== me.activeOrgId);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Your account</CardTitle>
        <CardDescription>Signed in as {me.user.name}.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-5">
        <dl className="grid grid-cols-[8rem_1fr] gap-y-3 text-sm">
          <dt className="text-muted-foreground">Name</dt>
          <dd className="text-foreground">{me.user.name}</dd>
          <dt className="text-muted-foreground">Email</dt>
          <dd className="break-all text-foreground">{me.user.email}</dd>
        </dl>
        {others.length > 0 ? (
          <div className="space-y-2">
            <h3 className="text-sm font-medium text-foreground">Your other organisations</h3>
            <ul className="space-y-2">
              {others.map((org) => (
                <li key={org.orgId}>
                  <Form
                    method="post"
                    action={ACTIVE_ORG_ACTION}
                    className="flex items-center justify-between gap-3 rounded-lg border border-border px-3 py-2"
                  >
                    <input type="hidden" name="orgId" value={org.orgId} />
                    <input type="hidden" name="redirectTo" value="/settings" />
                    <span className="min-w-0 truncate text-sm text-foreground">{org.name}</span>
                    <Button type="submit" variant="secondary" size="sm">
                      Switch<span className="sr-only"> to {org.name}</span>
                    </Button>
                  </Form>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </CardContent>
      <CardFooter className="justify-end">
        <SignOutButton />
      </CardFooter>
    </Card>
  );
}

/**
 * A plain form so the theme can be changed without JavaScript: the action sets the cookie and
 * redirects back here. With JavaScript the top bar's menu does the same through a fetcher.
 */
function AppearanceCard() {
  const theme = useTheme();
  return (
    <Card id="appearance">
      <Form method="post" action={THEME_ACTION}>
        <input type="hidden" name="redirectTo" value="/settings" />
        <CardHeader>
          <CardTitle>Appearance</CardTitle>
          <CardDescription>Applies to this browser only.</CardDescription>
        </CardHeader>
        <CardContent>
          {/* Re-mount when the theme changes elsewhere (top bar menu) so the checked option follows. */}
          <fieldset key={theme}>
            <legend className="mb-3 text-sm font-medium text-foreground">Theme</legend>
            <div className="grid gap-3 sm:grid-cols-3">
              {THEME_OPTIONS.map(({ value, label, icon: Icon }) => (
                <label
                  key={value}
                  className={cn(
                    'flex cursor-pointer items-start gap-3 rounded-lg border border-border p-3 text-sm',
                    'has-[:checked]:border-primary has-[:checked]:bg-accent has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-ring',
                  )}
                >
                  <input
                    type="radio"
                    name="theme"
                    value={value}
                    defaultChecked={value === theme}
                    className="mt-0.5 focus-visible:outline-none"
                  />
                  <span>
                    <span className="flex items-center gap-1.5 font-medium text-foreground">
                      <Icon aria-hidden="true" className="size-4" />
                      {label}
                    </span>
                    <span className="text-xs text-muted-foreground">{THEME_HINTS[value]}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        </CardContent>
        <CardFooter className="justify-end">
          <Button type="submit">Save theme</Button>
        </CardFooter>
      </Form>
    </Card>
  );
}
