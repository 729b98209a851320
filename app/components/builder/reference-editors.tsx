import type { AudienceRefNode, IntentNode, ListNode } from '../../../core/audience/definition';
import { useBuilder } from './builder-context';
import { ChipsInput, CommitInput } from './value-inputs';
import { Select } from '~/components/ui/input';

const labelClass = 'block text-sm font-medium';

function MatchSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: 'any' | 'all';
  onChange: (v: 'any' | 'all') => void;
}) {
  const { readOnly } = useBuilder();
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className={labelClass}>
        Match
      </label>
      <Select
        id={id}
        value={value}
        disabled={readOnly}
        onChange={(e) => onChange(e.target.value === 'all' ? 'all' : 'any')}
      >
        <option value="any">Any of them</option>
        <option value="all">All of them</option>
      </Select>
    </div>
  );
}

/** Which uploaded lists a person must be in (any or all). */
export function ListEditor({ node }: { node: ListNode }) {
  const { catalog, set, readOnly } = useBuilder();
  const toggle = (id: string, on: boolean) =>
    set(
      node.id,
      'uploadIds',
      on ? [...node.uploadIds, id] : node.uploadIds.filter((u) => u !== id),
    );
  const missing = node.uploadIds.filter((id) => !catalog.lists.some((l) => l.id === id));
  return (
    <div className="space-y-3">
      <fieldset className="space-y-1">
        <legend className={labelClass}>Lists</legend>
        {catalog.lists.length === 0 ? (
          <p className="text-sm text-muted-foreground">No uploaded lists yet.</p>
        ) : null}
        <div className="max-h-56 space-y-1 overflow-y-auto">
          {[
            ...catalog.lists,
            ...missing.map((id) => ({ id, name: catalog.names.lists[id] ?? id })),
          ].map((list) => (
            <label key={list.id} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="size-4"
                checked={node.uploadIds.includes(list.id)}
                disabled={readOnly}
                onChange={(e) => toggle(list.id, e.target.checked)}
              />
              <span className="break-all">{list.name}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <MatchSelect
        id={`list-${node.id}-match`}
        value={node.match}
        onChange={(v) => set(node.id, 'match', v)}
      />
    </div>
  );
}

/** Membership of another audience (negate the node to exclude it). */
export function AudienceEditor({ node }: { node: AudienceRefNode }) {
  const { catalog, set, readOnly } = useBuilder();
  const id = `audience-${node.id}`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className={labelClass}>
        Audience
      </label>
      <Select
        id={id}
        value={node.audienceId}
        disabled={readOnly}
        onChange={(e) => set(node.id, 'audienceId', e.target.value)}
      >
        <option value="">Choose an audience…</option>
        {catalog.audiences.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </Select>
    </div>
  );
}

/** Intent topics with a score threshold over recent weeks. */
export function IntentEditor({ node }: { node: IntentNode }) {
  const { set, readOnly } = useBuilder();
  const id = (part: string) => `intent-${node.id}-${part}`;
  const whole = (text: string, min: number, max: number) => {
    const n = Math.round(Number(text));
    return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
  };
  return (
    <div className="space-y-3">
      <div className="space-y-1.5">
        <p className={labelClass}>Topics</p>
        <ChipsInput
          id={id('topics')}
          label="Topics"
          values={node.topics}
          disabled={readOnly}
          onChange={(topics) => set(node.id, 'topics', topics)}
        />
      </div>
      <MatchSelect id={id('match')} value={node.match} onChange={(v) => set(node.id, 'match', v)} />
      <div className="grid grid-cols-2 gap-2">
        <div className="space-y-1.5">
          <label htmlFor={id('score')} className={labelClass}>
            Minimum score (0–100)
          </label>
          <CommitInput
            id={id('score')}
            type="number"
            min={0}
            max={100}
            value={String(node.minScore)}
            disabled={readOnly}
            onCommit={(t) => set(node.id, 'minScore', whole(t, 0, 100))}
          />
        </div>
        <div className="space-y-1.5">
          <label htmlFor={id('weeks')} className={labelClass}>
            Within weeks (1–12)
          </label>
          <CommitInput
            id={id('weeks')}
            type="number"
            min={1}
            max={12}
            value={String(node.withinWeeks)}
            disabled={readOnly}
            onCommit={(t) => set(node.id, 'withinWeeks', whole(t, 1, 12))}
          />
        </div>
      </div>
    </div>
  );
}
