import { Handle, NodeToolbar, Position, type Node, type NodeProps } from '@xyflow/react';
import { ChevronDown, ChevronRight, Users, List, Target, Filter } from 'lucide-react';
import type { AudienceNode } from '../../../core/audience/definition';
import type { LaidOutNode } from './layout-tree';
import { useBuilder } from './builder-context';
import { NodeActions } from './node-actions';
import { NodeStatus, NodeTitle } from './node-summary';
import { cn } from '~/lib/utils';

/*
 * Our own type names: React Flow's stylesheet styles a node type called `group` (padding, width,
 * background), which would fight these nodes' own look.
 */
export type TreeFlowNode = Node<
  { laid: LaidOutNode; parentOp?: 'and' | 'or' },
  'groupNode' | 'conditionNode'
>;

const KIND_ICON = { rule: Filter, list: List, audience: Users, intent: Target } as const;
const KIND_NAME = { rule: 'Rule', list: 'List', audience: 'Audience', intent: 'Intent' } as const;

function Frame({
  id,
  selected,
  children,
  className,
}: {
  id: string;
  selected: boolean;
  children: React.ReactNode;
  className?: string;
}) {
  const { peersOn, room } = useBuilder();
  const peers = peersOn.get(id) ?? [];
  const invalid = room.issues.some((i) => i.nodeId === id);
  return (
    <div
      className={cn(
        'relative h-full w-full rounded-lg border-2 bg-card p-2 text-left text-sm shadow-sm',
        invalid ? 'border-danger' : selected ? 'border-ring' : 'border-border-strong',
        className,
      )}
      style={peers[0] ? { boxShadow: `0 0 0 3px ${peers[0].color}` } : undefined}
    >
      {peers.length ? (
        <span
          className="absolute -top-3 right-2 rounded px-1.5 text-xs font-medium text-white"
          style={{ backgroundColor: peers[0]!.color }}
        >
          {peers.map((p) => p.name).join(', ')}
        </span>
      ) : null}
      <Handle type="target" position={Position.Top} isConnectable={false} className="opacity-0" />
      {children}
      <Handle
        type="source"
        position={Position.Bottom}
        isConnectable={false}
        className="opacity-0"
      />
    </div>
  );
}

export function GroupFlowNode({ data, selected }: NodeProps<TreeFlowNode>) {
  const { laid } = data;
  const node = laid.node;
  const { collapsed, toggleCollapsed, act, readOnly, edit } = useBuilder();
  if (node.kind !== 'group') return null;
  const folded = collapsed.has(node.id);
  const opText = node.op === 'and' ? 'ALL (AND)' : 'ANY (OR)';
  return (
    <>
      <NodeTools node={node} selected={selected} onEdit={() => edit(node.id)} />
      <Frame id={node.id} selected={selected} className="bg-muted">
        <div className="flex items-start gap-1">
          <button
            type="button"
            className="nodrag rounded p-0.5 text-muted-foreground hover:bg-card"
            aria-label={folded ? 'Expand group' : 'Collapse group'}
            aria-expanded={!folded}
            onClick={(e) => {
              e.stopPropagation();
              toggleCollapsed(node.id);
            }}
          >
            {folded ? <ChevronRight className="size-4" /> : <ChevronDown className="size-4" />}
          </button>
          <div className="min-w-0 flex-1 space-y-1">
            <div className="flex items-center gap-1">
              <button
                type="button"
                disabled={readOnly}
                className="nodrag rounded border border-info/40 bg-info-subtle px-1.5 text-xs font-semibold text-info disabled:opacity-100"
                aria-label={`${opText}: switch to ${node.op === 'and' ? 'ANY (OR)' : 'ALL (AND)'}`}
                onClick={(e) => {
                  e.stopPropagation();
                  act({ type: 'toggle-op', nodeId: node.id });
                }}
              >
                {opText}
              </button>
              <NodeTitle node={node} hidden={laid.hidden} showOp={false} />
            </div>
            <NodeStatus node={node} parentOp={data.parentOp} />
          </div>
        </div>
      </Frame>
    </>
  );
}

export function ConditionFlowNode({ data, selected }: NodeProps<TreeFlowNode>) {
  const node = data.laid.node;
  const { edit } = useBuilder();
  if (node.kind === 'group') return null;
  const Icon = KIND_ICON[node.kind];
  return (
    <>
      <NodeTools node={node} selected={selected} onEdit={() => edit(node.id)} />
      <Frame id={node.id} selected={selected}>
        <p className="mb-1 flex items-center gap-1 text-xs text-muted-foreground">
          <Icon aria-hidden="true" className="size-3.5" />
          {KIND_NAME[node.kind]}
        </p>
        <div className="space-y-1 overflow-hidden">
          <NodeTitle node={node} />
          <NodeStatus node={node} parentOp={data.parentOp} />
        </div>
      </Frame>
    </>
  );
}

export const NODE_TYPES = { groupNode: GroupFlowNode, conditionNode: ConditionFlowNode };

/** The selected node's actions, floating above it. */
function NodeTools({
  node,
  selected,
  onEdit,
}: {
  node: AudienceNode;
  selected: boolean;
  onEdit: () => void;
}) {
  return (
    <NodeToolbar isVisible={selected} position={Position.Top}>
      <div className="rounded-md border border-border bg-card shadow">
        <NodeActions node={node} onEdit={onEdit} />
      </div>
    </NodeToolbar>
  );
}
