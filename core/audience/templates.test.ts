import { describe, expect, it } from 'vitest';
import { DefinitionSchema, walk, type AudienceNode, type RuleNode } from './definition';
import { fieldCatalog, OPERATORS_BY_TYPE } from './field-catalog';
import { BUILT_IN_TEMPLATES } from './templates';

const catalog = fieldCatalog();
const counter = () => {
  let n = 0;
  return () => `t${++n}`;
};
const nodesOf = (definition: { root: AudienceNode }) =>
  [...walk(definition.root)].map((w) => w.node);
const rulesOf = (definition: { root: AudienceNode }) =>
  nodesOf(definition).filter((n): n is RuleNode => n.kind === 'rule');

/** Whether a rule's value has the shape its operator takes. */
function valueFits(rule: RuleNode): boolean {
  const { op, value } = rule;
  const isText = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  switch (op) {
    case 'in':
    case 'not_in':
      return Array.isArray(value) && value.length > 0 && value.every(isText);
    case 'between':
      return (
        Array.isArray(value) &&
        value.length === 2 &&
        value.every((v) => typeof v === 'number') &&
        (value[0] as number) <= (value[1] as number)
      );
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
    case 'within_last':
      return typeof value === 'number';
    case 'is_empty':
    case 'is_not_empty':
    case 'is_true':
    case 'is_false':
      return value === undefined;
    default:
      return isText(value) || typeof value === 'number';
  }
}

describe('BUILT_IN_TEMPLATES', () => {
  it('offers 6 to 8 templates with unique ids, names and a description each', () => {
    expect(BUILT_IN_TEMPLATES.length).toBeGreaterThanOrEqual(6);
    expect(BUILT_IN_TEMPLATES.length).toBeLessThanOrEqual(8);
    expect(new Set(BUILT_IN_TEMPLATES.map((t) => t.id)).size).toBe(BUILT_IN_TEMPLATES.length);
    expect(new Set(BUILT_IN_TEMPLATES.map((t) => t.name)).size).toBe(BUILT_IN_TEMPLATES.length);
    for (const t of BUILT_IN_TEMPLATES) expect(t.description.length).toBeGreaterThan(10);
  });

  it.each(BUILT_IN_TEMPLATES.map((t) => [t.name, t] as const))(
    '%s is a definition the schema accepts',
    (_, t) => {
      expect(DefinitionSchema.safeParse(t.definition(counter())).success).toBe(true);
    },
  );

  it.each(BUILT_IN_TEMPLATES.map((t) => [t.name, t] as const))(
    '%s uses only catalog fields, their operators and values of the right shape',
    (_, t) => {
      for (const rule of rulesOf(t.definition(counter()))) {
        const field = catalog.byId.get(rule.field);
        expect(field, rule.field).toBeDefined();
        expect(OPERATORS_BY_TYPE[field!.type]).toContain(rule.op);
        expect(valueFits(rule), JSON.stringify(rule)).toBe(true);
        if (field!.options && Array.isArray(rule.value))
          for (const v of rule.value) expect(field!.options.map((o) => o.value)).toContain(v);
      }
    },
  );

  it('gives every node a fresh id from newId, different on each use', () => {
    const t = BUILT_IN_TEMPLATES[0]!;
    const first = nodesOf(t.definition(counter())).map((n) => n.id);
    expect(new Set(first).size).toBe(first.length);
    let n = 100;
    const second = nodesOf(t.definition(() => `u${++n}`)).map((n) => n.id);
    expect(second.some((id) => first.includes(id))).toBe(false);
  });

  it('leaves the topics and the excluded list of the intent starter for the user to choose', () => {
    const t = BUILT_IN_TEMPLATES.find((x) => x.id === 'builtin-surging-excluding-customers')!;
    expect(t.definition(counter()).root.children).toMatchObject([
      { kind: 'intent', topics: [], minScore: 60, withinWeeks: 4 },
      { kind: 'list', uploadIds: [], not: true },
    ]);
  });

  it('builds the mid-market software starter on seniority, industry and 200 to 999 employees', () => {
    const t = BUILT_IN_TEMPLATES.find(
      (x) => x.id === 'builtin-decision-makers-mid-market-software',
    )!;
    const fields = rulesOf(t.definition(counter())).map((r) => `${r.field} ${r.op}`);
    expect(fields).toEqual(
      expect.arrayContaining(['seniority in', 'industry in', 'employees between']),
    );
    expect(rulesOf(t.definition(counter())).find((r) => r.field === 'employees')?.value).toEqual([
      200, 999,
    ]);
  });
});
