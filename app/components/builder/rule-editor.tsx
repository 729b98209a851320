import { useMemo, useState } from 'react';
import type { Operator, RuleNode, RuleValue } from '../../../core/audience/definition';
import type { FieldView } from '../../../core/audience/field-catalog';
import { useBuilder } from './builder-context';
import { changeFieldOp, changeOperatorOp, valueShape } from './rule-changes';
import { ChipsInput, CommitInput } from './value-inputs';
import { Input, Select } from '~/components/ui/input';
import { OPERATOR_WORDS } from '~/lib/audiences';

const labelClass = 'block text-sm font-medium';

/** A rule's field (searchable), operator (by the field's type) and a value input that fits both. */
export function RuleEditor({ node }: { node: RuleNode }) {
  const { catalog, room, readOnly } = useBuilder();
  const [query, setQuery] = useState('');
  const field = catalog.fields.find((f) => f.id === node.field);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    const found = q
      ? catalog.fields.filter(
          (f) => f.label.toLowerCase().includes(q) || f.id.toLowerCase().includes(q),
        )
      : catalog.fields;
    const groups = new Map<string, FieldView[]>();
    for (const f of found) groups.set(f.group, [...(groups.get(f.group) ?? []), f]);
    return groups;
  }, [catalog.fields, query]);
  const id = (part: string) => `rule-${node.id}-${part}`;

  return (
    <div className="space-y-3">
      <div className="space-y-1.5">
        <label htmlFor={id('search')} className={labelClass}>
          Field
        </label>
        <Input
          id={id('search')}
          type="search"
          placeholder="Search fields"
          aria-describedby={id('field-now')}
          value={query}
          disabled={readOnly}
          onChange={(e) => setQuery(e.target.value)}
        />
        <p id={id('field-now')} className="text-xs text-muted-foreground">
          {field ? `Now: ${field.label} (${field.type})` : 'No field chosen yet'}
        </p>
        <Select
          aria-label="Choose a field"
          value={field ? node.field : ''}
          disabled={readOnly}
          onChange={(e) => {
            const next = catalog.fields.find((f) => f.id === e.target.value);
            if (next) room.dispatch(changeFieldOp(node, next, field?.type));
          }}
        >
          <option value="" disabled>
            {catalog.fields.length ? 'Choose a field…' : 'Loading fields…'}
          </option>
          {[...matches].map(([group, fields]) => (
            <optgroup key={group} label={group}>
              {fields.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      </div>
      {field ? (
        <div className="space-y-1.5">
          <label htmlFor={id('op')} className={labelClass}>
            Test
          </label>
          <Select
            id={id('op')}
            value={node.op ?? ''}
            disabled={readOnly}
            onChange={(e) =>
              room.dispatch(changeOperatorOp(node, (e.target.value || undefined) as Operator))
            }
          >
            <option value="">Choose a test…</option>
            {field.operators.map((op) => (
              <option key={op} value={op}>
                {OPERATOR_WORDS[op] ?? op}
              </option>
            ))}
          </Select>
        </div>
      ) : null}
      {field && node.op ? <ValueEditor node={node} field={field} id={id('value')} /> : null}
    </div>
  );
}

function ValueEditor({ node, field, id }: { node: RuleNode; field: FieldView; id: string }) {
  const { set, readOnly } = useBuilder();
  const shape = valueShape(node.op);
  const put = (value: RuleValue | undefined) => set(node.id, 'value', value);
  const num = (text: string) => (text.trim() === '' ? undefined : Number(text));
  const label = (
    <label htmlFor={id} className={labelClass}>
      Value
    </label>
  );
  switch (shape) {
    case 'none':
      return null;
    case 'list': {
      const values = Array.isArray(node.value) ? node.value.map(String) : [];
      return (
        <div className="space-y-1.5">
          <p className={labelClass}>Values</p>
          <ChipsInput
            id={id}
            label="Values"
            values={values}
            disabled={readOnly}
            {...(field.options ? { options: field.options } : {})}
            onChange={(next) => put(next)}
          />
        </div>
      );
    }
    case 'range': {
      const [lo, hi] = Array.isArray(node.value) ? node.value : [];
      const commit = (i: 0 | 1, text: string) => {
        const pair = [lo, hi].map((v) => (typeof v === 'number' ? v : undefined));
        pair[i] = num(text);
        if (pair[0] !== undefined && pair[1] !== undefined) put([pair[0], pair[1]]);
      };
      return (
        <fieldset className="space-y-1.5">
          <legend className={labelClass}>Between</legend>
          <div className="flex items-center gap-2">
            <CommitInput
              id={id}
              type="number"
              aria-label="From"
              value={lo === undefined ? '' : String(lo)}
              disabled={readOnly}
              onCommit={(t) => commit(0, t)}
            />
            <span className="text-sm text-muted-foreground">and</span>
            <CommitInput
              type="number"
              aria-label="To"
              value={hi === undefined ? '' : String(hi)}
              disabled={readOnly}
              onCommit={(t) => commit(1, t)}
            />
          </div>
        </fieldset>
      );
    }
    case 'days':
      return (
        <div className="space-y-1.5">
          <label htmlFor={id} className={labelClass}>
            Within the last (days)
          </label>
          <CommitInput
            id={id}
            type="number"
            min={1}
            value={node.value === undefined ? '' : String(node.value)}
            disabled={readOnly}
            onCommit={(t) => put(num(t))}
          />
        </div>
      );
    case 'one':
      if (field.options)
        return (
          <div className="space-y-1.5">
            {label}
            <Select
              id={id}
              value={typeof node.value === 'string' ? node.value : ''}
              disabled={readOnly}
              onChange={(e) => put(e.target.value || undefined)}
            >
              <option value="">Choose…</option>
              {field.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </Select>
          </div>
        );
      return (
        <div className="space-y-1.5">
          {label}
          <CommitInput
            id={id}
            type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'}
            value={node.value === undefined || node.value === null ? '' : String(node.value)}
            disabled={readOnly}
            onCommit={(t) => put(field.type === 'number' ? num(t) : t || undefined)}
          />
        </div>
      );
  }
}
