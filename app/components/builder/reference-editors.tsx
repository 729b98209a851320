import type { AudienceRefNode, IntentNode, ListNode } from '../../../core/audience/definition';
import { recommendedMinTopics } from '../../../core/intent/scores';
import type { ConditionProp } from '../../../core/room/ops';
import { useBuilder } from './builder-context';
import { ChipsInput, CommitInput } from './value-inputs';
import { TopicPicker } from '~/components/intent/topic-picker';
import { Select } from '~/components/ui/input';
import { minTopicsOf, wholeOrNull } from '~/lib/intent';

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

/**
 * `set` takes the room's ConditionProp names; `minTopics` joins them alongside this editor (see
 * core/room/ops.ts). Until a checkout has it, the name is passed through this one cast.
 */
const MIN_TOPICS = 'minTopics' as ConditionProp;

/** Intent topics with a score threshold over recent weeks. */
export function IntentEditor({ node }: { node: IntentNode }) {
  const { catalog, set, readOnly } = useBuilder();
  const id = (part: string) => `intent-${node.id}-${part}`;
  const whole = (text: string, min: number, max: number) => {
    const n = Math.round(Number(text));
    return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
  };
  const atLeast = minTopicsOf(node);
  // Scores exist only for the topics the organisation syncs (known once the topic list loaded).
  const unsynced = catalog.syncedTopics.length
    ? node.topics.filter((t) => !catalog.syncedTopics.includes(t)).length
    : 0;
  const applyCluster = (clusterId: string) => {
    const cluster = catalog.clusters.find((c) => c.id === clusterId);
    if (!cluster) return;
    set(node.id, 'topics', cluster.topicIds);
    set(node.id, MIN_TOPICS, cluster.minTopics);
  };
  return (
    <div className="space-y-3">
      {catalog.clusters.length > 0 && !readOnly ? (
        <div className="space-y-1.5">
          <label htmlFor={id('cluster')} className={labelClass}>
            Start from a cluster
          </label>
          <Select id={id('cluster')} value="" onChange={(e) => applyCluster(e.target.value)}>
            <option value="">Use cluster…</option>
            {catalog.clusters.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} (at least {c.minTopics} of {c.topicIds.length})
              </option>
            ))}
          </Select>
        </div>
      ) : null}
      {catalog.topics && catalog.topics.length > 0 ? (
        <TopicPicker
          label="Topics"
          topics={catalog.topics}
          value={node.topics}
          onChange={(topics) => set(node.id, 'topics', topics)}
          disabled={readOnly}
          featured={catalog.syncedTopics}
          featuredLabel="Synced"
          compact
        />
      ) : (
        <div className="space-y-1.5">
          <p className={labelClass}>Topics</p>
          <p className="text-xs text-muted-foreground">
            {catalog.topicsProblem
              ? `The topic list could not be loaded (${catalog.topicsProblem}); type topic ids instead.`
              : catalog.topics
                ? 'No intent topics are available yet: connect Bombora under Integrations.'
                : 'Loading the topic list…'}
          </p>
          <ChipsInput
            id={id('topics')}
            label="Topics"
            values={node.topics}
            disabled={readOnly}
            onChange={(topics) => set(node.id, 'topics', topics)}
          />
        </div>
      )}
      {unsynced > 0 ? (
        <p className="text-xs text-warning">
          {unsynced === 1 ? '1 chosen topic is' : `${unsynced} chosen topics are`} not synced from
          Bombora, so no company scores on {unsynced === 1 ? 'it' : 'them'} yet.
        </p>
      ) : null}
      <div className="space-y-1.5">
        <label htmlFor={id('min-topics')} className={labelClass}>
          At least N of these topics
        </label>
        <p id={id('min-topics-hint')} className="text-xs text-muted-foreground">
          Empty uses Any/All below.
          {node.topics.length > 1
            ? ` Recommended: ${recommendedMinTopics(node.topics.length)} of ${node.topics.length}.`
            : ''}
        </p>
        <CommitInput
          id={id('min-topics')}
          type="number"
          min={1}
          max={Math.max(1, node.topics.length)}
          className="w-28"
          aria-describedby={id('min-topics-hint')}
          value={atLeast === null ? '' : String(atLeast)}
          disabled={readOnly}
          onCommit={(t) =>
            set(
              node.id,
              MIN_TOPICS,
              wholeOrNull(t, 1, Math.max(1, node.topics.length)) ?? undefined,
            )
          }
        />
      </div>
      {atLeast === null ? (
        <MatchSelect
          id={id('match')}
          value={node.match}
          onChange={(v) => set(node.id, 'match', v)}
        />
      ) : (
        <p className="text-xs text-muted-foreground">
          Any/All does not apply while “at least {atLeast}” is set.
        </p>
      )}
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
