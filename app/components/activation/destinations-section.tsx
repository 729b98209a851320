import { Form, Link } from '@remix-run/react';
import { Pencil, Plus, Send, Trash2 } from 'lucide-react';
import { useRef } from 'react';
import {
  TTD_REGION_LABELS,
  TTD_REGION_VALUES,
  type DestinationView,
} from '../../../core/contracts/activation';
import { CancelLink, ConfirmDeletePanel, FocusPanel } from '~/components/confirm-panel';
import {
  CheckboxField,
  FormAlert,
  SelectField,
  TextField,
  firstInvalid,
  useFocusFirstError,
} from '~/components/forms';
import { Button } from '~/components/ui/button';
import { EmptyState } from '~/components/ui/empty-state';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import type { FormProblem } from '~/lib/forms';

const ORDER = [
  'name',
  'advertiserId',
  'region',
  'authMode',
  'secret',
  'alertWebhookUrl',
  'failureAlertPercent',
] as const;

const AUTH_LABELS = {
  token: 'TTD-Auth token',
  signature: 'Signed requests (first-party data secret key)',
} as const;

/** Where exports go: The Trade Desk advertisers, each with its region and write-only credential. */
export function DestinationsSection({
  destinations,
  editing,
  deleting,
  canEdit,
  problem,
  busy,
}: {
  destinations: DestinationView[];
  /** "new" or the id of the destination being edited, from the address. */
  editing: string | null;
  deleting: string | null;
  canEdit: boolean;
  problem: FormProblem | undefined;
  busy: boolean;
}) {
  const current =
    editing && editing !== 'new' ? destinations.find((d) => d.id === editing) : undefined;
  const doomed = deleting ? destinations.find((d) => d.id === deleting) : undefined;
  const showForm = canEdit && (editing === 'new' || current);

  return (
    <section id="destinations" aria-labelledby="destinations-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="destinations-heading" className="text-base font-semibold text-foreground">
          Destinations
        </h2>
        {canEdit && !showForm ? (
          <Button asChild variant="secondary" size="sm">
            <Link to="?destination=new#destinations" preventScrollReset>
              <Plus aria-hidden="true" />
              Add destination
            </Link>
          </Button>
        ) : null}
      </div>
      {doomed && canEdit ? (
        <ConfirmDeletePanel
          headingId="delete-destination-heading"
          heading={`Delete the destination “${doomed.name}”?`}
          explanation={
            doomed.exports > 0
              ? `${doomed.exports} export${doomed.exports === 1 ? ' sends' : 's send'} to it: delete or move ${doomed.exports === 1 ? 'that export' : 'those exports'} first.`
              : 'Its stored credentials are deleted. Segments already in The Trade Desk stay there until their TTL runs out.'
          }
          fields={{ intent: 'destination-delete', destinationId: doomed.id }}
          submitLabel="Delete destination"
          cancelHref="?#destinations"
          disabled={busy}
        />
      ) : null}
      {showForm ? (
        <DestinationForm
          key={current?.id ?? 'new'}
          destination={current}
          problem={problem}
          busy={busy}
        />
      ) : problem?.formError ? (
        <FormAlert>{problem.formError}</FormAlert>
      ) : null}
      {destinations.length === 0 ? (
        showForm ? null : (
          <EmptyState
            icon={Send}
            headingLevel="h3"
            title="No destinations yet"
            description={
              canEdit
                ? 'Add your Trade Desk advertiser (its id, region and an API token) to send audiences to it.'
                : 'An owner or admin adds The Trade Desk advertiser that audiences are sent to.'
            }
            actions={
              canEdit ? (
                <Button asChild>
                  <Link to="?destination=new#destinations" preventScrollReset>
                    <Plus aria-hidden="true" />
                    Add destination
                  </Link>
                </Button>
              ) : null
            }
          />
        )
      ) : (
        <Table label="Destinations">
          <TableHead>
            <Tr>
              <Th>Name</Th>
              <Th>Advertiser</Th>
              <Th>Region</Th>
              <Th>Authentication</Th>
              <Th className="text-right">Failure alert</Th>
              <Th className="text-right">Exports</Th>
              {canEdit ? (
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              ) : null}
            </Tr>
          </TableHead>
          <TableBody>
            {destinations.map((d) => (
              <Tr key={d.id}>
                <Td className="font-medium">{d.name}</Td>
                <Td className="font-mono text-xs">{d.advertiserId}</Td>
                <Td>{TTD_REGION_LABELS[d.region]}</Td>
                <Td>
                  {d.authMode === 'token' ? 'Token' : 'Signature'}
                  {d.secretHint ? (
                    <span className="block text-xs text-muted-foreground">{d.secretHint}</span>
                  ) : null}
                </Td>
                <Td className="text-right tabular-nums">
                  over {d.failureAlertPercent} %
                  {d.alertWebhookHint ? (
                    <span className="block text-xs text-muted-foreground">
                      {d.alertWebhookHint}
                    </span>
                  ) : null}
                </Td>
                <Td className="text-right tabular-nums">{d.exports}</Td>
                {canEdit ? (
                  <Td className="whitespace-nowrap">
                    <div className="flex gap-1">
                      <Button asChild variant="ghost" size="sm">
                        <Link
                          to={`?destination=${encodeURIComponent(d.id)}#destinations`}
                          preventScrollReset
                        >
                          <Pencil aria-hidden="true" />
                          Edit<span className="sr-only"> {d.name}</span>
                        </Link>
                      </Button>
                      <Button asChild variant="ghost" size="sm">
                        <Link
                          to={`?deleteDestination=${encodeURIComponent(d.id)}#destinations`}
                          preventScrollReset
                        >
                          <Trash2 aria-hidden="true" />
                          Delete<span className="sr-only"> {d.name}</span>
                        </Link>
                      </Button>
                    </div>
                  </Td>
                ) : null}
              </Tr>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

function DestinationForm({
  destination,
  problem,
  busy,
}: {
  destination: DestinationView | undefined;
  problem: FormProblem | undefined;
  busy: boolean;
}) {
  const ref = useRef<HTMLFormElement>(null);
  useFocusFirstError(ref, problem);
  const errors = problem?.fieldErrors ?? {};
  const values = problem?.values;
  const focus = firstInvalid(errors, ORDER);
  const value = (name: string, stored: string | undefined) => values?.[name] ?? stored;

  return (
    <FocusPanel
      headingId="destination-form-heading"
      heading={destination ? `Edit “${destination.name}”` : 'Add a Trade Desk destination'}
    >
      <Form ref={ref} method="post" preventScrollReset noValidate className="space-y-4">
        <input type="hidden" name="intent" value="destination-save" />
        {destination ? <input type="hidden" name="destinationId" value={destination.id} /> : null}
        {problem?.formError ? <FormAlert>{problem.formError}</FormAlert> : null}
        <div className="grid gap-4 md:grid-cols-2">
          <TextField
            name="name"
            id="destination-name"
            label="Name"
            hint="How this advertiser is called here, e.g. “Acme US”."
            defaultValue={value('name', destination?.name)}
            errors={errors.name}
            autoFocus={focus === 'name' || (!focus && !destination)}
          />
          <TextField
            name="advertiserId"
            id="destination-advertiser"
            label="Advertiser id"
            hint="From The Trade Desk: letters, digits, - and _."
            spellCheck={false}
            autoComplete="off"
            defaultValue={value('advertiserId', destination?.advertiserId)}
            errors={errors.advertiserId}
            autoFocus={focus === 'advertiserId'}
          />
          <SelectField
            name="region"
            id="destination-region"
            label="Region"
            hint="The data centre your advertiser's data is sent to."
            defaultValue={value('region', destination?.region ?? 'use')}
            errors={errors.region}
          >
            {TTD_REGION_VALUES.map((region) => (
              <option key={region} value={region}>
                {TTD_REGION_LABELS[region]}
              </option>
            ))}
          </SelectField>
          <SelectField
            name="authMode"
            id="destination-auth"
            label="Authentication"
            defaultValue={value('authMode', destination?.authMode ?? 'token')}
            errors={errors.authMode}
          >
            {(['token', 'signature'] as const).map((mode) => (
              <option key={mode} value={mode}>
                {AUTH_LABELS[mode]}
              </option>
            ))}
          </SelectField>
          <TextField
            name="secret"
            id="destination-secret"
            label="Token or secret key"
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            hint={
              destination?.secretHint
                ? `Stored: ${destination.secretHint} — leave blank to keep it. Never shown again.`
                : 'The TTD-Auth token, or the first-party data secret key for signed requests. Never shown again.'
            }
            errors={errors.secret}
            autoFocus={focus === 'secret'}
          />
          <TextField
            name="failureAlertPercent"
            id="destination-failure-percent"
            label="Failure alert (%)"
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            hint="Alert when more than this share of a run's people fail."
            defaultValue={value(
              'failureAlertPercent',
              String(destination?.failureAlertPercent ?? 5),
            )}
            errors={errors.failureAlertPercent}
            autoFocus={focus === 'failureAlertPercent'}
          />
        </div>
        <div className="space-y-2">
          <TextField
            name="alertWebhookUrl"
            id="destination-webhook"
            label="Alert webhook URL (optional)"
            type="url"
            inputMode="url"
            autoComplete="off"
            placeholder="https://hooks.slack.com/services/…"
            hint={
              destination?.alertWebhookHint
                ? `Stored: ${destination.alertWebhookHint} — leave blank to keep. Failed runs are posted here.`
                : 'Failed or partly failed runs are posted here (Slack-compatible).'
            }
            defaultValue={values?.alertWebhookUrl}
            errors={errors.alertWebhookUrl}
            autoFocus={focus === 'alertWebhookUrl'}
          />
          {destination?.alertWebhookHint ? (
            <CheckboxField
              name="removeWebhook"
              id="destination-remove-webhook"
              label="Remove the stored webhook"
              defaultChecked={values?.removeWebhook === 'on'}
            />
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" size="sm" disabled={busy}>
            {busy ? 'Saving…' : destination ? 'Save destination' : 'Add destination'}
          </Button>
          <CancelLink href="?#destinations" />
        </div>
      </Form>
    </FocusPanel>
  );
}
