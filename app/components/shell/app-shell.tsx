import { Link, useLocation } from '@remix-run/react';
import { Menu, PanelLeftClose, PanelLeftOpen } from 'lucide-react';
import { useEffect, useState, type ReactNode } from 'react';
import { Button } from '~/components/ui/button';
import { Sheet, SheetContent, SheetTitle, SheetTrigger } from '~/components/ui/sheet';
import { Tooltip, TooltipContent, TooltipProvider, TooltipTrigger } from '~/components/ui/tooltip';
import { PRODUCT_NAME } from '~/lib/meta';
import { sidebarCookieValue } from '~/lib/sidebar';
import { cn } from '~/lib/utils';
import { LogoMark } from './logo';
import { PRIMARY_NAV, SECONDARY_NAV } from './nav-items';
import { OrgSwitcher, type ShellOrganization } from './org-switcher';
import { SidebarNav } from './sidebar-nav';
import { ThemeSwitch } from './theme-switch';
import { UserMenu, type ShellUser } from './user-menu';

export const MAIN_ID = 'main';

interface AppShellProps {
  organizations: readonly ShellOrganization[];
  activeOrgId: string;
  user: ShellUser;
  sidebarCollapsed: boolean;
  children: ReactNode;
}

/**
 * Sidebar + top bar + main. From 1024px the sidebar is docked and can collapse to icons; below
 * that it becomes an off-canvas drawer opened from the top bar.
 */
export function AppShell({
  organizations,
  activeOrgId,
  user,
  sidebarCollapsed,
  children,
}: AppShellProps) {
  const [collapsed, setCollapsed] = useState(sidebarCollapsed);

  function toggleCollapsed() {
    const next = !collapsed;
    setCollapsed(next);
    document.cookie = sidebarCookieValue(next);
  }

  return (
    <TooltipProvider delayDuration={200}>
      <SkipLink />
      <div className="flex min-h-dvh">
        <DesktopSidebar collapsed={collapsed} onToggle={toggleCollapsed} />
        <div className="flex min-w-0 flex-1 flex-col">
          <TopBar organizations={organizations} activeOrgId={activeOrgId} user={user} />
          <main
            id={MAIN_ID}
            tabIndex={-1}
            className="flex-1 px-4 py-6 focus-visible:outline-none sm:px-6 lg:px-8 lg:py-8"
          >
            <div className="mx-auto w-full max-w-6xl">{children}</div>
          </main>
        </div>
      </div>
    </TooltipProvider>
  );
}

export function SkipLink() {
  return (
    <a
      href={`#${MAIN_ID}`}
      className="fixed top-2 left-2 z-[60] -translate-y-16 rounded-md bg-primary px-4 py-2 text-sm font-medium text-primary-foreground shadow-lg transition-transform focus:translate-y-0"
    >
      Skip to content
    </a>
  );
}

function Brand({ collapsed = false }: { collapsed?: boolean }) {
  return (
    <Link
      to="/"
      className={cn(
        'flex h-14 items-center gap-2.5 rounded-md text-sm font-semibold text-foreground',
        collapsed && 'justify-center',
      )}
    >
      <LogoMark />
      <span className={collapsed ? 'sr-only' : undefined}>{PRODUCT_NAME}</span>
    </Link>
  );
}

function DesktopSidebar({ collapsed, onToggle }: { collapsed: boolean; onToggle: () => void }) {
  const toggleLabel = collapsed ? 'Expand sidebar' : 'Collapse sidebar';
  const ToggleIcon = collapsed ? PanelLeftOpen : PanelLeftClose;
  const toggle = (
    <Button
      variant="ghost"
      onClick={onToggle}
      aria-label={collapsed ? toggleLabel : undefined}
      className={cn('w-full justify-start gap-3 px-2.5', collapsed && 'justify-center px-0')}
    >
      <ToggleIcon aria-hidden="true" />
      {collapsed ? null : toggleLabel}
    </Button>
  );

  return (
    <div
      className={cn(
        'sticky top-0 hidden h-dvh shrink-0 border-r border-border bg-sidebar transition-[width] duration-200 lg:block',
        collapsed ? 'w-16' : 'w-64',
      )}
    >
      <nav aria-label="Primary" className="flex h-full flex-col px-3">
        <Brand collapsed={collapsed} />
        <div className="flex flex-1 flex-col justify-between overflow-y-auto pt-4 pb-3">
          <SidebarNav items={PRIMARY_NAV} collapsed={collapsed} />
          <div className="flex flex-col gap-1 border-t border-border pt-3">
            <SidebarNav items={SECONDARY_NAV} collapsed={collapsed} />
            {collapsed ? (
              <Tooltip>
                <TooltipTrigger asChild>{toggle}</TooltipTrigger>
                <TooltipContent side="right">{toggleLabel}</TooltipContent>
              </Tooltip>
            ) : (
              toggle
            )}
          </div>
        </div>
      </nav>
    </div>
  );
}

function MobileNav() {
  const [open, setOpen] = useState(false);
  const { pathname } = useLocation();
  // Close the drawer once a link in it has navigated.
  useEffect(() => setOpen(false), [pathname]);

  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon" className="lg:hidden" aria-label="Open navigation">
          <Menu aria-hidden="true" />
        </Button>
      </SheetTrigger>
      <SheetContent aria-describedby={undefined} closeLabel="Close navigation">
        <SheetTitle className="sr-only">Navigation</SheetTitle>
        <nav aria-label="Primary" className="flex h-full flex-col px-3">
          <Brand />
          <div className="flex flex-1 flex-col justify-between overflow-y-auto pt-4 pb-3">
            <SidebarNav items={PRIMARY_NAV} />
            <div className="border-t border-border pt-3">
              <SidebarNav items={SECONDARY_NAV} />
            </div>
          </div>
        </nav>
      </SheetContent>
    </Sheet>
  );
}

function TopBar({
  organizations,
  activeOrgId,
  user,
}: Pick<AppShellProps, 'organizations' | 'activeOrgId' | 'user'>) {
  return (
    <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-border bg-background/95 px-4 backdrop-blur supports-[backdrop-filter]:bg-background/80 sm:px-6 lg:px-8">
      <MobileNav />
      <div className="flex min-w-0 items-center text-sm">
        <OrgSwitcher organizations={organizations} activeOrgId={activeOrgId} />
      </div>
      <div className="ml-auto flex items-center gap-1">
        <ThemeSwitch />
        <UserMenu user={user} />
      </div>
    </header>
  );
}
