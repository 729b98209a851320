import { CircleAlert } from 'lucide-react';
import type { AudienceNode } from '../../../core/audience/definition';
import { useBuilder } from './builder-context';
import { NodeFigures, NotBadge } from '~/components/audiences/definition-outline';
import { Badge } from '~/components/ui/badge';
import { conditionWords } from '~/lib/audiences';

/** A node in words: AND / OR or the condition's sentence, its NOT badge and, for groups, a count. */
export function NodeTitle({
  node,
  hidden = 0,
  showOp = true,
}: {
  node: AudienceNode;
  hidden?: number;
  /** The canvas shows the operator as its own toggle instead. */
  showOp?: boolean;
}) {
  const { catalog } = useBuilder();
  if (node.kind !== 'group')
    return (
      <span className="flex flex-wrap items-center gap-1.5">
        {node.not ? <NotBadge /> : null}
        <span className="font-medium text-foreground">{conditionWords(node, catalog.names)}</span>
      </span>
    );
  const count = node.children.length;
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      {node.not ? <NotBadge /> : null}
      {showOp ? (
        <Badge tone="info" className="uppercase">
          {node.op === 'and' ? 'All of' : 'Any of'}
        </Badge>
      ) : null}
      {node.label ? <span className="font-medium text-foreground">{node.label}</span> : null}
      <span className="text-muted-foreground">
        {count === 0 ? 'no conditions yet' : `${count} ${count === 1 ? 'item' : 'items'}`}
        {hidden ? ` (${hidden} hidden)` : ''}
      </span>
    </span>
  );
}

/** Live size of a node, "removes N" inside AND groups, and its validation messages. */
export function NodeStatus({ node, parentOp }: { node: AudienceNode; parentOp?: 'and' | 'or' }) {
  const { room } = useBuilder();
  const issues = room.issues.filter((issue) => issue.nodeId === node.id);
  const figures = room.sizes?.nodes[node.id];
  return (
    <>
      {room.sizes ? (
        <NodeFigures figures={figures} negated={Boolean(node.not)} inAnd={parentOp === 'and'} />
      ) : (
        <span className="text-xs text-muted-foreground">Counting…</span>
      )}
      {issues.map((issue, i) => (
        <span key={`${issue.code}-${i}`} className="flex items-start gap-1 text-xs text-danger">
          <CircleAlert aria-hidden="true" className="mt-0.5 size-3.5 shrink-0" />
          {issue.message}
        </span>
      ))}
    </>
  );
}
