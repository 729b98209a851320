import {
  asciiFold,
  intentTopicsNeeded,
  intentWindow,
  mustResolveRule,
  unique,
  type ResolvedRule,
  type ValueSource,
} from './conditions';
import type { AudienceNode, Definition, IntentNode, ListNode, RuleNode } from './definition';
import { expandAudienceRefs, expandNode } from './expand';
import type { FieldCatalog } from './field-catalog';

/*
 * The in-memory evaluator: the plain reading of the SEMANTICS in definition.ts over rows held in
 * memory. It is the oracle the SQL compiler is tested against (compile-sql.test.ts), so it favours
 * obviousness over speed: every node is a 0/1 array over the contacts.
 */

export interface ContactFacts {
  id: number;
  email_hash: string | null;
  phone_hash: string | null;
  first_name: string | null;
  last_name: string | null;
  title: string | null;
  seniority: string | null;
  company_name: string | null;
  company_domain: string | null;
  industry: string | null;
  company_size: string | null;
  revenue: string | null;
  country: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  linkedin_url: string | null;
  quality: number;
  created_at: number;
  updated_at: number;
  custom: Record<string, string> | null;
}

export interface CompanyFacts {
  domain: string;
  name: string | null;
  industry: string | null;
  size_band: string | null;
  employees: number | null;
  revenue_band: string | null;
  country: string | null;
}

export interface IntentFact {
  domain: string;
  topicId: string;
  week: string;
  score: number;
}

export interface EvalData {
  contacts: readonly ContactFacts[];
  /** By domain. */
  companies: ReadonlyMap<string, CompanyFacts>;
  /** Upload id → ids of the contacts on that list. */
  lists: ReadonlyMap<string, ReadonlySet<number>>;
  intent: readonly IntentFact[];
}

export interface EngineContext {
  /** Anchors "within the last N days" (ms). */
  now: number;
  /** The organisation's latest intent dataset (`YYYY-MM-DD`, a Monday); null: no intent data. */
  latestIntentWeek: string | null;
  catalog: FieldCatalog;
  /** Definitions of the audiences the definition refers to (transitively). */
  audiences: ReadonlyMap<string, Definition>;
}

/**
 * Per node id: how many contacts its subtree matches on its own (its `not` applied), and for each
 * negated child of an AND group of two or more children, how many of those the other children
 * admit it takes away. `total` is the root's size.
 */
export interface NodeSizes {
  total: number;
  nodes: Record<string, { size: number; removed?: number }>;
}

type Bits = Uint8Array;

/** Ids of the contacts the definition selects. */
export function evaluate(definition: Definition, data: EvalData, ctx: EngineContext): Set<number> {
  const matcher = new Matcher(data, ctx);
  const bits = matcher.node(expandAudienceRefs(definition, ctx.audiences).root);
  const ids = new Set<number>();
  data.contacts.forEach((contact, i) => {
    if (bits[i]) ids.add(contact.id);
  });
  return ids;
}

export function nodeSizesInMemory(
  definition: Definition,
  data: EvalData,
  ctx: EngineContext,
): NodeSizes {
  const matcher = new Matcher(data, ctx);
  const nodes: NodeSizes['nodes'] = {};
  // Walks the definition as drawn: an audience condition is measured as a whole (expanded), and
  // the nodes inside the referred audience are not reported.
  const measure = (node: AudienceNode): Bits => {
    if (node.kind === 'audience') {
      const bits = matcher.node(expandNode(node, ctx.audiences));
      nodes[node.id] = { size: countOf(bits) };
      return bits;
    }
    if (node.kind !== 'group') {
      const bits = matcher.node(node);
      nodes[node.id] = { size: countOf(bits) };
      return bits;
    }
    const children = node.children.map(measure);
    const bits = matcher.combine(node.op, children, node.not === true);
    nodes[node.id] = { size: countOf(bits) };
    if (node.op === 'and' && children.length >= 2)
      node.children.forEach((child, i) => {
        if (!child.not) return;
        const others = matcher.combine(
          'and',
          children.filter((_, j) => j !== i),
          false,
        );
        const all = matcher.combine('and', children, false);
        nodes[child.id]!.removed = countOf(others) - countOf(all);
      });
    return bits;
  };
  const root = measure(definition.root);
  return { total: countOf(root), nodes };
}

const countOf = (bits: Bits) => bits.reduce((n, b) => n + b, 0);

class Matcher {
  private readonly n: number;

  constructor(
    private readonly data: EvalData,
    private readonly ctx: EngineContext,
  ) {
    this.n = data.contacts.length;
  }

  /** The contacts a node (with audience conditions already expanded) matches, its `not` applied. */
  node(node: AudienceNode): Bits {
    switch (node.kind) {
      case 'group':
        return this.combine(
          node.op,
          node.children.map((c) => this.node(c)),
          node.not === true,
        );
      case 'rule':
        return this.perContact((i) => this.rule(node, i), node.not);
      case 'list':
        return this.list(node);
      case 'intent':
        return this.intent(node);
      case 'audience':
        throw new Error(`Audience condition ${node.id} was not expanded`);
    }
  }

  /** An AND of nothing is everyone, an OR of nothing no one. */
  combine(op: 'and' | 'or', children: readonly Bits[], not: boolean): Bits {
    const out = new Uint8Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const hit = op === 'and' ? children.every((c) => c[i]) : children.some((c) => c[i]);
      out[i] = Number(hit !== not);
    }
    return out;
  }

  private perContact(test: (i: number) => boolean, not: boolean | undefined): Bits {
    const out = new Uint8Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = Number(test(i) !== (not === true));
    return out;
  }

  private rule(node: RuleNode, i: number): boolean {
    // Resolved per call for simplicity; the oracle runs over a few dozen contacts.
    const rule: ResolvedRule = mustResolveRule(node, this.ctx.catalog, this.ctx.now);
    return testValue(rule, this.valueOf(rule.source, i)) !== rule.negate;
  }

  private valueOf(source: ValueSource, i: number): string | number | null {
    const contact = this.data.contacts[i]!;
    switch (source.kind) {
      case 'contact':
        return contact[source.column];
      case 'company': {
        // COALESCE(company column, contact fallback): a company record without the value falls
        // back too.
        const company =
          contact.company_domain === null
            ? undefined
            : this.data.companies.get(contact.company_domain);
        const own = company?.[source.column] ?? null;
        if (own !== null) return own;
        return source.fallback === undefined ? null : contact[source.fallback];
      }
      case 'custom':
        return contact.custom && Object.hasOwn(contact.custom, source.key)
          ? (contact.custom[source.key] ?? null)
          : null;
    }
  }

  private list(node: ListNode): Bits {
    const sets = unique(node.uploadIds).map((id) => this.data.lists.get(id) ?? new Set<number>());
    return this.perContact((i) => {
      const id = this.data.contacts[i]!.id;
      return node.match === 'all' ? sets.every((s) => s.has(id)) : sets.some((s) => s.has(id));
    }, node.not);
  }

  private intent(node: IntentNode): Bits {
    const window = intentWindow(this.ctx.latestIntentWeek, node.withinWeeks);
    const topics = unique(node.topics);
    // Per topic, the domains surging on it within the window.
    const surging = topics.map(
      (topic) =>
        new Set(
          this.data.intent
            .filter(
              (r) =>
                window !== null &&
                r.topicId === topic &&
                r.week >= window.from &&
                r.week <= window.to &&
                r.score >= node.minScore,
            )
            .map((r) => r.domain),
        ),
    );
    return this.perContact((i) => {
      if (window === null) return false;
      const domain = this.data.contacts[i]!.company_domain;
      const has = (s: Set<string>) => domain !== null && s.has(domain);
      if (node.minTopics === undefined)
        return node.match === 'all' ? surging.every(has) : surging.some(has);
      return surging.filter(has).length >= intentTopicsNeeded(node);
    }, node.not);
  }
}

function testValue(rule: ResolvedRule, value: string | number | null): boolean {
  const { test } = rule;
  switch (test.op) {
    case 'empty':
      return value === null || value === '';
    case 'text_in':
      return value !== null && test.values.includes(asciiFold(String(value)));
    case 'like': {
      if (value === null) return false;
      const text = asciiFold(String(value));
      const wanted = asciiFold(test.value);
      if (test.mode === 'contains') return text.includes(wanted);
      return test.mode === 'starts_with' ? text.startsWith(wanted) : text.endsWith(wanted);
    }
    case 'compare': {
      if (typeof value !== 'number') return false;
      switch (test.cmp) {
        case '=':
          return value === test.value;
        case '<':
          return value < test.value;
        case '<=':
          return value <= test.value;
        case '>':
          return value > test.value;
        case '>=':
          return value >= test.value;
      }
      break;
    }
    case 'between':
      return typeof value === 'number' && test.lo <= value && value <= test.hi;
  }
  return false;
}
