import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ChevronLeft } from 'lucide-react';
import { ExportForm } from './export-form';
import { TimeZoneLine } from './time-zone-form';
import { ConfirmDeletePanel } from '~/components/confirm-panel';
import { useCan } from '~/components/shell/use-me';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { PageHeader } from '~/components/ui/page-header';
import type { ExportFormResult, loadExportForm } from '~/lib/ttd-export-form.server';

type Loaded = Awaited<ReturnType<typeof loadExportForm>>;

/** The page around the export form, shared by "New export" and "Edit export". */
export function ExportFormPage({ deleting = false }: { deleting?: boolean }) {
  const loaded = useLoaderData<Loaded>();
  const result = useActionData<ExportFormResult>();
  const navigation = useNavigation();
  const submitting = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null;
  const canSchedule = useCan('export:schedule');
  const canChangeTimeZone = useCan('organization:update');
  const { current } = loaded;
  const back = current
    ? `/integrations/ttd/exports/${encodeURIComponent(current.id)}`
    : '/integrations/ttd';
  const here = current ? `${back}/edit` : '/integrations/ttd/exports/new';

  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <Link
          to={back}
          className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
        >
          <ChevronLeft aria-hidden="true" className="size-4" />
          {current ? current.name : 'The Trade Desk'}
        </Link>
        <PageHeader
          title={current ? `Edit “${current.name}”` : 'New export to The Trade Desk'}
          description="Choose audiences and name their segments; each run sends The Trade Desk only who joined or left, as UID2s."
          actions={
            current && canSchedule && !deleting ? (
              <Button asChild variant="secondary">
                <Link to="?delete=1">Delete export</Link>
              </Button>
            ) : null
          }
        />
      </div>
      {!canSchedule ? (
        <Callout tone="info">
          <p>Only owners and admins create and change exports.</p>
        </Callout>
      ) : loaded.destinations.length === 0 ? (
        <Callout tone="info">
          <p>
            Add a destination first:{' '}
            <Link
              to="/integrations/ttd?destination=new#destinations"
              className="text-link underline"
            >
              add your Trade Desk advertiser
            </Link>
            .
          </p>
        </Callout>
      ) : (
        <>
          {current && deleting ? (
            <ConfirmDeletePanel
              headingId="delete-export-heading"
              heading={`Delete the export “${current.name}”?`}
              explanation="Its schedule and run history are deleted. Segments already in The Trade Desk stay there until their TTL runs out."
              fields={{ intent: 'delete' }}
              submitLabel="Delete export"
              cancelHref={here}
              disabled={submitting === 'delete'}
            />
          ) : null}
          {result?.intent === 'delete' && result.formError ? (
            <Callout tone="danger" role="alert">
              <p>{result.formError}</p>
            </Callout>
          ) : null}
          <TimeZoneLine
            timeZone={loaded.timeZone}
            editing={loaded.editingTimeZone}
            canEdit={canChangeTimeZone}
            problem={result?.intent === 'time-zone' ? result : undefined}
            busy={submitting === 'time-zone'}
            returnTo={here}
          />
          <ExportForm
            key={current?.id ?? 'new'}
            current={current}
            destinations={loaded.destinations}
            audiences={loaded.audiences}
            timeZone={loaded.timeZone}
            preselect={loaded.preselect}
            problem={result?.intent === 'save' ? result : undefined}
            busy={submitting === 'save'}
            cancelHref={back}
          />
        </>
      )}
    </div>
  );
}
