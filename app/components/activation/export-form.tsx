import { Form, Link } from '@remix-run/react';
import { ArrowDown, ArrowUp, Plus, Save, X } from 'lucide-react';
import { useId, useRef, useState } from 'react';
import { describeSchedule, validateSchedule } from '../../../core/activation/schedule';
import { segmentNameProblem, suggestSegmentName } from '../../../core/activation/segment-name';
import {
  TTL_DAYS_MAX,
  type DestinationView,
  type ExportView,
} from '../../../core/contracts/activation';
import {
  CheckboxField,
  FieldError,
  FormAlert,
  SelectField,
  TextField,
  useFocusFirstError,
} from '~/components/forms';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '~/components/ui/card';
import { Input, Select } from '~/components/ui/input';
import { SCHEDULE_PRESETS, TTL_DEFAULT_DAYS } from '~/lib/activation';
import type { FormProblem } from '~/lib/forms';

export interface AudienceOption {
  id: string;
  name: string;
  size: number | null;
}

interface Row {
  key: number;
  audienceId: string;
  segmentName: string;
  /** Edited since the last submission: the server's error for it no longer applies. */
  edited: boolean;
}

/**
 * Create or edit an export: where it goes, the audiences in priority order with their segment
 * names (checked as they are typed, with the same rules the API applies), how long The Trade Desk
 * keeps a member, and when it runs, said in words in the organisation's time zone.
 */
export function ExportForm({
  current,
  destinations,
  audiences,
  timeZone,
  preselect,
  problem,
  busy,
  cancelHref,
}: {
  current: ExportView | null;
  destinations: DestinationView[];
  audiences: AudienceOption[];
  timeZone: string;
  /** An audience to start with when creating (from an audience's page). */
  preselect: string | null;
  problem: FormProblem | undefined;
  busy: boolean;
  cancelHref: string;
}) {
  const ref = useRef<HTMLFormElement>(null);
  useFocusFirstError(ref, problem);
  const errors = problem?.fieldErrors ?? {};
  const values = problem?.values;
  const names = new Map(audiences.map((a) => [a.id, a.name]));
  const nextKey = useRef(0);
  const row = (audienceId: string, segmentName: string): Row => ({
    key: nextKey.current++,
    audienceId,
    segmentName,
    edited: false,
  });

  const [rows, setRows] = useState<Row[]>(() => {
    if (current) return current.audiences.map((a) => row(a.audienceId, a.segmentName));
    const first = preselect ? audiences.find((a) => a.id === preselect) : undefined;
    return first ? [row(first.id, suggestSegmentName(first.name))] : [];
  });
  const [adding, setAdding] = useState('');
  const [schedule, setSchedule] = useState(values?.schedule ?? current?.schedule ?? '0 6 * * *');
  const [lastProblem, setLastProblem] = useState(problem);
  if (problem !== lastProblem) {
    // A new answer from the server: its errors apply to the rows as they are now.
    setLastProblem(problem);
    setRows((list) => list.map((r) => ({ ...r, edited: false })));
  }

  const available = audiences.filter((a) => !rows.some((r) => r.audienceId === a.id));
  const add = () => {
    const audience = audiences.find((a) => a.id === adding);
    if (!audience) return;
    setRows((list) => [...list, row(audience.id, suggestSegmentName(audience.name))]);
    setAdding('');
  };
  const move = (index: number, by: -1 | 1) =>
    setRows((list) => {
      const next = [...list];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item!);
      return next;
    });
  const remove = (index: number) => setRows((list) => list.filter((_, i) => i !== index));
  const rename = (index: number, segmentName: string) =>
    setRows((list) => list.map((r, i) => (i === index ? { ...r, segmentName, edited: true } : r)));

  const scheduleProblem = validateSchedule(schedule);
  const audiencesError = errors.audiences;
  const ids = useId();

  return (
    <Form ref={ref} method="post" noValidate className="space-y-6">
      <input type="hidden" name="intent" value="save" />
      {problem?.formError ? <FormAlert>{problem.formError}</FormAlert> : null}

      <Card>
        <CardHeader>
          <CardTitle>Export</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4 md:grid-cols-2">
          <TextField
            name="name"
            id="export-name"
            label="Name"
            hint="For you: e.g. “Weekly prospects to Acme US”."
            defaultValue={values?.name ?? current?.name}
            errors={errors.name}
          />
          <SelectField
            name="destinationId"
            id="export-destination"
            label="Destination"
            hint="The Trade Desk advertiser the segments are created under."
            defaultValue={values?.destinationId ?? current?.destinationId ?? destinations[0]?.id}
            errors={errors.destinationId}
          >
            {destinations.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({d.advertiserId})
              </option>
            ))}
          </SelectField>
        </CardContent>
      </Card>

      <Card>
        <fieldset>
          <CardHeader>
            <legend>
              <CardTitle as="h2">Audiences and segments</CardTitle>
            </legend>
            <CardDescription>
              Each audience becomes a segment in The Trade Desk. The order matters: a person is sent
              only to the first audience in this list that holds them, so put the most specific or
              valuable audience first.
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            {audiencesError ? (
              <FieldError id={`${ids}-audiences-error`} errors={audiencesError} />
            ) : null}
            {rows.length === 0 ? (
              <Callout tone="info">
                <p>No audiences yet. Choose one below and add it; you can add up to 10.</p>
              </Callout>
            ) : (
              <ol className="space-y-3" aria-label="Audiences in priority order">
                {rows.map((r, index) => {
                  const name = names.get(r.audienceId) ?? 'An audience that no longer exists';
                  const duplicate = rows.some(
                    (other, i) => i < index && other.segmentName === r.segmentName,
                  );
                  const live =
                    segmentNameProblem(r.segmentName) ??
                    (duplicate ? 'Used twice in this export' : null);
                  const server = r.edited ? undefined : errors[`audiences.${index}.segmentName`];
                  const rowErrors = live ? [live] : server;
                  const audienceErrors = errors[`audiences.${index}.audienceId`];
                  const fieldId = `segment-${r.key}`;
                  return (
                    <li
                      key={r.key}
                      className="grid gap-3 rounded-lg border border-border p-3 md:grid-cols-[2rem_1fr_1.5fr_auto] md:items-start"
                    >
                      <span className="flex size-7 items-center justify-center rounded-full bg-accent text-xs font-semibold text-accent-foreground">
                        {index + 1}
                      </span>
                      <div className="text-sm">
                        <input type="hidden" name="audienceId" value={r.audienceId} />
                        <p className="font-medium text-foreground">{name}</p>
                        <p className="text-xs text-muted-foreground">
                          {index === 0 ? 'First priority' : `Priority ${index + 1}`}
                        </p>
                        <FieldError id={`${fieldId}-audience-error`} errors={audienceErrors} />
                      </div>
                      <div className="space-y-1.5">
                        <label
                          htmlFor={fieldId}
                          className="block text-sm font-medium text-foreground"
                        >
                          Segment name<span className="sr-only"> for {name}</span>
                        </label>
                        <Input
                          id={fieldId}
                          name="segmentName"
                          value={r.segmentName}
                          onChange={(event) => rename(index, event.target.value)}
                          spellCheck={false}
                          aria-invalid={rowErrors?.length ? true : undefined}
                          aria-describedby={rowErrors?.length ? `${fieldId}-error` : undefined}
                        />
                        <FieldError id={`${fieldId}-error`} errors={rowErrors} />
                      </div>
                      <div className="flex gap-1">
                        <Button
                          variant="ghost"
                          size="icon"
                          disabled={index === 0}
                          onClick={() => move(index, -1)}
                          aria-label={`Move ${name} up`}
                        >
                          <ArrowUp aria-hidden="true" />
                        </Button>
                        <Button
                          variant="ghost"
                          size="icon"
                          disabled={index === rows.length - 1}
                          onClick={() => move(index, 1)}
                          aria-label={`Move ${name} down`}
                        >
                          <ArrowDown aria-hidden="true" />
                        </Button>
                        <Button
                          variant="ghost"
                          size="icon"
                          onClick={() => remove(index)}
                          aria-label={`Remove ${name}`}
                        >
                          <X aria-hidden="true" />
                        </Button>
                      </div>
                    </li>
                  );
                })}
              </ol>
            )}
            {rows.length < 10 ? (
              <div className="flex flex-wrap items-end gap-2">
                <div className="min-w-64 flex-1 space-y-1.5">
                  <label
                    htmlFor={`${ids}-add`}
                    className="block text-sm font-medium text-foreground"
                  >
                    Add an audience
                  </label>
                  <Select
                    id={`${ids}-add`}
                    value={adding}
                    onChange={(e) => setAdding(e.target.value)}
                  >
                    <option value="">Choose an audience…</option>
                    {available.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.name}
                      </option>
                    ))}
                  </Select>
                </div>
                <Button variant="secondary" onClick={add} disabled={!adding}>
                  <Plus aria-hidden="true" />
                  Add audience
                </Button>
              </div>
            ) : null}
            {audiences.length === 0 ? (
              <p className="text-sm text-muted-foreground">
                You have no audiences yet.{' '}
                <Link to="/audiences" className="text-link underline">
                  Create one
                </Link>{' '}
                first.
              </p>
            ) : null}
          </CardContent>
        </fieldset>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Schedule</CardTitle>
          <CardDescription>
            When the export runs, read in your organisation’s time zone ({timeZone}). “Export now”
            on the export’s page runs it at any time.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <div className="flex flex-wrap gap-2" role="group" aria-label="Schedule presets">
            {SCHEDULE_PRESETS.map((preset) => (
              <Button
                key={preset.cron}
                variant={schedule.trim() === preset.cron ? 'primary' : 'secondary'}
                size="sm"
                aria-pressed={schedule.trim() === preset.cron}
                onClick={() => setSchedule(preset.cron)}
              >
                {preset.label}
              </Button>
            ))}
          </div>
          <TextField
            name="schedule"
            id="export-schedule"
            label="Schedule (cron)"
            hint="Five fields: minute, hour, day of month, month, day of week."
            className="max-w-md"
            spellCheck={false}
            autoComplete="off"
            value={schedule}
            onChange={(event) => setSchedule(event.target.value)}
            errors={scheduleProblem ? [scheduleProblem] : errors.schedule}
          />
          {scheduleProblem ? null : (
            <p className="text-sm text-foreground" id="export-schedule-words">
              <span className="text-muted-foreground">In words: </span>
              {describeSchedule(schedule, timeZone)}
            </p>
          )}
          <div className="grid gap-4 md:grid-cols-2">
            <TextField
              name="ttlDays"
              id="export-ttl"
              label="Keep members for (days)"
              hint={`The Trade Desk drops a member not re-sent within this time (1–${TTL_DAYS_MAX}). Runs refresh members before it passes.`}
              type="number"
              inputMode="numeric"
              min={1}
              max={TTL_DAYS_MAX}
              defaultValue={values?.ttlDays ?? String(current?.ttlDays ?? TTL_DEFAULT_DAYS)}
              errors={errors.ttlDays}
            />
          </div>
          <CheckboxField
            name="enabled"
            id="export-enabled"
            label="Run on this schedule"
            hint="Switch off to pause the schedule; “Export now” still works."
            defaultChecked={values ? values.enabled === 'on' : (current?.enabled ?? true)}
          />
        </CardContent>
      </Card>

      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={busy}>
          <Save aria-hidden="true" />
          {busy ? 'Saving…' : current ? 'Save export' : 'Create export'}
        </Button>
        <Button asChild variant="secondary">
          <Link to={cancelHref}>Cancel</Link>
        </Button>
      </div>
    </Form>
  );
}
