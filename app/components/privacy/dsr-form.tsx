import { Form } from '@remix-run/react';
import { ShieldCheck, Trash2 } from 'lucide-react';
import { useRef } from 'react';
import type { DsrInput } from '../../../core/contracts/activation';
import { CancelLink, FocusPanel } from '~/components/confirm-panel';
import { FormAlert, TextField, useFocusFirstError } from '~/components/forms';
import { Button } from '~/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '~/components/ui/card';
import type { FormProblem } from '~/lib/forms';

const ACTIONS = {
  delete: {
    label: 'Delete this person',
    hint: 'Removes their contact records, identifiers and UID2s, takes them out of every audience and removes them from The Trade Desk segments.',
  },
  optout: {
    label: 'Opt this person out',
    hint: 'Keeps their contact record but never sends them to The Trade Desk again, and removes them from segments they were sent to.',
  },
} as const;

/**
 * A data-subject request in two steps: say who and what, then confirm. The second step repeats
 * the request in words, because neither action can be undone.
 */
export function DsrForm({
  reviewing,
  problem,
  busy,
}: {
  /** The request waiting for confirmation, after the first step. */
  reviewing: DsrInput | null;
  problem: FormProblem | undefined;
  busy: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useFocusFirstError(ref, problem);
  const errors = problem?.fieldErrors ?? {};
  const values = problem?.values;

  if (reviewing) {
    const who = reviewing.email ?? reviewing.phone ?? '';
    return (
      <FocusPanel
        headingId="dsr-confirm-heading"
        heading={
          reviewing.action === 'delete'
            ? `Delete everything about ${who}?`
            : `Opt ${who} out of activation?`
        }
        danger
      >
        <p className="text-sm text-muted-foreground">
          {ACTIONS[reviewing.action].hint} This cannot be undone.
        </p>
        <Form method="post" className="flex flex-wrap gap-2">
          <input type="hidden" name="intent" value="submit" />
          <input type="hidden" name="action" value={reviewing.action} />
          <input type="hidden" name="kind" value={reviewing.email ? 'email' : 'phone'} />
          <input type="hidden" name="identifier" value={who} />
          {reviewing.defaultCountry ? (
            <input type="hidden" name="defaultCountry" value={reviewing.defaultCountry} />
          ) : null}
          <Button type="submit" variant="destructive" size="sm" disabled={busy}>
            {reviewing.action === 'delete' ? (
              <Trash2 aria-hidden="true" />
            ) : (
              <ShieldCheck aria-hidden="true" />
            )}
            {busy ? 'Working…' : ACTIONS[reviewing.action].label}
          </Button>
          <CancelLink href="/settings/privacy" />
        </Form>
      </FocusPanel>
    );
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>New request</CardTitle>
        <CardDescription>
          When someone asks to be forgotten or to stop being targeted, find them by the email or
          phone number they gave you. You will confirm on the next step.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <div ref={ref}>
          <Form method="post" noValidate className="space-y-5">
            <input type="hidden" name="intent" value="review" />
            {problem?.formError ? <FormAlert>{problem.formError}</FormAlert> : null}
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium text-foreground">What to do</legend>
              {(['delete', 'optout'] as const).map((action) => (
                <label key={action} className="flex items-start gap-2 text-sm">
                  <input
                    type="radio"
                    name="action"
                    value={action}
                    defaultChecked={(values?.action ?? 'delete') === action}
                    className="mt-0.5 accent-primary"
                    aria-describedby={`dsr-${action}-hint`}
                  />
                  <span>
                    <span className="font-medium text-foreground">{ACTIONS[action].label}</span>
                    <span id={`dsr-${action}-hint`} className="block text-xs text-muted-foreground">
                      {ACTIONS[action].hint}
                    </span>
                  </span>
                </label>
              ))}
            </fieldset>
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium text-foreground">Find them by</legend>
              <div className="flex gap-4 text-sm">
                {(['email', 'phone'] as const).map((kind) => (
                  <label key={kind} className="flex items-center gap-2">
                    <input
                      type="radio"
                      name="kind"
                      value={kind}
                      defaultChecked={(values?.kind ?? 'email') === kind}
                      className="accent-primary"
                    />
                    {kind === 'email' ? 'Email' : 'Phone number'}
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="grid gap-4 md:grid-cols-[2fr_1fr]">
              <TextField
                name="identifier"
                id="dsr-identifier"
                label="Email or phone number"
                autoComplete="off"
                spellCheck={false}
                hint="Exactly as they gave it; it is normalised the same way uploads are."
                defaultValue={values?.identifier}
                errors={errors.identifier}
              />
              <TextField
                name="defaultCountry"
                id="dsr-country"
                label="Country (phone only)"
                hint="Two letters, e.g. US, for a number without +country code."
                maxLength={2}
                autoComplete="off"
                defaultValue={values?.defaultCountry}
                errors={errors.defaultCountry}
              />
            </div>
            <Button type="submit">Review request</Button>
          </Form>
        </div>
      </CardContent>
    </Card>
  );
}
