import { Form, Link } from '@remix-run/react';
import { LogOut, Settings } from 'lucide-react';
import { useState } from 'react';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '~/components/ui/dropdown-menu';
import { SIGN_OUT_ACTION } from './sign-out-button';

export interface ShellUser {
  name: string;
  email: string;
}

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() ?? '');
  return (letters.length > 1 ? letters[0]! + letters.at(-1)! : (letters[0] ?? '?')).slice(0, 2);
}

/** Account menu: who is signed in, a way to Settings, and signing out. */
export function UserMenu({ user }: { user: ShellUser }) {
  const [open, setOpen] = useState(false);
  return (
    <DropdownMenu open={open} onOpenChange={setOpen}>
      <DropdownMenuTrigger className="flex size-9 items-center justify-center rounded-full bg-accent text-xs font-semibold text-accent-foreground hover:ring-2 hover:ring-border-strong">
        <span aria-hidden="true">{initials(user.name)}</span>
        <span className="sr-only">Account menu for {user.name}</span>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-60">
        <DropdownMenuLabel className="font-normal">
          <span className="block text-sm font-medium text-popover-foreground">{user.name}</span>
          <span className="block truncate text-xs text-muted-foreground">{user.email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link to="/settings">
            <Settings aria-hidden="true" />
            Settings
          </Link>
        </DropdownMenuItem>
        {/* A real POST form. Selecting the item must not close the menu first (that would remove
            the form before the browser submits it), so the menu closes once Remix has the submission. */}
        <Form method="post" action={SIGN_OUT_ACTION} role="none" onSubmit={() => setOpen(false)}>
          <DropdownMenuItem asChild onSelect={(event) => event.preventDefault()}>
            <button type="submit" className="w-full">
              <LogOut aria-hidden="true" />
              Sign out
            </button>
          </DropdownMenuItem>
        </Form>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
