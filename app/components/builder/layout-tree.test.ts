import { describe, expect, it } from 'vitest';
import type { AudienceNode, Definition } from '../../../core/audience/definition';
import { layoutTree } from './layout-tree';

const rule = (id: string): AudienceNode => ({ id, kind: 'rule', field: 'industry' });
const group = (id: string, children: AudienceNode[]): AudienceNode => ({
  id,
  kind: 'group',
  op: 'or',
  children,
});
const draft: Definition = {
  version: 1,
  root: {
    id: 'root',
    kind: 'group',
    op: 'and',
    children: [rule('a'), group('g', [rule('b'), rule('c'), group('h', [rule('e')])]), rule('d')],
  },
};
const byId = (layout: ReturnType<typeof layoutTree>) =>
  new Map(layout.nodes.map((n) => [n.id, n] as const));

describe('the canvas layout', () => {
  it('places every node once, with one edge from each parent to each child', () => {
    const layout = layoutTree(draft, new Set());
    expect(layout.nodes.map((n) => n.id).sort()).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'g', 'h', 'root'].sort(),
    );
    expect(layout.edges.map((e) => `${e.source}>${e.target}`).sort()).toEqual(
      ['root>a', 'root>g', 'root>d', 'g>b', 'g>c', 'g>h', 'h>e'].sort(),
    );
  });

  it('puts children below their parent, one level per depth', () => {
    const nodes = byId(layoutTree(draft, new Set()));
    expect(nodes.get('g')!.y).toBeGreaterThan(nodes.get('root')!.y);
    expect(nodes.get('b')!.y).toBeGreaterThan(nodes.get('g')!.y);
    expect(nodes.get('e')!.y).toBeGreaterThan(nodes.get('h')!.y);
    expect(nodes.get('a')!.y).toBe(nodes.get('d')!.y);
  });

  it('orders siblings left to right as they are ordered in the group', () => {
    const nodes = byId(layoutTree(draft, new Set()));
    expect(nodes.get('a')!.x).toBeLessThan(nodes.get('g')!.x);
    expect(nodes.get('g')!.x).toBeLessThan(nodes.get('d')!.x);
    expect(nodes.get('b')!.x).toBeLessThan(nodes.get('c')!.x);
    expect(nodes.get('c')!.x).toBeLessThan(nodes.get('h')!.x);
  });

  it('does not overlap nodes of the same level', () => {
    const layout = layoutTree(draft, new Set());
    for (const one of layout.nodes)
      for (const other of layout.nodes) {
        if (one === other || one.depth !== other.depth) continue;
        const apart = one.x + one.width <= other.x || other.x + other.width <= one.x;
        expect(apart, `${one.id} and ${other.id}`).toBe(true);
      }
  });

  it('hides what is below a collapsed group and says how many nodes it hides', () => {
    const layout = layoutTree(draft, new Set(['g']));
    expect(layout.nodes.map((n) => n.id).sort()).toEqual(['a', 'd', 'g', 'root']);
    expect(byId(layout).get('g')!.hidden).toBe(4);
    expect(layout.edges.some((e) => e.source === 'g')).toBe(false);
  });

  it('records each node’s parent, index and depth for the node toolbar', () => {
    const nodes = byId(layoutTree(draft, new Set()));
    expect(nodes.get('c')).toMatchObject({ parentId: 'g', index: 1, siblings: 3, depth: 2 });
    expect(nodes.get('root')).toMatchObject({ parentId: null, depth: 0 });
  });
});
