import { ChevronDown, ChevronRight, Search, X } from 'lucide-react';
import { useId, useMemo, useState } from 'react';
import type { IntentTopic } from '../../../core/contracts/intent';
import { Button } from '~/components/ui/button';
import { Input, Select } from '~/components/ui/input';
import { groupTopics, selectionState, toggleTopics } from '~/lib/intent';
import { cn } from '~/lib/utils';

type Show = 'all' | 'chosen' | 'featured';

/**
 * Chooses intent topics from Bombora's taxonomy (~300 topics): a search box, the topics grouped by
 * theme then category, checkboxes, and "select all" per category. Controlled (`value`/`onChange`),
 * so it serves the settings form and the builder alike; with `name` it also submits the chosen ids
 * as hidden inputs, so a Remix <Form> can carry it.
 */
export function TopicPicker({
  label,
  topics,
  value,
  onChange,
  name,
  disabled = false,
  featured,
  featuredLabel = 'Synced',
  description,
  compact = false,
  className,
}: {
  label: string;
  topics: readonly IntentTopic[];
  value: readonly string[];
  onChange: (ids: string[]) => void;
  /** Submit the chosen ids under this form field name. */
  name?: string;
  disabled?: boolean;
  /** Topics to mark and offer as a filter (the ones the organisation pulls from Bombora). */
  featured?: readonly string[];
  featuredLabel?: string;
  description?: string;
  /** One column, for a narrow side panel. */
  compact?: boolean;
  className?: string;
}) {
  const uid = useId();
  const [query, setQuery] = useState('');
  const [show, setShow] = useState<Show>('all');
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const chosen = useMemo(() => new Set(value), [value]);
  const featuredSet = useMemo(() => new Set(featured ?? []), [featured]);
  const byId = useMemo(() => new Map(topics.map((t) => [t.id, t] as const)), [topics]);
  const groups = useMemo(
    () =>
      groupTopics(
        topics,
        query,
        show === 'chosen' ? chosen : show === 'featured' ? featuredSet : undefined,
      ),
    [topics, query, show, chosen, featuredSet],
  );
  // While searching or filtering, every theme that still has topics opens so the matches show.
  const filtering = query.trim() !== '' || show !== 'all';
  const isOpen = (theme: string) => filtering || open.has(theme);
  const toggleTheme = (theme: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(theme)) next.delete(theme);
      else next.add(theme);
      return next;
    });
  const change = (ids: string[], on: boolean) => onChange(toggleTopics(value, ids, on));

  return (
    <fieldset className={cn('min-w-0 space-y-2', className)} aria-describedby={`${uid}-count`}>
      <legend className="text-sm font-medium text-foreground">{label}</legend>
      {description ? <p className="text-xs text-muted-foreground">{description}</p> : null}
      {name ? value.map((id) => <input key={id} type="hidden" name={name} value={id} />) : null}

      <div className="flex flex-wrap items-center gap-2">
        <div className="relative min-w-48 flex-1">
          <Search
            aria-hidden="true"
            className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted-foreground"
          />
          <Input
            type="search"
            aria-label={`Search ${label.toLowerCase()}`}
            placeholder="Search topics, categories, themes"
            className="pl-8"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              // Escape clears the search instead of closing a surrounding panel.
              if (e.key === 'Escape' && query) {
                e.preventDefault();
                e.stopPropagation();
                setQuery('');
              }
            }}
          />
        </div>
        <Select
          aria-label="Which topics to list"
          className="w-auto"
          value={show}
          onChange={(e) => setShow(e.target.value as Show)}
        >
          <option value="all">All topics ({topics.length})</option>
          <option value="chosen">Chosen ({value.length})</option>
          {featured ? (
            <option value="featured">
              {featuredLabel} ({featured.length})
            </option>
          ) : null}
        </Select>
      </div>

      <div className="flex flex-wrap items-center justify-between gap-2 text-xs">
        <p id={`${uid}-count`} aria-live="polite" className="text-muted-foreground">
          {value.length === 0
            ? 'No topics chosen'
            : `${value.length} ${value.length === 1 ? 'topic' : 'topics'} chosen`}
        </p>
        {value.length > 0 && !disabled ? (
          <Button variant="link" size="sm" className="text-xs" onClick={() => onChange([])}>
            Clear all
          </Button>
        ) : null}
      </div>

      {value.length > 0 ? (
        <ul
          aria-label={`${label}: chosen`}
          className="flex max-h-24 flex-wrap gap-1 overflow-y-auto"
        >
          {value.map((id) => {
            const name = byId.get(id)?.name ?? id;
            return (
              <li
                key={id}
                className="inline-flex items-center gap-1 rounded-full border border-border bg-muted py-0.5 pr-0.5 pl-2 text-xs"
              >
                {name}
                {byId.has(id) ? null : <span className="text-danger">(unknown)</span>}
                {disabled ? null : (
                  <Button
                    variant="ghost"
                    size="icon"
                    className="size-5"
                    aria-label={`Remove ${name}`}
                    onClick={() => change([id], false)}
                  >
                    <X />
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}

      <div className="max-h-80 overflow-y-auto rounded-md border border-border bg-card">
        {groups.length === 0 ? (
          <p className="px-3 py-4 text-sm text-muted-foreground">
            {topics.length === 0
              ? 'No topics are available yet.'
              : query.trim()
                ? `No topics match “${query.trim()}”.`
                : 'No topics to list.'}
          </p>
        ) : (
          <ul className="divide-y divide-border">
            {groups.map((group) => {
              const panelId = `${uid}-theme-${group.theme}`.replace(/\s+/g, '-');
              const ids = group.categories.flatMap((c) => c.topics.map((t) => t.id));
              const picked = ids.filter((id) => chosen.has(id)).length;
              const expanded = isOpen(group.theme);
              return (
                <li key={group.theme}>
                  <button
                    type="button"
                    aria-expanded={expanded}
                    aria-controls={panelId}
                    disabled={filtering}
                    onClick={() => toggleTheme(group.theme)}
                    className="flex w-full items-center gap-2 px-3 py-2 text-left text-sm font-medium hover:bg-muted disabled:cursor-default disabled:hover:bg-transparent"
                  >
                    {expanded ? (
                      <ChevronDown aria-hidden="true" className="size-4" />
                    ) : (
                      <ChevronRight aria-hidden="true" className="size-4" />
                    )}
                    <span className="flex-1">{group.theme}</span>
                    <span className="text-xs font-normal text-muted-foreground">
                      {picked > 0 ? `${picked} of ${group.count}` : group.count}
                    </span>
                  </button>
                  {expanded ? (
                    <div id={panelId} className="space-y-3 px-3 pt-1 pb-3">
                      {group.categories.map((category) => (
                        <CategoryGroup
                          key={category.category}
                          category={category.category}
                          topics={category.topics}
                          chosen={chosen}
                          featured={featured ? featuredSet : null}
                          featuredLabel={featuredLabel}
                          compact={compact}
                          disabled={disabled}
                          onChange={change}
                        />
                      ))}
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </fieldset>
  );
}

function CategoryGroup({
  category,
  topics,
  chosen,
  featured,
  featuredLabel,
  compact,
  disabled,
  onChange,
}: {
  category: string;
  topics: IntentTopic[];
  chosen: ReadonlySet<string>;
  featured: ReadonlySet<string> | null;
  featuredLabel: string;
  compact: boolean;
  disabled: boolean;
  onChange: (ids: string[], on: boolean) => void;
}) {
  const ids = topics.map((t) => t.id);
  const state = selectionState(chosen, ids);
  return (
    <fieldset className="min-w-0 space-y-1">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <legend className="float-left text-xs font-semibold tracking-wide text-muted-foreground uppercase">
          {category}
        </legend>
        {disabled ? null : (
          <Button
            variant="link"
            size="sm"
            className="text-xs"
            onClick={() => onChange(ids, state !== 'all')}
          >
            {state === 'all' ? 'Clear' : 'Select all'}
            <span className="sr-only"> in {category}</span>
          </Button>
        )}
      </div>
      <div className={cn('clear-both grid gap-x-4 gap-y-1', !compact && 'sm:grid-cols-2')}>
        {topics.map((topic) => (
          <label
            key={topic.id}
            className="flex items-start gap-2 text-sm"
            title={topic.description ?? undefined}
          >
            <input
              type="checkbox"
              className="mt-0.5 size-4 shrink-0 accent-primary"
              checked={chosen.has(topic.id)}
              disabled={disabled}
              onChange={(e) => onChange([topic.id], e.target.checked)}
            />
            <span className="min-w-0 break-words">
              {topic.name}
              {featured?.has(topic.id) ? (
                <span className="ml-1 text-xs text-success">· {featuredLabel}</span>
              ) : null}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
