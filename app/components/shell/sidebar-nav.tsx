import { NavLink } from '@remix-run/react';
import { forwardRef, type AnchorHTMLAttributes } from 'react';
import { Tooltip, TooltipContent, TooltipTrigger } from '~/components/ui/tooltip';
import { cn } from '~/lib/utils';
import type { NavItem } from './nav-items';

interface SidebarNavProps {
  items: readonly NavItem[];
  /** Icons only, with the label for screen readers and in a tooltip. */
  collapsed?: boolean;
}

export function SidebarNav({ items, collapsed = false }: SidebarNavProps) {
  return (
    <ul className="flex flex-col gap-1">
      {items.map((item) => (
        <li key={item.to}>
          {collapsed ? (
            <Tooltip>
              <TooltipTrigger asChild>
                <SidebarLink item={item} collapsed />
              </TooltipTrigger>
              <TooltipContent side="right">{item.label}</TooltipContent>
            </Tooltip>
          ) : (
            <SidebarLink item={item} collapsed={false} />
          )}
        </li>
      ))}
    </ul>
  );
}

interface SidebarLinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'className'> {
  item: NavItem;
  collapsed: boolean;
}

// A component of its own (rather than a bare NavLink) so a Radix trigger can pass its handlers and
// ref through `asChild` without touching NavLink's className callback.
const SidebarLink = forwardRef<HTMLAnchorElement, SidebarLinkProps>(
  ({ item, collapsed, ...props }, ref) => {
    const { icon: Icon } = item;
    // NavLink sets aria-current="page" on the active item.
    return (
      <NavLink
        ref={ref}
        to={item.to}
        end={item.end}
        prefetch="intent"
        className={({ isActive }) =>
          cn(
            'flex h-9 items-center gap-3 rounded-md px-2.5 text-sm font-medium transition-colors',
            isActive
              ? 'bg-accent text-accent-foreground'
              : 'text-sidebar-foreground hover:bg-muted hover:text-foreground',
            collapsed && 'justify-center px-0',
          )
        }
        {...props}
      >
        <Icon aria-hidden="true" className="size-4 shrink-0" />
        <span className={collapsed ? 'sr-only' : undefined}>{item.label}</span>
      </NavLink>
    );
  },
);
SidebarLink.displayName = 'SidebarLink';
