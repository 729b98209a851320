import { describe, expect, it } from 'vitest';
import {
  and,
  audience,
  definition,
  engineContext,
  intent,
  list,
  NESTED_12,
  not,
  only,
  OPERATOR_CASES,
  or,
  PEOPLE_DATA,
  rule,
} from '../../dev/test-support/audience-engine-fixtures';
import type { Definition } from './definition';
import { evaluate, nodeSizesInMemory, type EngineContext } from './evaluate';
import { expandAudienceRefs } from './expand';

const idsOf = (def: Definition, ctx: EngineContext = engineContext()) =>
  [...evaluate(def, PEOPLE_DATA, ctx)].sort((a, b) => a - b);

describe('each operator of each field type', () => {
  it.each(OPERATOR_CASES)('$says ($field $op $value)', ({ field, op, value, ids }) => {
    expect(idsOf(only(rule(field, op, value)))).toEqual(ids);
  });

  it('negating a condition selects exactly the others, missing values included', () => {
    for (const { field, op, value, ids } of OPERATOR_CASES) {
      const others = [1, 2, 3, 4, 5, 6].filter((id) => !ids.includes(id));
      expect(idsOf(only(not(rule(field, op, value))))).toEqual(others);
    }
  });
});

describe('list conditions', () => {
  it('selects people on any of the lists', () => {
    expect(idsOf(only(list('any', 'u1', 'u2')))).toEqual([1, 2, 3, 4]);
  });

  it('selects people on all of the lists', () => {
    expect(idsOf(only(list('all', 'u1', 'u2')))).toEqual([2, 3]);
  });

  it('excludes a list when negated', () => {
    expect(idsOf(only(not(list('any', 'u1'))))).toEqual([4, 5, 6]);
  });

  it('treats an upload nobody is on as an empty list', () => {
    expect(idsOf(only(list('any', 'u-none')))).toEqual([]);
  });
});

describe('intent conditions', () => {
  it('selects people whose company surges on a topic in the latest week', () => {
    expect(idsOf(only(intent('any', ['t1'], 50, 1)))).toEqual([1, 5]);
  });

  it('looks back over the last N weekly datasets', () => {
    expect(idsOf(only(intent('any', ['t1'], 50, 4)))).toEqual([1, 4, 5]);
  });

  it('requires the minimum score', () => {
    expect(idsOf(only(intent('any', ['t1', 't2'], 75, 2)))).toEqual([1, 5]);
  });

  it('requires every topic for match all', () => {
    expect(idsOf(only(intent('all', ['t1', 't2'], 50, 3)))).toEqual([1, 5]);
  });

  it('matches no one without intent data', () => {
    const ctx = engineContext({ latestIntentWeek: null });
    expect(idsOf(only(intent('any', ['t1'], 0, 12)), ctx)).toEqual([]);
  });

  it('matches everyone else when negated, people without a company included', () => {
    expect(idsOf(only(not(intent('any', ['t1'], 50, 1))))).toEqual([2, 3, 4, 6]);
  });
});

describe('groups', () => {
  const software = () => rule('industry', 'eq', 'Software');
  const us = () => rule('country', 'eq', 'US');

  it('matches everyone with an empty AND', () => {
    expect(idsOf(definition(and()))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('matches no one with an empty OR', () => {
    expect(idsOf(definition(or()))).toEqual([]);
  });

  it('treats a single-child group as its child', () => {
    expect(idsOf(definition(or(us())))).toEqual(idsOf(only(us())));
  });

  it('complements a negated group (De Morgan holds with missing values)', () => {
    expect(idsOf(definition(not(and(software(), us()))))).toEqual(
      idsOf(definition(or(not(software()), not(us())))),
    );
  });

  it('intersects AND children and unites OR children', () => {
    expect(idsOf(definition(and(software(), us())))).toEqual([1, 2]);
    expect(idsOf(definition(or(us(), rule('quality', 'gte', 100))))).toEqual([1, 2, 5]);
  });

  it('evaluates groups nested 12 levels deep', () => {
    expect(idsOf(NESTED_12.definition)).toEqual(NESTED_12.ids);
  });
});

describe('audience conditions', () => {
  const ctx = engineContext({
    audiences: new Map([
      ['customers', only(list('any', 'u1'))],
      ['us-customers', definition(and(audience('customers'), rule('country', 'eq', 'us')))],
    ]),
  });

  it('selects the members of the referred audience, through a chain', () => {
    expect(idsOf(only(audience('us-customers')), ctx)).toEqual([1, 2]);
  });

  it('excludes the referred audience when negated', () => {
    expect(idsOf(only(not(audience('us-customers'))), ctx)).toEqual([3, 4, 5, 6]);
  });

  it('expands a reference into a group with the reference’s id and negation', () => {
    const ref = not(audience('customers'));
    const expanded = expandAudienceRefs(only(ref), ctx.audiences);
    expect(expanded.root.children[0]).toMatchObject({
      id: ref.id,
      kind: 'group',
      op: 'and',
      not: true,
      children: [{ kind: 'group', children: [{ kind: 'list' }] }],
    });
  });

  it('refuses to expand a cycle', () => {
    const loop = new Map([
      ['a', only(audience('b'))],
      ['b', only(audience('a'))],
    ]);
    expect(() => expandAudienceRefs(only(audience('a')), loop)).toThrow(/cycle: a → b → a/);
  });

  it('refuses to expand an unknown audience', () => {
    expect(() => expandAudienceRefs(only(audience('gone')), new Map())).toThrow(/unknown/);
  });
});

describe('node sizes', () => {
  it('gives every node the size of its own subtree, negation applied', () => {
    const us = rule('country', 'eq', 'US');
    const noList = not(list('any', 'u1'));
    const root = or(us, noList);
    const sizes = nodeSizesInMemory(definition(root), PEOPLE_DATA, engineContext());
    expect(sizes).toEqual({
      total: 5,
      nodes: { [root.id]: { size: 5 }, [us.id]: { size: 2 }, [noList.id]: { size: 3 } },
    });
  });

  it('says how many a negated AND child takes away from what its siblings admit', () => {
    const software = rule('industry', 'eq', 'software'); // 1, 2, 5
    const noU1 = not(list('any', 'u1')); // 4, 5, 6
    const sizes = nodeSizesInMemory(definition(and(software, noU1)), PEOPLE_DATA, engineContext());
    expect(sizes.nodes[noU1.id]).toEqual({ size: 3, removed: 2 });
    expect(sizes.nodes[software.id]).toEqual({ size: 3 });
  });

  it('gives no removed figure in a single-child AND or in an OR', () => {
    const a = not(rule('country', 'eq', 'US'));
    const b = not(rule('country', 'eq', 'DE'));
    const sizes = nodeSizesInMemory(
      definition(or(and(a), rule('quality', 'gte', 0), b)),
      PEOPLE_DATA,
      engineContext(),
    );
    expect(sizes.nodes[a.id]).toEqual({ size: 4 });
    expect(sizes.nodes[b.id]).toEqual({ size: 5 });
  });

  it('measures an audience condition as a whole without the nodes inside it', () => {
    const inner = list('any', 'u1');
    const ctx = engineContext({ audiences: new Map([['customers', only(inner)]]) });
    const ref = not(audience('customers'));
    const sizes = nodeSizesInMemory(
      definition(and(rule('quality', 'gte', 0), ref)),
      PEOPLE_DATA,
      ctx,
    );
    expect(sizes.nodes[ref.id]).toEqual({ size: 3, removed: 3 });
    expect(sizes.nodes[inner.id]).toBeUndefined();
    expect(sizes.total).toBe(3);
  });
});
