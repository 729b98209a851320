import type { RuleNode, RuleValue } from './definition';
import {
  COMPANY_COLUMNS,
  CONTACT_COLUMNS,
  OPERATOR_LABELS,
  OPERATORS_BY_TYPE,
  type CompanyColumn,
  type ContactColumn,
  type FieldCatalog,
  type FieldDef,
} from './field-catalog';

/*
 * What a condition means, once: validation explains why a rule has no meaning, and both evaluators
 * (in memory and SQL) interpret the meaning it resolves to. Every operator becomes one of five
 * two-valued tests on one value, possibly negated:
 *
 *   neq / not_in / is_not_empty are NOT eq / in / is_empty (so "≠ Software" includes no industry);
 *   a boolean "has an email" is_true is NOT is_empty of the column, is_false is is_empty;
 *   dates compare milliseconds: before D is < the day's UTC midnight, after D is ≥ the next one,
 *   within the last N days is ≥ now − N days.
 *
 * Text tests fold ASCII case only (what SQLite's NOCASE and LIKE do) and trim the rule's value.
 */

export const DAY_MS = 86_400_000;
export const MAX_WITHIN_DAYS = 36_500;

/** Where a rule's value comes from; columns are checked against the schema's column lists. */
export type ValueSource =
  | { kind: 'contact'; column: ContactColumn }
  | { kind: 'company'; column: CompanyColumn; fallback?: ContactColumn | undefined }
  | { kind: 'custom'; key: string };

export type ValueTest =
  /** Equal to one of the values, ignoring ASCII case (values are trimmed and folded). */
  | { op: 'text_in'; values: string[] }
  /** Contains / starts with / ends with the value, ignoring ASCII case (value trimmed). */
  | { op: 'like'; mode: 'contains' | 'starts_with' | 'ends_with'; value: string }
  | { op: 'compare'; cmp: '=' | '<' | '<=' | '>' | '>='; value: number }
  | { op: 'between'; lo: number; hi: number }
  /** No value: null, or an empty string. */
  | { op: 'empty' };

export interface ResolvedRule {
  source: ValueSource;
  test: ValueTest;
  /** The test's outcome is inverted (neq, not_in, is_not_empty, is_true) — not the node's `not`. */
  negate: boolean;
}

export type RuleProblem = {
  code:
    | 'missing_field'
    | 'unknown_field'
    | 'missing_operator'
    | 'operator_not_for_type'
    | 'missing_value'
    | 'wrong_value_type'
    | 'invalid_value';
  message: string;
};

export const asciiFold = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

const CONTACT_COLUMN_SET: ReadonlySet<string> = new Set(CONTACT_COLUMNS);
const COMPANY_COLUMN_SET: ReadonlySet<string> = new Set(COMPANY_COLUMNS);

function sourceOf(field: FieldDef): ValueSource {
  const { source } = field;
  // The SQL compiler turns these into column names, so they must be schema columns, whatever a
  // catalog says.
  const contactColumn = (column: string): ContactColumn => {
    if (!CONTACT_COLUMN_SET.has(column)) throw new Error(`Not a contact column: ${column}`);
    return column as ContactColumn;
  };
  switch (source.kind) {
    case 'contact':
    case 'present':
      return { kind: 'contact', column: contactColumn(source.column) };
    case 'company':
      if (!COMPANY_COLUMN_SET.has(source.column))
        throw new Error(`Not a company column: ${source.column}`);
      return {
        kind: 'company',
        column: source.column,
        fallback: source.fallback === undefined ? undefined : contactColumn(source.fallback),
      };
    case 'custom':
      return { kind: 'custom', key: source.key };
  }
}

/** Midnight UTC of a real calendar date written `YYYY-MM-DD`, else null. */
export function parseIsoDate(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d)
    return null;
  return ms;
}

const quoted = (value: unknown) => JSON.stringify(value);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The meaning of a rule, or what keeps it from having one (user-facing English naming the field,
 * the operator and the value). `now` anchors "within the last N days".
 */
export function resolveRule(
  node: RuleNode,
  catalog: FieldCatalog,
  now: number,
): { ok: true; rule: ResolvedRule } | ({ ok: false } & RuleProblem) {
  const fail = (code: RuleProblem['code'], message: string) =>
    ({ ok: false, code, message }) as const;
  if (node.field.trim() === '') return fail('missing_field', 'Choose a field for this condition');
  const field = catalog.byId.get(node.field);
  if (!field) return fail('unknown_field', `There is no field ${quoted(node.field)}`);
  const name = `“${field.label}”`;
  const op = node.op;
  if (!op) return fail('missing_operator', `Choose how to compare ${name}`);
  const allowed = OPERATORS_BY_TYPE[field.type];
  if (!allowed.includes(op))
    return fail(
      'operator_not_for_type',
      `${name} is a ${field.type} field and cannot use “${OPERATOR_LABELS[op]}” (it takes ${allowed
        .map((o) => `“${OPERATOR_LABELS[o]}”`)
        .join(', ')})`,
    );
  const phrase = `“${field.label} ${OPERATOR_LABELS[op]}”`;
  const value: RuleValue | undefined = node.value;
  const source = sourceOf(field);
  const ok = (test: ValueTest, negate = false) =>
    ({ ok: true, rule: { source, test, negate } }) as const;

  if (op === 'is_empty' || op === 'is_not_empty' || op === 'is_true' || op === 'is_false') {
    if (value !== undefined && value !== null)
      return fail('wrong_value_type', `${phrase} takes no value, but has ${quoted(value)}`);
    return ok({ op: 'empty' }, op === 'is_not_empty' || op === 'is_true');
  }
  if (value === undefined || value === null || (typeof value === 'string' && !value.trim()))
    return fail('missing_value', `${phrase} needs a value`);

  const options = field.type === 'enum' ? (field.options ?? []) : null;
  const notAnOption = (text: string) =>
    options && !options.some((o) => asciiFold(o.value) === asciiFold(text.trim()))
      ? fail('invalid_value', `${quoted(text.trim())} is not one of the ${name} values`)
      : null;

  switch (op) {
    case 'eq':
    case 'neq':
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      if (field.type === 'number') {
        if (!isFiniteNumber(value))
          return fail('wrong_value_type', `${phrase} needs a number, not ${quoted(value)}`);
        const cmp = ({ eq: '=', neq: '=', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const)[op];
        return ok({ op: 'compare', cmp, value }, op === 'neq');
      }
      // text / enum: only eq and neq get here (the operator check above).
      if (typeof value !== 'string')
        return fail('wrong_value_type', `${phrase} needs a text value, not ${quoted(value)}`);
      return (
        notAnOption(value) ?? ok({ op: 'text_in', values: [asciiFold(value.trim())] }, op === 'neq')
      );
    case 'in':
    case 'not_in': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
        return fail(
          'wrong_value_type',
          `${phrase} needs a list of text values, not ${quoted(value)}`,
        );
      const texts = value as string[];
      if (texts.length === 0) return fail('missing_value', `${phrase} needs at least one value`);
      const blank = texts.findIndex((t) => !t.trim());
      if (blank >= 0)
        return fail('invalid_value', `${phrase} has an empty value (number ${blank + 1})`);
      for (const text of texts) {
        const problem = notAnOption(text);
        if (problem) return problem;
      }
      return ok(
        { op: 'text_in', values: [...new Set(texts.map((t) => asciiFold(t.trim())))] },
        op === 'not_in',
      );
    }
    case 'contains':
    case 'starts_with':
    case 'ends_with':
      if (typeof value !== 'string')
        return fail('wrong_value_type', `${phrase} needs a text value, not ${quoted(value)}`);
      return ok({ op: 'like', mode: op, value: value.trim() });
    case 'between': {
      if (!Array.isArray(value) || value.length !== 2 || !value.every(isFiniteNumber))
        return fail(
          'wrong_value_type',
          `${phrase} needs two numbers [low, high], not ${quoted(value)}`,
        );
      const [lo, hi] = value as [number, number];
      if (lo > hi)
        return fail('invalid_value', `${phrase} needs the low number first, not ${lo} and ${hi}`);
      return ok({ op: 'between', lo, hi });
    }
    case 'before':
    case 'after': {
      if (typeof value !== 'string')
        return fail(
          'wrong_value_type',
          `${phrase} needs a date (YYYY-MM-DD), not ${quoted(value)}`,
        );
      const day = parseIsoDate(value.trim());
      if (day === null)
        return fail('invalid_value', `${quoted(value)} is not a date (YYYY-MM-DD) for ${phrase}`);
      return op === 'before'
        ? ok({ op: 'compare', cmp: '<', value: day })
        : ok({ op: 'compare', cmp: '>=', value: day + DAY_MS });
    }
    case 'within_last':
      if (!isFiniteNumber(value))
        return fail('wrong_value_type', `${phrase} needs a number of days, not ${quoted(value)}`);
      if (!Number.isInteger(value) || value < 1 || value > MAX_WITHIN_DAYS)
        return fail(
          'invalid_value',
          `${phrase} needs a whole number of days from 1 to ${MAX_WITHIN_DAYS}, not ${value}`,
        );
      return ok({ op: 'compare', cmp: '>=', value: now - value * DAY_MS });
  }
  return unreachable(op);
}

function unreachable(op: never): never {
  throw new Error(`Unhandled operator ${String(op)}`);
}

/** Like `resolveRule`, for callers that validated first: a rule without meaning is a bug. */
export function mustResolveRule(node: RuleNode, catalog: FieldCatalog, now: number): ResolvedRule {
  const resolved = resolveRule(node, catalog, now);
  if (!resolved.ok) throw new Error(`Condition ${node.id} is not valid: ${resolved.message}`);
  return resolved.rule;
}

/**
 * The weeks an intent condition looks at: from the Monday `withinWeeks − 1` weeks before the
 * latest dataset's week, to that week (ISO dates compare as text). Null when there is no intent
 * data, and then no intent condition matches.
 */
export function intentWindow(
  latestIntentWeek: string | null,
  withinWeeks: number,
): { from: string; to: string } | null {
  if (latestIntentWeek === null) return null;
  const latest = parseIsoDate(latestIntentWeek);
  if (latest === null) throw new Error(`Not an intent week: ${latestIntentWeek}`);
  const mondayOffset = (new Date(latest).getUTCDay() + 6) % 7;
  const from = latest - (mondayOffset + 7 * (withinWeeks - 1)) * DAY_MS;
  return { from: new Date(from).toISOString().slice(0, 10), to: latestIntentWeek };
}

/**
 * How many of an intent condition's (distinct) topics a company must surge on: `minTopics` when
 * set, else one (`any`) or all of them.
 */
export function intentTopicsNeeded(node: {
  topics: readonly string[];
  match: 'any' | 'all';
  minTopics?: number | undefined;
}): number {
  if (node.minTopics !== undefined) return node.minTopics;
  return node.match === 'all' ? new Set(node.topics).size : 1;
}

/** Unique items in first-seen order. */
export const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];
