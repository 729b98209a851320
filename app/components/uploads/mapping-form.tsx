import { useFetcher } from '@remix-run/react';
import { Import, TriangleAlert } from 'lucide-react';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Upload, UploadDialect } from '../../../core/contracts/uploads';
import type { TargetField } from '../../../core/ingest/column-mapping';
import { CheckboxField, FieldError, FormAlert } from '~/components/forms';
import { Badge } from '~/components/ui/badge';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '~/components/ui/card';
import { Input, Select } from '~/components/ui/input';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import {
  confidenceView,
  DELIMITER_LABELS,
  DELIMITER_NAMES,
  delimiterFromName,
  ENCODING_LABELS,
  FIELD_LABELS,
  IDENTIFIER_FIELDS,
  QUOTE_LABELS,
  type ColumnSuggestion,
} from '~/lib/uploads';

/** What the process action answers (app/routes/uploads.$id.tsx). */
export type ProcessAnswer =
  | { ok: true; intent: 'process'; upload: Upload }
  | { ok: false; intent: 'process'; formError: string; fieldErrors?: Record<string, string[]> };

interface MappingFormProps {
  upload: Upload & { sniff: NonNullable<Upload['sniff']> };
  fields: readonly TargetField[];
  /** The file, when this browser has it: corrected settings are previewed from it. */
  file?: File | null;
  /** Where to go once processing has started; without it the page stays (the queue card). */
  redirectTo?: string;
  submitLabel?: string;
  onStarted?: (upload: Upload) => void;
}

type Mapping = (TargetField | '')[];

const PREVIEW_ROWS = 8;

function initialMapping(
  headers: readonly string[],
  suggestions: readonly ColumnSuggestion[] | null,
  saved: readonly (string | null)[] | null,
): Mapping {
  if (saved && saved.length === headers.length) return saved.map((f) => (f ?? '') as TargetField);
  return headers.map((header, i) => {
    const s = suggestions?.[i]?.header === header ? suggestions[i] : null;
    return s?.field ?? suggestions?.find((x) => x.header === header)?.field ?? '';
  });
}

/**
 * The mapping step: how the file is read (sniffed, editable), a preview of its first rows, a
 * target field for each column with how sure the suggestion is, and what to do with invalid,
 * duplicate and already-known rows. A plain form posted to the upload's action, so it also works
 * from the results page without JavaScript.
 */
export function MappingForm({
  upload,
  fields,
  file,
  redirectTo,
  submitLabel = 'Import',
  onStarted,
}: MappingFormProps) {
  const uid = useId();
  const id = (name: string) => `${uid}-${name}`;
  const fetcher = useFetcher<ProcessAnswer>({ key: `process-${upload.id}` });
  const sniff = upload.sniff;
  const settings = upload.settings;

  const [dialect, setDialect] = useState<UploadDialect>(
    settings?.dialect ?? {
      encoding: sniff.encoding,
      delimiter: sniff.delimiter,
      quote: sniff.quote,
      headerLine: sniff.headerLine,
    },
  );
  const sniffed =
    dialect.encoding === sniff.encoding &&
    dialect.delimiter === sniff.delimiter &&
    dialect.quote === sniff.quote &&
    dialect.headerLine === sniff.headerLine;
  const [layout, setLayout] = useState({ headers: sniff.headers, preview: sniff.preview });
  const [mapping, setMapping] = useState<Mapping>(() =>
    initialMapping(sniff.headers, upload.suggestions, settings?.mapping ?? null),
  );
  const [onInvalid, setOnInvalid] = useState(settings?.options.onInvalid ?? 'skip');
  const [attempted, setAttempted] = useState(false);

  // Corrected settings: read the header and preview again from the file, as the server will.
  useEffect(() => {
    if (sniffed) {
      setLayout({ headers: sniff.headers, preview: sniff.preview });
      setMapping(initialMapping(sniff.headers, upload.suggestions, settings?.mapping ?? null));
      return;
    }
    if (!file) return;
    let current = true;
    void import('~/lib/uploads-preview').then(async ({ previewWithDialect }) => {
      const next = await previewWithDialect(file, dialect);
      if (!current) return;
      setLayout(next);
      setMapping(initialMapping(next.headers, upload.suggestions, null));
    });
    return () => {
      current = false;
    };
    // Re-read only when the settings (or the file) change, not when the upload is refreshed.
  }, [dialect, sniffed, file]);

  const problems = useMemo(() => mappingProblems(mapping, layout.headers), [mapping, layout]);
  const busy = fetcher.state !== 'idle';
  const answer = fetcher.data;
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!answer) return;
    if (answer.ok) onStarted?.(answer.upload);
    else alertRef.current?.focus();
    // Once per answer.
  }, [answer]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    setAttempted(true);
    if (problems.identifier || problems.duplicates.size > 0) {
      event.preventDefault();
      const first = event.currentTarget.querySelector<HTMLElement>('[aria-invalid="true"]');
      (first ?? alertRef.current)?.focus();
    }
  };
  // Without the file, corrected settings cannot be previewed here; they stay as they are.
  const lockDialect = !file;
  const resumable = upload.status === 'uploading';

  return (
    <fetcher.Form
      method="post"
      action={`/uploads/${upload.id}`}
      noValidate
      onSubmit={onSubmit}
      aria-label={`Import settings for ${upload.name}`}
      className="space-y-6"
    >
      <input type="hidden" name="intent" value="process" />
      {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
      {answer && !answer.ok ? (
        <div ref={alertRef} tabIndex={-1}>
          <FormAlert>
            <p>{answer.formError}</p>
          </FormAlert>
        </div>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle as="h3">How the file is read</CardTitle>
          <CardDescription>
            Detected from the start of the file. Change a setting if the preview below looks wrong.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {sniff.warnings.length ? (
            <Callout tone="warning">
              <ul className="list-disc space-y-1 pl-4">
                {sniff.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </Callout>
          ) : null}
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <LabelledSelect
              id={id('encoding')}
              name="encoding"
              label="Encoding"
              value={dialect.encoding}
              disabled={lockDialect}
              onChange={(v) =>
                setDialect((d) => ({ ...d, encoding: v as UploadDialect['encoding'] }))
              }
              options={ENCODING_LABELS}
            />
            <LabelledSelect
              id={id('delimiter')}
              name="delimiter"
              label="Delimiter"
              value={DELIMITER_NAMES[dialect.delimiter]}
              disabled={lockDialect}
              onChange={(v) =>
                setDialect((d) => ({ ...d, delimiter: delimiterFromName(v) ?? d.delimiter }))
              }
              options={Object.fromEntries(
                Object.entries(DELIMITER_LABELS).map(([d, label]) => [
                  DELIMITER_NAMES[d as UploadDialect['delimiter']],
                  label,
                ]),
              )}
            />
            <LabelledSelect
              id={id('quote')}
              name="quote"
              label="Quote character"
              value={dialect.quote}
              disabled={lockDialect}
              onChange={(v) => setDialect((d) => ({ ...d, quote: v as UploadDialect['quote'] }))}
              options={QUOTE_LABELS}
            />
            <div className="space-y-1.5">
              <label htmlFor={id('headerLine')} className="block text-sm font-medium">
                Header row (line number)
              </label>
              <Input
                id={id('headerLine')}
                name="headerLine"
                type="number"
                min={1}
                max={1000}
                inputMode="numeric"
                value={dialect.headerLine}
                disabled={lockDialect}
                onChange={(e) => {
                  const n = Number(e.target.value);
                  if (Number.isInteger(n) && n >= 1) setDialect((d) => ({ ...d, headerLine: n }));
                }}
              />
            </div>
          </div>
          {lockDialect ? (
            <>
              {/* Disabled fields are not submitted: send the current settings unchanged. */}
              <input type="hidden" name="encoding" value={dialect.encoding} />
              <input type="hidden" name="delimiter" value={DELIMITER_NAMES[dialect.delimiter]} />
              <input type="hidden" name="quote" value={dialect.quote} />
              <input type="hidden" name="headerLine" value={dialect.headerLine} />
              <p className="text-xs text-muted-foreground">
                {resumable
                  ? 'To change how the file is read, pick the file again on the Uploads page.'
                  : 'To change how the file is read, upload the file again.'}
              </p>
            </>
          ) : null}
        </CardContent>
      </Card>

      <PreviewTable name={upload.name} headers={layout.headers} rows={layout.preview} />

      <Card>
        <CardHeader>
          <CardTitle as="h3" id={id('mapping-title')}>
            Match columns to contact fields
          </CardTitle>
          <CardDescription id={id('mapping-guidance')}>
            We need at least one of email, phone or company domain to recognise a contact. Suggested
            matches are marked with how sure we are; check the ones marked Low.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {attempted && problems.identifier ? (
            <Callout tone="danger" role="alert">
              <p>Map a column to Email, Phone or Company domain before importing.</p>
            </Callout>
          ) : null}
          <Table label={`Column mapping for ${upload.name}`}>
            <TableHead>
              <Tr>
                <Th>Column in your file</Th>
                <Th>Sample values</Th>
                <Th>Import as</Th>
                <Th>Match</Th>
              </Tr>
            </TableHead>
            <TableBody>
              {layout.headers.map((header, index) => {
                const selectId = id(`column-${index}`);
                const field = mapping[index] || null;
                const suggestion =
                  upload.suggestions?.find((s) => s.index === index && s.header === header) ?? null;
                const badge =
                  field === null
                    ? null
                    : suggestion?.field === field
                      ? confidenceView(suggestion)
                      : sniffed && settings?.mapping[index] === field
                        ? { label: 'Saved', tone: 'success' as const, description: 'As set before' }
                        : {
                            label: 'Manual',
                            tone: 'neutral' as const,
                            description: 'Chosen by you',
                          };
                const duplicate = problems.duplicates.has(index);
                const samples = layout.preview
                  .map((row) => row[index] ?? '')
                  .filter((v) => v.trim() !== '')
                  .slice(0, 2);
                return (
                  <Tr key={`${header}-${index}`}>
                    <Td className="font-medium break-all">{header}</Td>
                    <Td className="max-w-48 text-xs text-muted-foreground">
                      {samples.length ? (
                        <span className="line-clamp-2 break-all">{samples.join(' · ')}</span>
                      ) : (
                        <span>(empty)</span>
                      )}
                    </Td>
                    <Td className="min-w-44">
                      <label htmlFor={selectId} className="sr-only">
                        Import column {header} as
                      </label>
                      <Select
                        id={selectId}
                        name="column"
                        value={mapping[index] ?? ''}
                        aria-invalid={duplicate || undefined}
                        aria-describedby={duplicate ? `${selectId}-error` : undefined}
                        onChange={(e) =>
                          setMapping((m) =>
                            m.map((f, i) =>
                              i === index ? (e.target.value as TargetField | '') : f,
                            ),
                          )
                        }
                      >
                        <option value="">Don’t import</option>
                        {fields.map((field) => (
                          <option key={field} value={field}>
                            {FIELD_LABELS[field]}
                          </option>
                        ))}
                      </Select>
                      {duplicate ? (
                        <FieldError
                          id={`${selectId}-error`}
                          errors={[
                            `${FIELD_LABELS[mapping[index] as TargetField]} is already chosen for another column.`,
                          ]}
                        />
                      ) : null}
                    </Td>
                    <Td>
                      {badge ? (
                        <Badge tone={badge.tone} title={badge.description}>
                          {badge.label}
                          <span className="sr-only">: {badge.description}</span>
                        </Badge>
                      ) : (
                        <span className="text-xs text-muted-foreground">No match</span>
                      )}
                    </Td>
                  </Tr>
                );
              })}
            </TableBody>
          </Table>
          <CheckboxField
            id={id('keepUnmapped')}
            name="keepUnmapped"
            defaultChecked={settings?.options.keepUnmapped ?? false}
            label="Keep unmapped columns as custom attributes"
            hint="Columns set to “Don’t import” are stored with each contact under their header name."
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h3">Rows that need a decision</CardTitle>
        </CardHeader>
        <CardContent className="space-y-5">
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Invalid rows</legend>
            <Radio
              id={id('onInvalid-skip')}
              name="onInvalid"
              value="skip"
              checked={onInvalid === 'skip'}
              onChange={() => setOnInvalid('skip')}
              label="Skip them and import the rest (you can download them afterwards)"
            />
            <Radio
              id={id('onInvalid-stop')}
              name="onInvalid"
              value="stop"
              checked={onInvalid === 'stop'}
              onChange={() => setOnInvalid('stop')}
              label="Import nothing if too many rows are invalid"
            />
            <div className="flex items-center gap-2 pl-6">
              <label htmlFor={id('maxInvalidPercent')} className="text-sm text-muted-foreground">
                Stop above
              </label>
              <Input
                id={id('maxInvalidPercent')}
                name="maxInvalidPercent"
                type="number"
                min={0}
                max={100}
                step={1}
                className="w-20"
                defaultValue={settings?.options.maxInvalidPercent ?? 10}
                disabled={onInvalid !== 'stop'}
              />
              <span className="text-sm text-muted-foreground">% invalid</span>
            </div>
          </fieldset>
          <div className="grid gap-4 md:grid-cols-2">
            <SimpleSelect
              id={id('inFile')}
              name="inFile"
              label="The same person twice in this file"
              defaultValue={settings?.options.inFile ?? 'keep_first'}
              options={{
                keep_first: 'Keep the first row',
                keep_last: 'Keep the last row',
                merge: 'Merge the rows (first value wins)',
              }}
            />
            <SimpleSelect
              id={id('existing')}
              name="existing"
              label="Contacts you already have"
              defaultValue={settings?.options.existing ?? 'merge'}
              options={{
                merge: 'Merge: fill in their empty fields',
                update: 'Update: overwrite with this file’s values',
                skip: 'Skip: leave them as they are',
              }}
            />
            <div className="space-y-1.5">
              <label htmlFor={id('defaultCountry')} className="block text-sm font-medium">
                Default country for phone numbers
              </label>
              <p id={id('defaultCountry-hint')} className="text-xs text-muted-foreground">
                Two letters, such as US or GB; used when a number has no country code.
              </p>
              <Input
                id={id('defaultCountry')}
                name="defaultCountry"
                maxLength={2}
                autoComplete="off"
                className="w-24 uppercase"
                aria-describedby={id('defaultCountry-hint')}
                defaultValue={settings ? (settings.options.defaultCountry ?? '') : 'US'}
              />
            </div>
            <SimpleSelect
              id={id('matchOn')}
              name="matchOn"
              label="Recognise rows without email or phone by"
              defaultValue={settings?.options.matchOn ?? ''}
              options={{
                '': 'Nothing (never merge such rows)',
                ...Object.fromEntries(
                  fields
                    .filter((f) => f !== 'email' && f !== 'phone')
                    .map((f) => [f, FIELD_LABELS[f]]),
                ),
              }}
            />
          </div>
          <CheckboxField
            id={id('saveMapping')}
            name="saveMapping"
            defaultChecked={settings?.saveMapping ?? true}
            label="Remember this mapping for files with the same columns"
          />
        </CardContent>
      </Card>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={busy}>
          <Import aria-hidden="true" />
          {busy ? 'Starting…' : submitLabel}
        </Button>
        {upload.status === 'uploading' ? (
          <p className="text-sm text-muted-foreground">
            You can import now: processing starts as soon as the rest of the file has arrived.
          </p>
        ) : null}
        {attempted && (problems.identifier || problems.duplicates.size > 0) ? (
          <p className="flex items-center gap-1.5 text-sm text-danger">
            <TriangleAlert aria-hidden="true" className="size-4" />
            Fix the mapping above first.
          </p>
        ) : null}
      </div>
    </fetcher.Form>
  );
}

function mappingProblems(mapping: Mapping, headers: readonly string[]) {
  const chosen = mapping.slice(0, headers.length);
  const duplicates = new Set<number>();
  chosen.forEach((field, index) => {
    if (field && chosen.indexOf(field) !== index) duplicates.add(index);
  });
  const identifier = !chosen.some((f) => f !== '' && IDENTIFIER_FIELDS.includes(f));
  return { duplicates, identifier };
}

function PreviewTable({
  name,
  headers,
  rows,
}: {
  name: string;
  headers: readonly string[];
  rows: readonly string[][];
}) {
  const shown = rows.slice(0, PREVIEW_ROWS);
  return (
    <section aria-label={`Preview of ${name}`} className="space-y-2">
      <h3 className="text-sm font-semibold">Preview</h3>
      {headers.length === 0 ? (
        <Callout tone="warning">
          <p>No columns were found with these settings. Try another delimiter or header row.</p>
        </Callout>
      ) : (
        <Table label={`First rows of ${name}`}>
          <TableHead>
            <Tr>
              {headers.map((header, i) => (
                <Th key={`${header}-${i}`}>{header}</Th>
              ))}
            </Tr>
          </TableHead>
          <TableBody>
            {shown.map((row, r) => (
              <Tr key={r}>
                {headers.map((_, c) => (
                  <Td key={c} className="max-w-56 truncate text-xs">
                    {row[c] ?? ''}
                  </Td>
                ))}
              </Tr>
            ))}
          </TableBody>
        </Table>
      )}
      <p className="text-xs text-muted-foreground">
        {shown.length === 0
          ? 'No data rows in the preview.'
          : `The first ${shown.length} ${shown.length === 1 ? 'row' : 'rows'} of the file.`}
      </p>
    </section>
  );
}

function LabelledSelect({
  id,
  name,
  label,
  value,
  options,
  disabled,
  onChange,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: Record<string, string>;
  disabled?: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <Select
        id={id}
        name={name}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
      >
        {Object.entries(options).map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </Select>
    </div>
  );
}

function SimpleSelect({
  id,
  name,
  label,
  defaultValue,
  options,
}: {
  id: string;
  name: string;
  label: string;
  defaultValue: string;
  options: Record<string, string>;
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <Select id={id} name={name} defaultValue={defaultValue}>
        {Object.entries(options).map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </Select>
    </div>
  );
}

function Radio({
  id,
  name,
  value,
  label,
  checked,
  onChange,
}: {
  id: string;
  name: string;
  value: string;
  label: string;
  checked: boolean;
  onChange: () => void;
}) {
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        name={name}
        type="radio"
        value={value}
        checked={checked}
        onChange={onChange}
        className="mt-0.5 size-4 accent-primary"
      />
      <label htmlFor={id} className="text-sm">
        {label}
      </label>
    </div>
  );
}
