import { describe, expect, it } from 'vitest';
import { prepareIntentRows, type TopicLookup } from './prepare-rows';

const TOPICS: TopicLookup = {
  byName: (name) =>
    ({ 'data warehousing': '1333001', 'cloud computing': '1333002' })[name.toLowerCase()],
  hasId: (id) => id === '1333001' || id === '1333002',
};

const row = (
  domain: string,
  topic: string,
  score: number,
  extra: Record<string, unknown> = {},
) => ({
  domain,
  topic,
  score,
  scoreLabel: 'Strong',
  ...extra,
});

describe('preparing a page of Intent API rows', () => {
  it('normalises domains and topics and keeps firmographics', () => {
    const page = prepareIntentRows(
      'intent',
      [
        row('WWW.Acme.com', 'Data Warehousing', 72, {
          company: {
            name: 'Acme',
            industry: 'Software',
            size: '200-499',
            revenue: '$10M-$50M',
            hq: { country: 'us' },
          },
        }),
      ],
      TOPICS,
    );
    expect(page.rows).toEqual([
      {
        domain: 'acme.com',
        topicId: '1333001',
        score: 72,
        companyName: 'Acme',
        industry: 'Software',
        sizeBand: '200-499',
        revenueBand: '$10M-$50M',
        country: 'US',
      },
    ]);
    expect(page.quarantined).toEqual([]);
  });

  it('accounts for every row: stored, quarantined with a reason, or a counted duplicate', () => {
    const input = [
      row('acme.com', 'Data Warehousing', 70),
      row('www.acme.com', 'data warehousing', 75), // the same company and topic again
      row('gmail.com', 'Cloud Computing', 90),
      row('acme.com', 'Underwater Basket Weaving', 80),
      row('not a domain', 'Cloud Computing', 80),
      { domain: 'acme.com', topic: 'Cloud Computing', score: 'high' },
      null,
      row('globex.com', 'Cloud Computing', 130),
    ];
    const page = prepareIntentRows('intent', input, TOPICS);
    expect(page.rows.map((r) => `${r.domain}/${r.topicId}/${r.score}`)).toEqual([
      'acme.com/1333001/70',
      'globex.com/1333002/100',
    ]);
    expect(page.quarantined.map((q) => [q.item, q.reason])).toEqual([
      [2, 'free_mail'],
      [3, 'unknown_topic'],
      [4, 'domain_invalid'],
      [5, 'invalid_row'],
      [6, 'invalid_row'],
    ]);
    expect(page.counts).toEqual({
      received: 8,
      outOfRange: 1,
      duplicates: 1,
      unknownTopics: 1,
      freeMail: 1,
    });
    expect(page.rows.length + page.quarantined.length + page.counts.duplicates).toBe(input.length);
    expect(page.quarantined[1]!.raw).toContain('Underwater Basket Weaving');
  });

  it('reads legacy report lines by topic id', () => {
    const page = prepareIntentRows(
      'legacy',
      [
        {
          Domain: 'Acme.com',
          TopicId: 1333002,
          TopicName: 'Cloud Computing',
          CompositeScore: 64,
          HqCountry: 'DE',
        },
        { Domain: 'acme.com', TopicId: 999, CompositeScore: 64 },
      ],
      TOPICS,
    );
    expect(page.rows).toMatchObject([
      { domain: 'acme.com', topicId: '1333002', score: 64, country: 'DE' },
    ]);
    expect(page.quarantined.map((q) => q.reason)).toEqual(['unknown_topic']);
  });
});
