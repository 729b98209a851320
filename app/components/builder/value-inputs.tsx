import { X } from 'lucide-react';
import { useState, type InputHTMLAttributes } from 'react';
import { Button } from '~/components/ui/button';
import { Input, Select } from '~/components/ui/input';

/*
 * Inputs that send one op per finished edit, not per keystroke: a value is committed on Enter or
 * when the field loses focus, so undo steps are whole values and teammates are not flooded.
 */

type CommitInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  value: string;
  onCommit: (value: string) => void;
};

export function CommitInput({ value, onCommit, ...props }: CommitInputProps) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  // A teammate (or an undo) changed the value: show theirs.
  if (seen !== value) {
    setSeen(value);
    setDraft(value);
  }
  const commit = () => {
    if (draft !== value) onCommit(draft);
  };
  return (
    <Input
      {...props}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
        }
        if (e.key === 'Escape') setDraft(value);
      }}
    />
  );
}

/** Several values as removable chips, with a box (or a select, for a fixed set) to add more. */
export function ChipsInput({
  id,
  label,
  values,
  options,
  disabled,
  onChange,
}: {
  id: string;
  label: string;
  values: string[];
  options?: Array<{ value: string; label: string }>;
  disabled?: boolean;
  onChange: (values: string[]) => void;
}) {
  const [text, setText] = useState('');
  const nameOf = (v: string) => options?.find((o) => o.value === v)?.label ?? v;
  const add = (value: string) => {
    const v = value.trim();
    if (v && !values.includes(v)) onChange([...values, v]);
    setText('');
  };
  return (
    <div className="space-y-1.5">
      <ul aria-label={`${label}: chosen values`} className="flex flex-wrap gap-1">
        {values.map((v) => (
          <li
            key={v}
            className="inline-flex items-center gap-1 rounded-full border border-border bg-muted py-0.5 pr-0.5 pl-2 text-xs"
          >
            {nameOf(v)}
            <Button
              variant="ghost"
              size="icon"
              className="size-5"
              aria-label={`Remove ${nameOf(v)}`}
              disabled={disabled}
              onClick={() => onChange(values.filter((x) => x !== v))}
            >
              <X />
            </Button>
          </li>
        ))}
        {values.length === 0 ? <li className="text-xs text-muted-foreground">None yet</li> : null}
      </ul>
      {options ? (
        <Select
          id={id}
          aria-label={`Add to ${label}`}
          value=""
          disabled={disabled}
          onChange={(e) => add(e.target.value)}
        >
          <option value="">Add a value…</option>
          {options
            .filter((o) => !values.includes(o.value))
            .map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
        </Select>
      ) : (
        <div className="flex gap-1">
          <Input
            id={id}
            aria-label={`Add to ${label}`}
            value={text}
            disabled={disabled}
            placeholder="Type a value, press Enter"
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add(text);
              }
            }}
          />
          <Button variant="secondary" disabled={disabled || !text.trim()} onClick={() => add(text)}>
            Add
          </Button>
        </div>
      )}
    </div>
  );
}
