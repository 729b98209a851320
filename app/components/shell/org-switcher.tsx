import { Link, useFetcher } from '@remix-run/react';
import { Building2, ChevronsUpDown, Plus } from 'lucide-react';
import { Button } from '~/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '~/components/ui/dropdown-menu';
import { ACTIVE_ORG_ACTION, ACTIVE_ORG_FETCHER_KEY } from '~/lib/organizations';

export interface ShellOrganization {
  orgId: string;
  name: string;
  role: string;
}

/**
 * The organisation the user is working in, and the others they belong to. Choosing one saves it on
 * the session through the API; Remix then revalidates every loader, so the page re-renders with
 * the new organisation's data. Without JavaScript, Settings lists the same choices as forms.
 */
export function OrgSwitcher({
  organizations,
  activeOrgId,
}: {
  organizations: readonly ShellOrganization[];
  activeOrgId: string;
}) {
  const fetcher = useFetcher({ key: ACTIVE_ORG_FETCHER_KEY });
  // Show the choice at once while it is being saved.
  const pending = fetcher.formData?.get('orgId');
  const currentId = typeof pending === 'string' ? pending : activeOrgId;
  const current = organizations.find((org) => org.orgId === currentId);

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" className="min-w-0 gap-2 px-2 text-foreground">
          <Building2 aria-hidden="true" className="text-muted-foreground" />
          <span className="sr-only">Organisation:</span>
          <span className="truncate font-medium">{current?.name ?? 'Choose an organisation'}</span>
          <ChevronsUpDown aria-hidden="true" className="text-muted-foreground" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-64">
        <DropdownMenuLabel>Organisations</DropdownMenuLabel>
        <DropdownMenuRadioGroup
          value={currentId}
          onValueChange={(orgId) => {
            if (orgId !== currentId) {
              fetcher.submit({ orgId }, { method: 'post', action: ACTIVE_ORG_ACTION });
            }
          }}
        >
          {organizations.map((org) => (
            <DropdownMenuRadioItem key={org.orgId} value={org.orgId}>
              <span className="min-w-0 flex-1 truncate">{org.name}</span>
              <span className="text-xs text-muted-foreground capitalize">{org.role}</span>
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link to="/onboarding">
            <Plus aria-hidden="true" />
            Create organisation
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
