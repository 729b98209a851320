import { Link } from '@remix-run/react';
import { ChevronRight } from 'lucide-react';

/** "Settings › Members": the way back from a settings subpage. */
export function SettingsBreadcrumb({ current }: { current: string }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-4 text-sm">
      <ol className="flex items-center gap-1.5 text-muted-foreground">
        <li>
          <Link to="/settings" className="text-link underline-offset-4 hover:underline">
            Settings
          </Link>
        </li>
        <li aria-hidden="true">
          <ChevronRight className="size-3.5" />
        </li>
        <li aria-current="page" className="text-foreground">
          {current}
        </li>
      </ol>
    </nav>
  );
}
