import { describe, expect, it } from 'vitest';
import type { IntentNode } from '../../core/audience/definition';
import type { IntentTopic } from '../../core/contracts/intent';
import {
  formatDuration,
  groupTopics,
  isRunActive,
  minTopicsOf,
  selectionState,
  syncRefusalMessage,
  toggleTopics,
  topicMatches,
  topicNames,
  wholeOrNull,
} from './intent';

const topic = (id: string, name: string, theme: string, category: string): IntentTopic => ({
  id,
  name,
  theme,
  category,
  description: null,
});

const TAXONOMY = [
  topic('t1', 'Customer Relationship Management (CRM)', 'Technology', 'Software'),
  topic('t2', 'Cloud Storage', 'Technology', 'Cloud'),
  topic('t3', 'Data Warehousing', 'Technology', 'Cloud'),
  topic('t4', 'Payroll', 'Business', 'Human Resources'),
  topic('t5', 'Café Management', 'Business', 'Hospitality'),
];

describe('groupTopics', () => {
  it('groups topics by theme then category, each sorted by name', () => {
    expect(
      groupTopics(TAXONOMY).map((g) => [g.theme, g.categories.map((c) => c.category), g.count]),
    ).toEqual([
      ['Business', ['Hospitality', 'Human Resources'], 2],
      ['Technology', ['Cloud', 'Software'], 3],
    ]);
  });

  it('sorts the topics of a category by name', () => {
    const cloud = groupTopics(TAXONOMY)[1]!.categories[0]!;
    expect(cloud.topics.map((t) => t.name)).toEqual(['Cloud Storage', 'Data Warehousing']);
  });

  it('keeps only matching topics and drops empty groups', () => {
    const groups = groupTopics(TAXONOMY, 'cloud');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.categories.map((c) => c.topics.map((t) => t.id))).toEqual([['t2', 't3']]);
  });

  it('keeps only the given ids when asked to', () => {
    const groups = groupTopics(TAXONOMY, '', new Set(['t4']));
    expect(groups.flatMap((g) => g.categories.flatMap((c) => c.topics.map((t) => t.id)))).toEqual([
      't4',
    ]);
  });

  it('answers an empty list for an empty taxonomy', () => {
    expect(groupTopics([])).toEqual([]);
  });
});

describe('topicMatches', () => {
  it('matches every word in any order across name, category and theme', () => {
    expect(topicMatches(TAXONOMY[0]!, 'software crm')).toBe(true);
    expect(topicMatches(TAXONOMY[0]!, 'crm payroll')).toBe(false);
  });

  it('ignores case and accents', () => {
    expect(topicMatches(TAXONOMY[4]!, 'CAFE')).toBe(true);
  });

  it('matches everything for a blank query', () => {
    expect(topicMatches(TAXONOMY[1]!, '   ')).toBe(true);
  });
});

describe('toggleTopics', () => {
  it('adds ids at the end without repeating one', () => {
    expect(toggleTopics(['t1'], ['t2', 't1', 't3'], true)).toEqual(['t1', 't2', 't3']);
  });

  it('removes ids and keeps the rest in order', () => {
    expect(toggleTopics(['t1', 't2', 't3'], ['t2'], false)).toEqual(['t1', 't3']);
  });
});

describe('selectionState', () => {
  it('says whether all, some or none of a group is chosen', () => {
    const chosen = new Set(['t2']);
    expect(selectionState(chosen, ['t2'])).toBe('all');
    expect(selectionState(chosen, ['t2', 't3'])).toBe('some');
    expect(selectionState(chosen, ['t3'])).toBe('none');
  });
});

describe('topicNames', () => {
  it('maps ids to names', () => {
    expect(topicNames(TAXONOMY.slice(0, 2))).toEqual({
      t1: 'Customer Relationship Management (CRM)',
      t2: 'Cloud Storage',
    });
  });
});

describe('isRunActive', () => {
  it('is true while running or finishing, false once ended', () => {
    expect(isRunActive('running')).toBe(true);
    expect(isRunActive('finalizing')).toBe(true);
    expect(isRunActive('succeeded')).toBe(false);
    expect(isRunActive('failed')).toBe(false);
  });
});

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [850, '850 ms'],
    [42_000, '42 s'],
    [185_000, '3 min 05 s'],
    [3_720_000, '1 h 02 min'],
  ])('formats %s as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('syncRefusalMessage', () => {
  it('explains the known refusals and passes others through', () => {
    expect(syncRefusalMessage('already_running', 'x')).toMatch(/already running/);
    expect(syncRefusalMessage('no_topics', 'x')).toMatch(/No topics/);
    expect(syncRefusalMessage('not_configured', 'x')).toMatch(/not connected/);
    expect(syncRefusalMessage('other', 'The API said no')).toBe('The API said no');
  });
});

describe('wholeOrNull', () => {
  it('reads a whole number within bounds, or null when blank or unreadable', () => {
    expect(wholeOrNull('', 1, 10)).toBeNull();
    expect(wholeOrNull('abc', 1, 10)).toBeNull();
    expect(wholeOrNull('3.6', 1, 10)).toBe(4);
    expect(wholeOrNull('99', 1, 10)).toBe(10);
  });
});

describe('minTopicsOf', () => {
  const node: IntentNode = {
    id: 'n1',
    kind: 'intent',
    topics: ['t1', 't2', 't3'],
    match: 'any',
    minScore: 60,
    withinWeeks: 4,
  };

  it('reads the topic threshold when the condition has one', () => {
    expect(minTopicsOf({ ...node, minTopics: 2 } as IntentNode)).toBe(2);
  });

  it('is null when the condition uses Any/All', () => {
    expect(minTopicsOf(node)).toBeNull();
  });
});
