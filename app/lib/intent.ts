import type { IntentNode } from '../../core/audience/definition';
import type { IntentRunStatus, IntentTopic } from '../../core/contracts/intent';

// Presentation of Bombora intent data shared by the settings page and the audience builder: how the
// topic taxonomy is grouped and searched, and the words for runs and sync refusals. Type-only
// imports from core, so the contracts' zod schemas stay out of the page bundle.

export interface TopicCategoryGroup {
  category: string;
  topics: IntentTopic[];
}

export interface TopicThemeGroup {
  theme: string;
  categories: TopicCategoryGroup[];
  /** How many topics the theme holds (after filtering). */
  count: number;
}

const byText = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' });

/** Lower case, accents removed, so "genere" finds "Généré". */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Whether a topic matches a search: every word of the query appears in its name, category, theme
 * or description (in any order). An empty query matches everything.
 */
export function topicMatches(topic: IntentTopic, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fold(
    [topic.name, topic.category, topic.theme, topic.description ?? ''].join(' '),
  );
  return words.every((word) => haystack.includes(word));
}

/**
 * The taxonomy as the picker shows it: theme → category → topic, each level sorted by name, keeping
 * only topics that match the query (and, with `only`, only those ids). Empty groups are left out.
 */
export function groupTopics(
  topics: readonly IntentTopic[],
  query = '',
  only?: ReadonlySet<string>,
): TopicThemeGroup[] {
  const themes = new Map<string, Map<string, IntentTopic[]>>();
  for (const topic of topics) {
    if (only && !only.has(topic.id)) continue;
    if (!topicMatches(topic, query)) continue;
    const categories = themes.get(topic.theme) ?? new Map<string, IntentTopic[]>();
    categories.set(topic.category, [...(categories.get(topic.category) ?? []), topic]);
    themes.set(topic.theme, categories);
  }
  return [...themes]
    .sort(([a], [b]) => byText(a, b))
    .map(([theme, categories]) => {
      const groups = [...categories]
        .sort(([a], [b]) => byText(a, b))
        .map(([category, list]) => ({
          category,
          topics: [...list].sort((a, b) => byText(a.name, b.name)),
        }));
      return { theme, categories: groups, count: groups.reduce((n, g) => n + g.topics.length, 0) };
    });
}

/** Adds (`on`) or removes ids, keeping the order they were chosen in and never repeating one. */
export function toggleTopics(selected: readonly string[], ids: readonly string[], on: boolean) {
  if (!on) {
    const drop = new Set(ids);
    return selected.filter((id) => !drop.has(id));
  }
  const next = [...selected];
  const have = new Set(selected);
  for (const id of ids) {
    if (have.has(id)) continue;
    have.add(id);
    next.push(id);
  }
  return next;
}

/** Whether all, some or none of a group's topics are chosen (for "select all in category"). */
export function selectionState(
  selected: ReadonlySet<string>,
  ids: readonly string[],
): 'all' | 'some' | 'none' {
  const chosen = ids.filter((id) => selected.has(id)).length;
  if (chosen === 0) return 'none';
  return chosen === ids.length ? 'all' : 'some';
}

/** Topic names by id, for saying a condition or a cluster in words. */
export function topicNames(topics: readonly Pick<IntentTopic, 'id' | 'name'>[]) {
  return Object.fromEntries(topics.map((t) => [t.id, t.name] as const));
}

/** Whether a sync run is still going (the page keeps polling while it is). */
export function isRunActive(status: IntentRunStatus): boolean {
  return status === 'running' || status === 'finalizing';
}

/** "850 ms", "42 s", "3 min 05 s", "1 h 02 min" */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** What "Sync now" refusals mean to the person who pressed it. */
export function syncRefusalMessage(code: string, fallback: string): string {
  switch (code) {
    case 'already_running':
      return 'A sync is already running. Its progress shows above; start another once it finishes.';
    case 'not_configured':
      return 'Bombora is not connected or is switched off. Enter the API credentials under Connection and switch syncing on first.';
    case 'up_to_date':
      return 'This week’s dataset is already loaded; Bombora publishes a new one weekly.';
    case 'no_topics':
      return 'No topics are selected. Choose the topics to pull from Bombora, save them, then sync.';
    default:
      return fallback;
  }
}

/** Whole number in [min, max], or null for an empty or unreadable entry. */
export function wholeOrNull(text: string, min: number, max: number): number | null {
  if (text.trim() === '') return null;
  const n = Math.round(Number(text));
  if (!Number.isFinite(n)) return null;
  return Math.min(max, Math.max(min, n));
}

/**
 * An intent condition's "surging on at least N of these topics", or null when it uses Any/All.
 * `minTopics` is being added to IntentNode alongside this UI; reading it through `unknown` works
 * with or without the field in the checked-out type.
 */
export function minTopicsOf(node: IntentNode): number | null {
  const value: unknown = (node as IntentNode & { minTopics?: unknown }).minTopics;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
