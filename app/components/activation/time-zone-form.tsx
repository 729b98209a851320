import { Form, Link } from '@remix-run/react';
import { Globe } from 'lucide-react';
import { useRef } from 'react';
import { CancelLink } from '~/components/confirm-panel';
import { FormAlert, TextField, useFocusFirstError } from '~/components/forms';
import { Button } from '~/components/ui/button';
import type { FormProblem } from '~/lib/forms';

// Offered as suggestions; any IANA zone the runtime knows is accepted.
const COMMON_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
];

/**
 * The organisation's time zone, which every export schedule is read in: shown as a sentence, and
 * (for roles with organization:update) changed in place through `?timeZone=edit`.
 */
export function TimeZoneLine({
  timeZone,
  editing,
  canEdit,
  problem,
  busy,
  returnTo,
}: {
  timeZone: string;
  editing: boolean;
  canEdit: boolean;
  problem: FormProblem | undefined;
  busy: boolean;
  /** Where Cancel goes: the page without `?timeZone=edit`. */
  returnTo: string;
}) {
  const ref = useRef<HTMLFormElement>(null);
  useFocusFirstError(ref, problem);
  if (editing && canEdit) {
    return (
      <Form ref={ref} method="post" preventScrollReset noValidate className="space-y-3">
        <input type="hidden" name="intent" value="time-zone" />
        {problem?.formError ? <FormAlert>{problem.formError}</FormAlert> : null}
        <TextField
          name="timeZone"
          id="org-time-zone"
          label="Organisation time zone"
          hint="An IANA time zone such as Europe/London. Every export schedule is read in it."
          list="time-zone-suggestions"
          autoComplete="off"
          spellCheck={false}
          defaultValue={problem?.values?.timeZone ?? timeZone}
          errors={problem?.fieldErrors.timeZone}
          autoFocus
        />
        <datalist id="time-zone-suggestions">
          {COMMON_ZONES.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" size="sm" disabled={busy}>
            {busy ? 'Saving…' : 'Save time zone'}
          </Button>
          <CancelLink href={returnTo} />
        </div>
      </Form>
    );
  }
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
      <Globe aria-hidden="true" className="size-4" />
      Schedules run in your organisation’s time zone,{' '}
      <span className="font-medium text-foreground">{timeZone}</span>.
      {canEdit ? (
        <Link to="?timeZone=edit" preventScrollReset className="text-link underline">
          Change time zone
        </Link>
      ) : null}
    </p>
  );
}
