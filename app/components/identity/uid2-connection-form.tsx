import { Form } from '@remix-run/react';
import { PlugZap } from 'lucide-react';
import { useRef } from 'react';
import type { Uid2Overview } from '../../../core/contracts/activation';
import {
  CheckboxField,
  FormAlert,
  TextField,
  firstInvalid,
  useFocusFirstError,
} from '~/components/forms';
import { Button } from '~/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '~/components/ui/card';
import type { FormProblem } from '~/lib/forms';

type Settings = Uid2Overview['settings'];
const ORDER = ['apiKey', 'clientSecret'] as const;

/**
 * The UID2 operator credentials and switches. Credentials are write-only: the fields are always
 * empty, the stored key shows only as a hint, and leaving both blank keeps what is stored.
 */
export function Uid2ConnectionForm({
  settings,
  problem,
  busy,
}: {
  settings: Settings;
  problem: FormProblem | undefined;
  busy: boolean;
}) {
  const ref = useRef<HTMLFormElement>(null);
  useFocusFirstError(ref, problem);
  const errors = problem?.fieldErrors ?? {};
  const values = problem?.values;
  const focus = firstInvalid(errors, ORDER);
  // After a failed submission the checkboxes show what was sent, not what is stored.
  const checkbox = (name: 'enabled' | 'mapAfterUpload', stored: boolean) =>
    values ? values[name] === 'on' : stored;

  return (
    <Card id="connection">
      <CardHeader>
        <CardTitle>Connection</CardTitle>
        <CardDescription>
          Your UID2 operator credentials (from your UID2 participant portal). They are checked with
          UID2 before they are saved, and never shown again.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Form ref={ref} method="post" preventScrollReset className="space-y-5" noValidate>
          <input type="hidden" name="intent" value="connection" />
          <input type="hidden" name="configured" value={settings.configured ? 'yes' : 'no'} />
          {problem?.formError ? <FormAlert>{problem.formError}</FormAlert> : null}
          <TextField
            name="apiKey"
            id="uid2-api-key"
            label="API key"
            autoComplete="off"
            spellCheck={false}
            hint={
              settings.credentialsHint
                ? `Stored: ${settings.credentialsHint} — leave both fields blank to keep it.`
                : 'The operator key UID2 issued to your organisation.'
            }
            errors={errors.apiKey}
            autoFocus={focus === 'apiKey'}
          />
          <TextField
            name="clientSecret"
            id="uid2-client-secret"
            label="Client secret"
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            hint="The Base64 secret issued with the key (44 characters, ending in =)."
            errors={errors.clientSecret}
            autoFocus={focus === 'clientSecret'}
          />
          <div className="space-y-3">
            <CheckboxField
              name="enabled"
              id="uid2-enabled"
              label="Map identifiers to UID2"
              hint="Switch off to pause all mapping and refreshes; stored UID2s are kept."
              defaultChecked={checkbox('enabled', settings.configured ? settings.enabled : true)}
            />
            <CheckboxField
              name="mapAfterUpload"
              id="uid2-map-after-upload"
              label="Map new identifiers after each upload"
              hint="Emails and phone numbers from every finished upload are sent to UID2 straight away."
              defaultChecked={checkbox(
                'mapAfterUpload',
                settings.configured ? settings.mapAfterUpload : true,
              )}
            />
          </div>
          <Button type="submit" disabled={busy}>
            <PlugZap aria-hidden="true" />
            {busy ? 'Checking with UID2…' : settings.configured ? 'Save connection' : 'Connect'}
          </Button>
        </Form>
      </CardContent>
    </Card>
  );
}

/** What a role without integration:configure sees instead of the form. */
export function Uid2ConnectionSummary({ settings }: { settings: Settings }) {
  const rows: Array<[string, string]> = [
    ['Status', settings.configured ? (settings.enabled ? 'Mapping' : 'Paused') : 'Not connected'],
    ['Credentials', settings.credentialsHint ?? 'None stored'],
    ['Map after each upload', settings.mapAfterUpload ? 'Yes' : 'No'],
  ];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Connection</CardTitle>
        <CardDescription>Owners and admins manage the UID2 connection.</CardDescription>
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
