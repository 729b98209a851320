import type { MetaFunction } from '@remix-run/cloudflare';
import { Building2, Contact, FileUp } from 'lucide-react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '~/components/ui/card';
import { EmptyState } from '~/components/ui/empty-state';
import { PageHeader } from '~/components/ui/page-header';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = () => [{ title: pageTitle('Uploads') }];

const LIST_KINDS = [
  {
    title: 'Contact lists',
    icon: Contact,
    description: 'One row per person. An email address or a phone number is required.',
    columns: [
      'email',
      'phone',
      'first_name',
      'last_name',
      'job_title',
      'company_domain',
      'country',
    ],
  },
  {
    title: 'Company lists',
    icon: Building2,
    description: 'One row per company, matched to Bombora intent by its web domain.',
    columns: ['domain', 'company_name', 'industry', 'employee_count', 'annual_revenue', 'country'],
  },
] as const;

export default function UploadsPage() {
  return (
    <div className="space-y-8">
      <PageHeader
        title="Uploads"
        description="Contact and company lists uploaded as CSV files. Every upload is validated, cleaned and de-duplicated; rows that fail checks are set aside in quarantine with the reason."
      />
      <EmptyState
        icon={FileUp}
        title="No lists uploaded yet"
        description={
          <p>
            Your uploads will be listed here with their progress, row counts, quality score and
            quarantined rows. Files of 500 MB and more are uploaded in parts and processed in the
            background, so you can leave the page while they run.
          </p>
        }
      />
      <section aria-labelledby="formats-heading" className="space-y-4">
        <h2 id="formats-heading" className="text-base font-semibold text-foreground">
          What you can upload
        </h2>
        <div className="grid gap-4 md:grid-cols-2">
          {LIST_KINDS.map(({ title, icon: Icon, description, columns }) => (
            <Card key={title}>
              <CardHeader>
                <div className="flex items-center gap-2">
                  <Icon aria-hidden="true" className="size-4 text-muted-foreground" />
                  <CardTitle as="h3">{title}</CardTitle>
                </div>
                <CardDescription>{description}</CardDescription>
              </CardHeader>
              <CardContent>
                <p className="mb-2 text-xs font-medium text-muted-foreground">Typical columns</p>
                <ul className="flex flex-wrap gap-1.5">
                  {columns.map((column) => (
                    <li
                      key={column}
                      className="rounded-md border border-border bg-muted px-1.5 py-0.5 font-mono text-xs text-foreground"
                    >
                      {column}
                    </li>
                  ))}
                </ul>
              </CardContent>
            </Card>
          ))}
        </div>
      </section>
    </div>
  );
}
