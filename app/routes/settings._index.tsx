import type { MetaFunction } from '@remix-run/cloudflare';
import { Form, useRouteLoaderData } from '@remix-run/react';
import { THEME_OPTIONS } from '~/components/shell/theme-switch';
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
import { THEME_ACTION } from '~/lib/theme';
import { cn } from '~/lib/utils';
import type { loader as rootLoader } from '~/root';

export const meta: MetaFunction = () => [{ title: pageTitle('Settings') }];

const THEME_HINTS = {
  light: 'Always light',
  dark: 'Always dark',
  system: 'Match your device',
} as const;

export default function SettingsPage() {
  const root = useRouteLoaderData<typeof rootLoader>('root');

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
            <CardDescription>
              Members and their roles, API tokens and data retention are managed here.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[8rem_1fr] gap-y-3 text-sm">
              <dt className="text-muted-foreground">Name</dt>
              <dd className="font-medium text-foreground">{root?.orgName}</dd>
              <dt className="text-muted-foreground">Your account</dt>
              <dd className="text-foreground">{root?.user.email}</dd>
            </dl>
          </CardContent>
        </Card>
        <AppearanceCard />
      </div>
    </div>
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
