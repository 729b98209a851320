import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ViewportPortal,
  useReactFlow,
  type Edge,
  type NodeChange,
} from '@xyflow/react';
import { useMemo, type DragEvent, type PointerEvent } from 'react';
import { useBuilder } from './builder-context';
import { locateNode, type ConditionKind } from './builder-ops';
import { NODE_TYPES, type TreeFlowNode } from './flow-nodes';
import { layoutTree, type LaidOutNode } from './layout-tree';
import { PALETTE_MIME } from './palette';
import { useTheme } from '~/components/shell/use-theme';

/** Where a palette item dropped at a point goes: into the group there, or after the condition. */
function dropTarget(nodes: LaidOutNode[], point: { x: number; y: number }, rootId: string) {
  const hit = nodes
    .filter(
      (n) =>
        point.x >= n.x && point.x <= n.x + n.width && point.y >= n.y && point.y <= n.y + n.height,
    )
    .sort((a, b) => b.depth - a.depth)[0];
  if (!hit) return { parentId: rootId };
  if (hit.node.kind === 'group') return { parentId: hit.id };
  return { parentId: hit.parentId ?? rootId, index: hit.index + 1 };
}

/**
 * The draft as a node graph (React Flow). Nodes sit where the tree layout puts them and cannot be
 * dragged; React Flow's keyboard support (Tab to a node, Enter/Space to select, Delete) stays on.
 * Palette items are dropped onto a group to add a condition there. Teammates' cursors and
 * selections are drawn in their colours.
 */
export function FlowCanvas() {
  const { definition, collapsed, selectedId, select, act, readOnly, room } = useBuilder();
  const theme = useTheme();
  const flow = useReactFlow();
  const layout = useMemo(() => layoutTree(definition, collapsed), [definition, collapsed]);

  const nodes = useMemo<TreeFlowNode[]>(
    () =>
      layout.nodes.map((laid) => {
        const parent = laid.parentId ? locateNode(definition, laid.parentId)?.node : undefined;
        return {
          id: laid.id,
          type: laid.node.kind === 'group' ? 'groupNode' : 'conditionNode',
          position: { x: laid.x, y: laid.y },
          width: laid.width,
          height: laid.height,
          style: { width: laid.width, height: laid.height },
          data: { laid, ...(parent?.kind === 'group' ? { parentOp: parent.op } : {}) },
          selected: laid.id === selectedId,
          draggable: false,
          connectable: false,
          deletable: !readOnly && laid.parentId !== null,
          ariaLabel: `${laid.node.kind === 'group' ? 'Group' : 'Condition'} at level ${laid.depth + 1}`,
        };
      }),
    [layout, definition, selectedId, readOnly],
  );
  const edges = useMemo<Edge[]>(
    () => layout.edges.map((e) => ({ ...e, type: 'smoothstep', focusable: false })),
    [layout],
  );

  const onNodesChange = (changes: NodeChange<TreeFlowNode>[]) => {
    for (const change of changes) {
      if (change.type === 'select' && change.selected) select(change.id);
      if (change.type === 'remove') act({ type: 'remove', nodeId: change.id });
    }
  };

  const onDrop = (event: DragEvent) => {
    const kind = event.dataTransfer.getData(PALETTE_MIME) as ConditionKind | 'group' | '';
    if (!kind || readOnly) return;
    event.preventDefault();
    const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    act({ type: 'add', kind, ...dropTarget(layout.nodes, point, definition.root.id) });
  };

  const onPointerMove = (event: PointerEvent) => {
    const cursor = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    room.setPresence(selectedId ? [selectedId] : [], cursor);
  };

  return (
    <div
      className="h-[32rem] w-full rounded-xl border border-border bg-card"
      onPointerMove={onPointerMove}
      onPointerLeave={() => room.setPresence(selectedId ? [selectedId] : [], null)}
      onDragOver={(event) => {
        if (!readOnly && event.dataTransfer.types.includes(PALETTE_MIME)) {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
        }
      }}
      onDrop={onDrop}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable
        elementsSelectable
        deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
        colorMode={theme}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        minZoom={0.2}
        maxZoom={1.5}
        proOptions={{ hideAttribution: true }}
        aria-label="Audience definition as a diagram"
      >
        <Background />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable ariaLabel="Overview of the diagram" />
        <ViewportPortal>
          {room.peers.map((peer) =>
            peer.cursor ? (
              <div
                key={peer.connectionId}
                aria-hidden="true"
                className="pointer-events-none absolute"
                style={{ transform: `translate(${peer.cursor.x}px, ${peer.cursor.y}px)` }}
              >
                <svg width="16" height="16" viewBox="0 0 16 16" fill={peer.color}>
                  <path d="M0 0 L0 14 L4 10 L7 16 L9 15 L6 9 L12 9 Z" />
                </svg>
                <span
                  className="ml-3 rounded px-1 text-xs whitespace-nowrap text-white"
                  style={{ backgroundColor: peer.color }}
                >
                  {peer.name}
                </span>
              </div>
            ) : null,
          )}
        </ViewportPortal>
      </ReactFlow>
    </div>
  );
}
