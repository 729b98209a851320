import { Form, useNavigation } from '@remix-run/react';
import { CircleAlert } from 'lucide-react';
import { useEffect, useRef, type FormEvent } from 'react';
import { Button } from '~/components/ui/button';
import { Textarea } from '~/components/ui/input';

export interface ParseErrorView {
  message: string;
  line: number;
  column: number;
  offset: number;
}

export interface TextOutcome {
  intent: 'apply-text';
  ok: boolean;
  message?: string;
  parseError?: ParseErrorView;
  /** What was submitted, to keep it in the box after a refusal. */
  text?: string;
}

/**
 * The text form of the draft (docs/audience-text-form.md). Apply parses it on the server; an error
 * comes back with its line and column, shown under the box with the line and a caret, and the
 * caret in the box moves there. A good text replaces the draft and the sizes are counted again.
 * Without `onApply` it posts the page's `apply-text` action; the builder passes `onApply` to send
 * the result to the audience room as one `replace` op instead.
 */
export function TextFormEditor({
  text,
  canEdit,
  outcome,
  reference,
  onApply,
  applying = false,
}: {
  text: string;
  canEdit: boolean;
  outcome: TextOutcome | null;
  /** What the text can refer to: the catalog's fields and the organisation's latest lists. */
  reference: { fields: Array<{ id: string; label: string; type: string }>; lists: string[] };
  onApply?: (text: string) => void;
  applying?: boolean;
}) {
  const navigation = useNavigation();
  const busy =
    applying ||
    (navigation.state !== 'idle' && navigation.formData?.get('intent') === 'apply-text');
  const ref = useRef<HTMLTextAreaElement>(null);
  const error = outcome && !outcome.ok ? outcome : null;
  const shown = error?.text ?? text;

  // After a refusal, put the caret where the problem is.
  useEffect(() => {
    const box = ref.current;
    if (!box || !error) return;
    box.focus();
    if (error.parseError) {
      const at = Math.min(error.parseError.offset, box.value.length);
      box.setSelectionRange(at, at);
    }
  }, [error]);

  const lines = shown.split('\n');
  const badLine = error?.parseError ? (lines[error.parseError.line - 1] ?? '') : '';

  const FormTag = onApply ? 'form' : Form;
  return (
    <FormTag
      method="post"
      className="space-y-3"
      {...(onApply
        ? {
            onSubmit: (event: FormEvent<HTMLFormElement>) => {
              event.preventDefault();
              onApply(String(new FormData(event.currentTarget).get('text') ?? ''));
            },
          }
        : { preventScrollReset: true })}
    >
      <input type="hidden" name="intent" value="apply-text" />
      <div className="space-y-1.5">
        <label htmlFor="definition-text" className="block text-sm font-medium">
          Definition as text
        </label>
        <p id="definition-text-hint" className="text-xs text-muted-foreground">
          For example{' '}
          <code className="rounded bg-muted px-1 py-0.5 font-mono text-foreground">
            industry = &quot;Software&quot; AND NOT list:&quot;Customers 2025&quot;
          </code>
          . Combine conditions with AND, OR, NOT and parentheses; refer to lists and audiences by
          name.
        </p>
        <Textarea
          ref={ref}
          // A new draft (or a new refusal) starts the box again from what the server holds.
          key={`${text}\u0000${error?.text ?? ''}`}
          id="definition-text"
          name="text"
          rows={Math.min(12, Math.max(4, lines.length + 1))}
          defaultValue={shown}
          readOnly={!canEdit}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          className="font-mono text-sm"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'definition-text-error' : 'definition-text-hint'}
        />
      </div>
      {error ? (
        <div
          id="definition-text-error"
          role="alert"
          className="space-y-2 rounded-lg border border-danger/30 bg-danger-subtle p-3 text-sm"
        >
          <p className="flex items-start gap-1.5 text-danger">
            <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            <span>
              {error.parseError ? (
                <>
                  <span className="font-medium">
                    Line {error.parseError.line}, column {error.parseError.column}:
                  </span>{' '}
                </>
              ) : null}
              {error.message}
            </span>
          </p>
          {error.parseError ? (
            <pre
              aria-hidden="true"
              className="overflow-x-auto rounded bg-card p-2 font-mono text-xs text-foreground"
            >
              {badLine}
              {'\n'}
              {' '.repeat(Math.max(0, error.parseError.column - 1))}^
            </pre>
          ) : null}
          <p className="text-muted-foreground">Nothing was changed; the draft is as before.</p>
        </div>
      ) : null}
      <TextReference reference={reference} />
      {canEdit ? (
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={busy}>
            {busy ? 'Applying…' : 'Apply'}
          </Button>
          <p className="text-xs text-muted-foreground">
            Applying replaces the draft; saved versions are not changed.
          </p>
        </div>
      ) : (
        <p className="text-xs text-muted-foreground">Your role can read the definition only.</p>
      )}
    </FormTag>
  );
}

/** The words the text form knows, to write it without leaving the page. */
function TextReference({
  reference,
}: {
  reference: { fields: Array<{ id: string; label: string; type: string }>; lists: string[] };
}) {
  return (
    <details className="rounded-lg border border-border bg-card p-3 text-sm">
      <summary className="cursor-pointer font-medium">Fields, lists and syntax</summary>
      <div className="mt-3 space-y-3">
        <p className="text-muted-foreground">
          Text values in double quotes, numbers as they are, dates as 2025-01-31. Tests:{' '}
          <code className="font-mono text-xs text-foreground">
            = != &lt; &lt;= &gt; &gt;= in (…) contains starts with ends with is empty is not empty
            between … and … before after within last … days
          </code>
          .
        </p>
        <div className="max-h-64 overflow-y-auto" tabIndex={0} role="region" aria-label="Fields">
          <ul className="space-y-1">
            {reference.fields.map((f) => (
              <li key={f.id}>
                <code className="font-mono text-xs text-foreground">
                  {f.id.startsWith('custom.') ? `custom."${f.id.slice(7)}"` : f.id}
                </code>{' '}
                <span className="text-muted-foreground">
                  {f.label} ({f.type})
                </span>
              </li>
            ))}
          </ul>
        </div>
        {reference.lists.length ? (
          <div className="space-y-1">
            <p className="font-medium">Lists</p>
            <ul className="flex flex-wrap gap-2">
              {reference.lists.map((name) => (
                <li key={name}>
                  <code className="rounded bg-muted px-1 py-0.5 font-mono text-xs text-foreground break-all">
                    list:&quot;{name}&quot;
                  </code>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </details>
  );
}
