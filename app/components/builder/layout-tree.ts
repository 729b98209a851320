import dagre from '@dagrejs/dagre';
import type { AudienceNode, Definition } from '../../../core/audience/definition';

/*
 * Where each node of the draft sits on the canvas. Positions come only from this layout (top to
 * bottom, siblings left to right in their order): nodes are never dragged to a place, so every
 * co-editor sees the same picture and the layout can never disagree with the tree.
 */

export const NODE_SIZE = {
  group: { width: 260, height: 92 },
  condition: { width: 300, height: 120 },
} as const;

export interface LaidOutNode {
  id: string;
  node: AudienceNode;
  parentId: string | null;
  /** Position among the parent's children. */
  index: number;
  siblings: number;
  depth: number;
  /** Top-left corner in flow coordinates. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** A collapsed group: how many nodes are hidden below it. */
  hidden: number;
}

export interface TreeLayout {
  nodes: LaidOutNode[];
  edges: Array<{ id: string; source: string; target: string }>;
}

function countBelow(node: AudienceNode): number {
  return node.kind === 'group'
    ? node.children.reduce((sum, child) => sum + 1 + countBelow(child), 0)
    : 0;
}

export function layoutTree(definition: Definition, collapsed: ReadonlySet<string>): TreeLayout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 32, ranksep: 64, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  const placed: Omit<LaidOutNode, 'x' | 'y'>[] = [];
  const edges: TreeLayout['edges'] = [];
  const constraints: Array<{ left: string; right: string }> = [];

  const visit = (
    node: AudienceNode,
    parentId: string | null,
    index: number,
    siblings: number,
    depth: number,
  ) => {
    const size = node.kind === 'group' ? NODE_SIZE.group : NODE_SIZE.condition;
    const folded = node.kind === 'group' && collapsed.has(node.id);
    placed.push({
      id: node.id,
      node,
      parentId,
      index,
      siblings,
      depth,
      ...size,
      hidden: folded ? countBelow(node) : 0,
    });
    graph.setNode(node.id, { ...size });
    if (parentId) {
      graph.setEdge(parentId, node.id);
      edges.push({ id: `${parentId}->${node.id}`, source: parentId, target: node.id });
    }
    if (node.kind !== 'group' || folded) return;
    node.children.forEach((child, i) => {
      const left = node.children[i - 1];
      if (left) constraints.push({ left: left.id, right: child.id });
      visit(child, node.id, i, node.children.length, depth + 1);
    });
  };
  visit(definition.root, null, 0, 1, 0);

  // Siblings keep their order: crossing minimisation is off (a tree has no crossings to remove)
  // and each pair of neighbours is pinned left-to-right.
  dagre.layout(graph, { disableOptimalOrderHeuristic: true, constraints });
  const nodes = placed.map((n) => {
    // dagre gives centres; React Flow wants top-left corners.
    const { x, y } = graph.node(n.id);
    return { ...n, x: x - n.width / 2, y: y - n.height / 2 };
  });
  return { nodes, edges };
}
