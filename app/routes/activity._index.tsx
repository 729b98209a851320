import type { MetaFunction } from '@remix-run/cloudflare';
import { History } from 'lucide-react';
import { EmptyState } from '~/components/ui/empty-state';
import { PageHeader } from '~/components/ui/page-header';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = () => [{ title: pageTitle('Activity') }];

export default function ActivityPage() {
  return (
    <div className="space-y-8">
      <PageHeader
        title="Activity"
        description="Who did what, and when: an append-only record of every change and every sync in your organisation."
      />
      <EmptyState
        icon={History}
        title="No activity yet"
        description={
          <p>
            Uploads and their processing, audience edits and saved versions, UID2 refreshes and
            every Trade Desk export run, with the members it added and removed, will appear here as
            they happen.
          </p>
        }
      />
    </div>
  );
}
