import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  flipUniqueCondition,
  NAMES,
  validDefinition,
} from '../../dev/test-support/audience-arbitraries';
import {
  DEFINITION_VERSION,
  type AudienceNode,
  type Definition,
  type GroupNode,
} from './definition';
import { diffDefinitions } from './diff';

const software: AudienceNode = {
  id: 'r1',
  kind: 'rule',
  field: 'industry',
  op: 'eq',
  value: 'Software',
};
const big: AudienceNode = { id: 'r2', kind: 'rule', field: 'employees', op: 'gte', value: 200 };
const customers: AudienceNode = {
  id: 'l1',
  kind: 'list',
  uploadIds: ['up_1'],
  match: 'any',
  not: true,
};
const root = (children: AudienceNode[], extra: Partial<GroupNode> = {}): Definition => ({
  version: DEFINITION_VERSION,
  root: { id: 'root', kind: 'group', op: 'and', children, ...extra },
});
const diff = (before: Definition, after: Definition) => diffDefinitions(before, after, NAMES);

describe('diffDefinitions', () => {
  const base = root([software, big, customers]);

  it('reports nothing between a definition and itself, which is equivalent', () => {
    expect(diff(base, base)).toEqual({
      equivalent: true,
      added: [],
      removed: [],
      changed: [],
      moved: [],
    });
  });

  it('reports an added node with its parent, position and text', () => {
    const after = root([
      software,
      big,
      customers,
      { id: 'r3', kind: 'rule', field: 'has_email', op: 'is_true' },
    ]);
    expect(diff(base, after).added).toEqual([
      { id: 'r3', kind: 'rule', parentId: 'root', index: 3, text: 'has_email is true' },
    ]);
  });

  it('reports a removed node with where it was', () => {
    expect(diff(base, root([software, customers])).removed).toEqual([
      { id: 'r2', kind: 'rule', parentId: 'root', index: 1, text: 'employees >= 200' },
    ]);
  });

  it('reports a changed condition with the properties and its text before and after', () => {
    const after = root([software, { ...big, op: 'gt', value: 500 }, customers]);
    expect(diff(base, after).changed).toEqual([
      {
        id: 'r2',
        kind: 'rule',
        properties: ['op', 'value'],
        before: 'employees >= 200',
        after: 'employees > 500',
      },
    ]);
  });

  it('reports a negation as a change of not', () => {
    const after = root([software, big, { ...customers, not: false }]);
    expect(diff(base, after).changed).toMatchObject([
      {
        id: 'l1',
        properties: ['not'],
        before: 'NOT list:"Customers 2025"',
        after: 'list:"Customers 2025"',
      },
    ]);
  });

  it('does not report not: false becoming absent', () => {
    const withFalse = root([{ ...software, not: false }]);
    expect(diff(withFalse, root([software])).changed).toEqual([]);
  });

  it('reports a group label change though the text form has no labels', () => {
    expect(
      diff(base, root([software, big, customers], { label: 'Firmographics' })).changed,
    ).toMatchObject([{ id: 'root', properties: ['label'] }]);
  });

  it('reports a node moved into another group, with both places', () => {
    const after = root([
      { id: 'g1', kind: 'group', op: 'or', children: [software, big] },
      customers,
    ]);
    const result = diff(base, after);
    expect(result.moved).toEqual([
      {
        id: 'r1',
        kind: 'rule',
        text: 'industry = "Software"',
        from: { parentId: 'root', index: 0 },
        to: { parentId: 'g1', index: 0 },
      },
      {
        id: 'r2',
        kind: 'rule',
        text: 'employees >= 200',
        from: { parentId: 'root', index: 1 },
        to: { parentId: 'g1', index: 1 },
      },
    ]);
    expect(result.added).toMatchObject([{ id: 'g1', kind: 'group' }]);
    expect(result.equivalent).toBe(false);
  });

  it('reports siblings that changed places, as equivalent', () => {
    const result = diff(base, root([customers, software, big]));
    expect(result.moved.map((m) => m.id)).toEqual(['l1']);
    expect(result.equivalent).toBe(true);
  });

  it('does not report a node that only shifted because another was removed before it', () => {
    expect(diff(base, root([big, customers])).moved).toEqual([]);
  });

  it('reports a change of a random definition’s condition, and only that', () => {
    fc.assert(
      fc.property(validDefinition, fc.nat(), (d, n) => {
        const flip = flipUniqueCondition(d, n);
        fc.pre(flip !== null);
        const { target, flipped } = flip!;
        const result = diff(d, flipped);
        expect(result.changed.map((c) => [c.id, c.properties])).toEqual([[target.id, ['not']]]);
        expect([...result.added, ...result.removed, ...result.moved]).toEqual([]);
        expect(result.equivalent).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
