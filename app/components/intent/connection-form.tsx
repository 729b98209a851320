import { Form } from '@remix-run/react';
import { PlugZap } from 'lucide-react';
import { useRef, useState } from 'react';
import type { BomboraSettingsView } from '../../../core/contracts/intent';
import {
  CheckboxField,
  FieldError,
  firstInvalid,
  FormAlert,
  SelectField,
  TextField,
  useFocusFirstError,
} from '~/components/forms';
import { Badge } from '~/components/ui/badge';
import { Button } from '~/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '~/components/ui/card';
import type { FormProblem } from '~/lib/forms';
import { formatCount } from '~/lib/utils';

const FIELD_ORDER = [
  'mode',
  'clientId',
  'clientSecret',
  'username',
  'password',
  'dailyCallQuota',
  'surgeThreshold',
  'alertWebhookUrl',
];

const MODE_LABEL = { intent: 'Intent API', legacy: 'Company Surge (legacy)' } as const;

/** The organisation's Bombora connection, for owners and admins. Secrets are write-only. */
export function ConnectionForm({
  settings,
  problem,
  busy,
}: {
  settings: BomboraSettingsView;
  problem: FormProblem | undefined;
  busy: boolean;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, problem);
  const values = problem?.values;
  const errors = problem?.fieldErrors ?? {};
  const focus = firstInvalid(errors, FIELD_ORDER);
  const [mode, setMode] = useState<'intent' | 'legacy'>(
    values?.mode === 'legacy' || values?.mode === 'intent' ? values.mode : settings.mode,
  );
  // Stored credentials belong to the mode they were entered for.
  const keepable =
    settings.configured && settings.credentialsHint !== null && mode === settings.mode;
  const credentialHint = keepable
    ? `Stored: ${settings.credentialsHint} — leave blank to keep`
    : settings.configured
      ? `Switching to ${MODE_LABEL[mode]} needs its credentials`
      : 'Required to connect';
  const checkbox = (name: string, stored: boolean) => (values ? values[name] === 'on' : stored);

  return (
    <Card>
      <CardHeader>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle id="connection-heading">Connection</CardTitle>
          {settings.configured ? (
            <Badge tone={settings.enabled ? 'success' : 'neutral'}>
              {settings.enabled ? 'Connected' : 'Connected, paused'}
            </Badge>
          ) : (
            <Badge tone="warning">Not connected</Badge>
          )}
        </div>
        <CardDescription>
          The credentials are checked with Bombora when you save and stored encrypted; they are
          never shown again.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Form
          method="post"
          ref={formRef}
          noValidate
          aria-labelledby="connection-heading"
          className="space-y-5"
          preventScrollReset
        >
          <input type="hidden" name="intent" value="connection" />
          <input type="hidden" name="storedMode" value={settings.configured ? settings.mode : ''} />
          {problem?.formError ? <FormAlert>{problem.formError}</FormAlert> : null}

          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              name="mode"
              id="bombora-mode"
              label="API"
              value={mode}
              onChange={(e) => setMode(e.target.value === 'legacy' ? 'legacy' : 'intent')}
              errors={errors.mode}
              autoFocus={focus === 'mode'}
            >
              <option value="intent">{MODE_LABEL.intent}</option>
              <option value="legacy">{MODE_LABEL.legacy}</option>
            </SelectField>
            <CheckboxField
              name="enabled"
              id="bombora-enabled"
              label="Syncing switched on"
              hint="Weekly on a schedule, and Sync now. Off pauses both."
              defaultChecked={checkbox('enabled', settings.configured ? settings.enabled : true)}
            />
          </div>

          <fieldset className="space-y-3">
            <legend className="text-sm font-medium text-foreground">Credentials</legend>
            <p id="credentials-hint" className="text-xs text-muted-foreground">
              {credentialHint}
            </p>
            <FieldError id="credentials-error" errors={errors.credentials} />
            {mode === 'intent' ? (
              <div key="intent" className="grid gap-4 sm:grid-cols-2">
                <TextField
                  name="clientId"
                  id="bombora-client-id"
                  label="Client ID"
                  autoComplete="off"
                  spellCheck={false}
                  errors={errors.clientId}
                  autoFocus={focus === 'clientId'}
                />
                <TextField
                  name="clientSecret"
                  id="bombora-client-secret"
                  label="Client secret"
                  type="password"
                  autoComplete="new-password"
                  errors={errors.clientSecret}
                  autoFocus={focus === 'clientSecret'}
                />
              </div>
            ) : (
              <div key="legacy" className="grid gap-4 sm:grid-cols-2">
                <TextField
                  name="username"
                  id="bombora-username"
                  label="Username"
                  autoComplete="off"
                  spellCheck={false}
                  errors={errors.username}
                  autoFocus={focus === 'username'}
                />
                <TextField
                  name="password"
                  id="bombora-password"
                  label="Password"
                  type="password"
                  autoComplete="new-password"
                  errors={errors.password}
                  autoFocus={focus === 'password'}
                />
              </div>
            )}
          </fieldset>

          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              name="surgeThreshold"
              id="bombora-threshold"
              label="Surge threshold (0–100)"
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              hint="Bombora: 50 is average interest, 60 and above is a surge."
              defaultValue={values?.surgeThreshold ?? String(settings.surgeThreshold)}
              errors={errors.surgeThreshold}
              autoFocus={focus === 'surgeThreshold'}
            />
            <TextField
              name="dailyCallQuota"
              id="bombora-quota"
              label="Daily API call quota"
              type="number"
              inputMode="numeric"
              min={10}
              max={1_000_000}
              hint={`${formatCount(settings.callsToday)} used today. Syncs stop for the day at the quota.`}
              defaultValue={values?.dailyCallQuota ?? String(settings.dailyCallQuota)}
              errors={errors.dailyCallQuota}
              autoFocus={focus === 'dailyCallQuota'}
            />
          </div>

          <div className="space-y-3">
            <CheckboxField
              name="onlyKnownDomains"
              id="bombora-known-domains"
              label="Only my known company domains"
              hint="Keep scores only for companies already among your contacts and companies."
              defaultChecked={checkbox('onlyKnownDomains', settings.onlyKnownDomains)}
            />
            <CheckboxField
              name="enrichCompanies"
              id="bombora-enrich"
              label="Fill missing company details from Bombora"
              hint="Name, industry and size are added where your records have none; your values are never overwritten."
              defaultChecked={checkbox('enrichCompanies', settings.enrichCompanies)}
            />
          </div>

          <div className="space-y-2">
            <TextField
              name="alertWebhookUrl"
              id="bombora-webhook"
              label="Alert webhook URL (optional)"
              type="url"
              inputMode="url"
              autoComplete="off"
              placeholder="https://hooks.slack.com/services/…"
              hint={
                settings.alertWebhookHint
                  ? `Stored: ${settings.alertWebhookHint} — leave blank to keep. Failed or stale syncs are posted here.`
                  : 'Failed or stale syncs are posted here (Slack-compatible).'
              }
              defaultValue={values?.alertWebhookUrl}
              errors={errors.alertWebhookUrl}
              autoFocus={focus === 'alertWebhookUrl'}
            />
            {settings.alertWebhookHint ? (
              <CheckboxField
                name="removeWebhook"
                id="bombora-remove-webhook"
                label="Remove the stored webhook"
                defaultChecked={values?.removeWebhook === 'on'}
              />
            ) : null}
          </div>

          <Button type="submit" disabled={busy}>
            <PlugZap aria-hidden="true" />
            {busy ? 'Checking with Bombora…' : settings.configured ? 'Save connection' : 'Connect'}
          </Button>
        </Form>
      </CardContent>
    </Card>
  );
}

/** What a role without integration:configure sees instead of the form. */
export function ConnectionSummary({ settings }: { settings: BomboraSettingsView }) {
  const rows: Array<[string, string]> = [
    ['API', MODE_LABEL[settings.mode]],
    [
      'Status',
      settings.configured ? (settings.enabled ? 'Syncing weekly' : 'Paused') : 'Not connected',
    ],
    ['Surge threshold', String(settings.surgeThreshold)],
    [
      'Daily API call quota',
      `${formatCount(settings.callsToday)} of ${formatCount(settings.dailyCallQuota)} used today`,
    ],
    ['Only known company domains', settings.onlyKnownDomains ? 'Yes' : 'No'],
    ['Fill missing company details', settings.enrichCompanies ? 'Yes' : 'No'],
  ];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Connection</CardTitle>
        <CardDescription>Owners and admins manage the Bombora connection.</CardDescription>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
          {rows.map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="text-muted-foreground">{term}</dt>
              <dd className="text-foreground">{value}</dd>
            </div>
          ))}
        </dl>
      </CardContent>
    </Card>
  );
}
