import {
  BomboraIntentRowSchema,
  LegacyReportRowSchema,
  type BomboraIntentRow,
  type LegacyReportRow,
} from '../contracts/bombora-wire';
import { matchIntentDomain } from './match-domain';
import { normalizeScore } from './scores';

/** A row ready for staging: our domain key, our topic id, a 0–100 score and firmographics. */
export interface StagedIntentRow {
  domain: string;
  topicId: string;
  score: number;
  companyName: string | null;
  industry: string | null;
  sizeBand: string | null;
  revenueBand: string | null;
  country: string | null;
}

export type QuarantineReason = 'invalid_row' | 'unknown_topic' | 'domain_invalid' | 'free_mail';

export interface QuarantinedRow {
  /** Position in the page (0-based), so a re-processed page quarantines the same rows once. */
  item: number;
  reason: QuarantineReason;
  raw: string;
}

export interface PreparedPage {
  rows: StagedIntentRow[];
  quarantined: QuarantinedRow[];
  counts: {
    received: number;
    outOfRange: number;
    /** Same (domain, topic) seen again in this page (e.g. `www.acme.com` and `acme.com`). */
    duplicates: number;
    unknownTopics: number;
    freeMail: number;
  };
}

export interface TopicLookup {
  /** Our id for a topic Bombora names (the Intent API identifies topics by name). */
  byName(name: string): string | undefined;
  /** Whether a topic id (the legacy report's `TopicId`) is in the taxonomy. */
  hasId(id: string): boolean;
}

const RAW_KEPT_CHARS = 2_000;
const text = (value: string | null | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, 200) : null;
};
const country = (value: string | null | undefined) => {
  const code = value?.trim().toUpperCase();
  return code && /^[A-Z]{2}$/.test(code) ? code : null;
};

type Unified = Omit<StagedIntentRow, 'domain' | 'topicId' | 'score'> & {
  rawDomain: string;
  topicId: string | undefined;
  rawScore: number;
};

function fromIntent(row: BomboraIntentRow, topics: TopicLookup): Unified {
  return {
    rawDomain: row.domain,
    topicId: topics.byName(row.topic),
    rawScore: row.score,
    companyName: text(row.company?.name),
    industry: text(row.company?.industry),
    sizeBand: text(row.company?.size),
    revenueBand: text(row.company?.revenue),
    country: country(row.company?.hq?.country),
  };
}

function fromLegacy(row: LegacyReportRow, topics: TopicLookup): Unified {
  return {
    rawDomain: row.Domain,
    topicId: topics.hasId(row.TopicId) ? row.TopicId : undefined,
    rawScore: row.CompositeScore,
    companyName: text(row.CompanyName),
    industry: text(row.Industry),
    sizeBand: text(row.Size),
    revenueBand: text(row.Revenue),
    country: country(row.HqCountry),
  };
}

/**
 * Checks and normalises one page of rows from either API generation. Every input row ends up
 * staged, quarantined with a reason, or counted as a duplicate: none disappears unaccounted.
 */
export function prepareIntentRows(
  source: 'intent' | 'legacy',
  page: readonly unknown[],
  topics: TopicLookup,
): PreparedPage {
  const result: PreparedPage = {
    rows: [],
    quarantined: [],
    counts: { received: page.length, outOfRange: 0, duplicates: 0, unknownTopics: 0, freeMail: 0 },
  };
  const seen = new Set<string>();
  // A domain repeats once per topic: match each spelling once per page.
  const matches = new Map<string, ReturnType<typeof matchIntentDomain>>();
  const match = (raw: string) => {
    let found = matches.get(raw);
    if (!found) matches.set(raw, (found = matchIntentDomain(raw)));
    return found;
  };
  const quarantine = (item: number, reason: QuarantineReason, raw: unknown) =>
    result.quarantined.push({ item, reason, raw: JSON.stringify(raw).slice(0, RAW_KEPT_CHARS) });

  page.forEach((raw, item) => {
    let unified: Unified;
    if (source === 'intent') {
      const parsed = BomboraIntentRowSchema.safeParse(raw);
      if (!parsed.success) return quarantine(item, 'invalid_row', raw);
      unified = fromIntent(parsed.data, topics);
    } else {
      const parsed = LegacyReportRowSchema.safeParse(raw);
      if (!parsed.success) return quarantine(item, 'invalid_row', raw);
      unified = fromLegacy(parsed.data, topics);
    }
    if (unified.topicId === undefined) {
      result.counts.unknownTopics++;
      return quarantine(item, 'unknown_topic', raw);
    }
    const matched = match(unified.rawDomain);
    if (!matched.ok) {
      if (matched.reason === 'free_mail') result.counts.freeMail++;
      return quarantine(item, matched.reason, raw);
    }
    const key = `${matched.domain}\u0000${unified.topicId}`;
    if (seen.has(key)) {
      result.counts.duplicates++;
      return;
    }
    seen.add(key);
    const { score, outOfRange } = normalizeScore(unified.rawScore);
    if (outOfRange) result.counts.outOfRange++;
    const { rawDomain: _domain, rawScore: _score, topicId, ...firmographics } = unified;
    result.rows.push({ domain: matched.domain, topicId, score, ...firmographics });
  });
  return result;
}
