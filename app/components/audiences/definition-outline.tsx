import { ChevronRight, CircleAlert } from 'lucide-react';
import type { AudienceNode, Definition } from '../../../core/audience/definition';
import type { NodeIssueView, SizeResult } from '../../../core/contracts/audiences';
import { Badge } from '~/components/ui/badge';
import { conditionWords, issuesByNode, type NameBook } from '~/lib/audiences';
import { cn, formatCount } from '~/lib/utils';

/**
 * The definition as an indented, read-only outline: each group says whether all or any of its
 * children must hold, NOT is a badge, each condition is a sentence, and every node carries its
 * live size, how many it removes inside an AND group, and its validation messages. Nested lists,
 * so a screen reader announces the nesting level of every item.
 */
export function DefinitionOutline({
  definition,
  size,
  names,
}: {
  definition: Definition;
  size: SizeResult;
  names: NameBook;
}) {
  const issues = issuesByNode(size.issues);
  return (
    <ul aria-label="Audience definition" className="text-sm">
      <OutlineNode node={definition.root} size={size} issues={issues} names={names} root />
    </ul>
  );
}

function OutlineNode({
  node,
  size,
  issues,
  names,
  root = false,
  parentOp,
}: {
  node: AudienceNode;
  size: SizeResult;
  issues: Map<string, NodeIssueView[]>;
  names: NameBook;
  root?: boolean;
  parentOp?: 'and' | 'or';
}) {
  const own = issues.get(node.id) ?? [];
  const figures = size.nodes[node.id];
  const issueId = `node-issues-${node.id}`;
  const head =
    node.kind === 'group' ? (
      <span className="flex flex-wrap items-center gap-2">
        {node.not ? <NotBadge /> : null}
        <Badge tone="info" className="uppercase">
          {node.op === 'and' ? 'All of' : 'Any of'}
        </Badge>
        <span className="text-muted-foreground">
          {node.label ? <span className="font-medium text-foreground">{node.label} · </span> : null}
          {node.children.length === 0
            ? 'no conditions yet'
            : `${node.children.length} ${node.children.length === 1 ? 'condition' : 'conditions'}`}
          {root ? ' (the whole audience)' : ''}
        </span>
      </span>
    ) : (
      <span className="flex flex-wrap items-center gap-2">
        {node.not ? <NotBadge /> : null}
        <span className="font-medium text-foreground">{conditionWords(node, names)}</span>
      </span>
    );

  const row = (
    <div
      className={cn(
        'flex flex-1 flex-wrap items-start justify-between gap-x-4 gap-y-1 rounded-md px-2 py-1.5',
        own.length ? 'bg-danger-subtle' : 'hover:bg-muted',
      )}
    >
      {head}
      <NodeFigures figures={figures} negated={Boolean(node.not)} inAnd={parentOp === 'and'} />
    </div>
  );
  const problems = own.length ? (
    <div id={issueId} className="space-y-0.5 px-2 text-danger">
      {own.map((issue, i) => (
        <p key={`${issue.code}-${i}`} className="flex items-start gap-1.5">
          <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          <span>{issue.message}</span>
        </p>
      ))}
    </div>
  ) : null;
  const children =
    node.kind === 'group' && node.children.length ? (
      <ul className="space-y-1 pt-1">
        {node.children.map((child) => (
          <OutlineNode
            key={child.id}
            node={child}
            size={size}
            issues={issues}
            names={names}
            parentOp={node.op}
          />
        ))}
      </ul>
    ) : null;

  return (
    <li
      className={cn(
        'space-y-1',
        !root && 'relative border-l-2 border-border-strong pl-4',
        own.length && 'border-l-danger',
      )}
    >
      {children && !root ? (
        // Big trees: any nested group folds away (a native disclosure: keyboard and screen
        // reader support come with it).
        <details open className="group/fold space-y-1">
          <summary
            className="flex cursor-pointer list-none items-start gap-1 rounded-md [&::-webkit-details-marker]:hidden"
            aria-describedby={own.length ? issueId : undefined}
          >
            <ChevronRight
              aria-hidden="true"
              className="mt-2 size-4 shrink-0 text-muted-foreground transition-transform group-open/fold:rotate-90"
            />
            {row}
          </summary>
          {problems}
          {children}
        </details>
      ) : (
        <>
          {row}
          {problems}
          {children}
        </>
      )}
    </li>
  );
}

export function NotBadge() {
  return (
    <Badge tone="danger" className="uppercase">
      Not
    </Badge>
  );
}

export function NodeFigures({
  figures,
  negated,
  inAnd,
}: {
  figures: SizeResult['nodes'][string] | undefined;
  negated: boolean;
  inAnd: boolean;
}) {
  if (!figures)
    return <span className="text-xs text-muted-foreground">Not counted until fixed</span>;
  return (
    <span className="flex flex-wrap items-baseline gap-x-3 text-xs text-muted-foreground">
      <span>
        <span className="font-semibold text-foreground tabular-nums">
          {formatCount(figures.size)}
        </span>{' '}
        {figures.size === 1 ? 'person' : 'people'}
      </span>
      {inAnd && figures.removed !== undefined ? (
        <span>
          <span className="tabular-nums">{formatCount(figures.removed)}</span> removed by this{' '}
          {negated ? 'exclusion' : 'condition'}
        </span>
      ) : null}
    </span>
  );
}
