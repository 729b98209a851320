import type { MetaFunction } from '@remix-run/cloudflare';
import { Link } from '@remix-run/react';
import { FileUp, Workflow } from 'lucide-react';
import { Button } from '~/components/ui/button';
import { EmptyState } from '~/components/ui/empty-state';
import { PageHeader } from '~/components/ui/page-header';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = () => [{ title: pageTitle('Audiences') }];

export default function AudiencesPage() {
  return (
    <div className="space-y-8">
      <PageHeader
        title="Audiences"
        description="Segments of your contacts and companies, defined once and kept up to date as lists and intent data change."
      />
      <EmptyState
        icon={Workflow}
        title="No audiences yet"
        description={
          <p>
            Build audiences in the visual editor: combine uploaded lists, contact and company
            attributes and Bombora intent topics with AND, OR and NOT. The audience size updates as
            you edit, teammates can edit alongside you, and every saved version is kept.
          </p>
        }
        actions={
          <Button asChild variant="secondary">
            <Link to="/uploads">
              <FileUp aria-hidden="true" />
              Upload a list to build from
            </Link>
          </Button>
        }
      />
    </div>
  );
}
