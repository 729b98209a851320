import { describe, expect, it } from 'vitest';
import type { IntentNode } from '../../core/audience/definition';
import { conditionWords, type NameBook } from './audiences';

const names: NameBook = {
  fields: {},
  lists: {},
  audiences: {},
  topics: { t1: 'Cloud Storage', t2: 'Data Warehousing', t3: 'Payroll' },
};

const intent = (over: Partial<IntentNode> & { minTopics?: number }): IntentNode =>
  ({
    id: 'n1',
    kind: 'intent',
    topics: ['t1', 't2'],
    match: 'any',
    minScore: 60,
    withinWeeks: 4,
    ...over,
  }) as IntentNode;

describe('conditionWords for intent', () => {
  it('names the topics instead of their ids', () => {
    expect(conditionWords(intent({}), names)).toBe(
      'Surging on any of Cloud Storage, Data Warehousing (score ≥ 60 within 4 weeks)',
    );
  });

  it('falls back to the id of a topic it has no name for', () => {
    expect(conditionWords(intent({ topics: ['t9'] }), names)).toContain('Surging on t9');
  });

  it('says "at least N of" when the condition has a topic threshold', () => {
    expect(conditionWords(intent({ topics: ['t1', 't2', 't3'], minTopics: 2 }), names)).toBe(
      'Surging on at least 2 of Cloud Storage, Data Warehousing, Payroll (score ≥ 60 within 4 weeks)',
    );
  });
});
