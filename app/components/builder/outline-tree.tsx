import { ChevronRight } from 'lucide-react';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { AudienceNode, GroupNode } from '../../../core/audience/definition';
import { treeCommand, type TreeCommand } from './builder-keys';
import { useBuilder, type NodeAction } from './builder-context';
import { locateNode } from './builder-ops';
import { NodeActions } from './node-actions';
import { NodeStatus, NodeTitle } from './node-summary';
import { cn } from '~/lib/utils';

interface Row {
  node: AudienceNode;
  parent: GroupNode | null;
  level: number;
}

/** The items a keyboard walks through: every node whose groups above are open, in tree order. */
function visibleRows(root: GroupNode, collapsed: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  const visit = (node: AudienceNode, parent: GroupNode | null, level: number) => {
    rows.push({ node, parent, level });
    if (node.kind === 'group' && !collapsed.has(node.id))
      for (const child of node.children) visit(child, node, level + 1);
  };
  visit(root, null, 1);
  return rows;
}

/**
 * The definition as an ARIA tree: the same draft as the canvas, fully usable by keyboard (keys in
 * builder-keys.ts, listed in the help popover) and by touch (the toolbar under the tree acts on
 * the selected item). Focus is roving: one item is in the tab order, and follows the selection.
 */
export function OutlineTree() {
  const builder = useBuilder();
  const { definition, collapsed, selectedId, select, act, toggleCollapsed, edit, readOnly } =
    builder;
  const rows = useMemo(() => visibleRows(definition.root, collapsed), [definition, collapsed]);
  const treeRef = useRef<HTMLUListElement>(null);
  const current = rows.find((r) => r.node.id === selectedId) ?? rows[0]!;
  const keyboard = useRef(false);

  // Keep DOM focus on the selected item after keyboard moves and edits (e.g. after a delete the
  // selection falls back to the root, and focus must not be lost to the page body).
  useEffect(() => {
    if (!keyboard.current) return;
    const el = treeRef.current?.querySelector<HTMLElement>(
      `[data-node-id="${CSS.escape(current.node.id)}"]`,
    );
    if (el && document.activeElement !== el) el.focus();
  }, [current.node.id, rows]);

  const focusTo = (to: Extract<TreeCommand, { type: 'focus' }>['to']) => {
    const i = rows.indexOf(current);
    const target =
      to === 'previous'
        ? rows[i - 1]
        : to === 'next'
          ? rows[i + 1]
          : to === 'first'
            ? rows[0]
            : to === 'last'
              ? rows.at(-1)
              : to === 'parent'
                ? rows.find((r) => r.node.id === current.parent?.id)
                : rows[i + 1];
    if (target) select(target.node.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const node = current.node;
    const isGroup = node.kind === 'group';
    const command = treeCommand(event, {
      isGroup,
      expanded: isGroup && !collapsed.has(node.id),
      hasChildren: isGroup && node.children.length > 0,
    });
    if (!command) return;
    event.preventDefault();
    keyboard.current = true;
    const id = node.id;
    const edits: Partial<Record<TreeCommand['type'], NodeAction>> = {
      remove: { type: 'remove', nodeId: id },
      'toggle-not': { type: 'toggle-not', nodeId: id },
      'toggle-op': { type: 'toggle-op', nodeId: id },
      wrap: { type: 'wrap', nodeId: id },
      ungroup: { type: 'ungroup', nodeId: id },
    };
    switch (command.type) {
      case 'focus':
        return focusTo(command.to);
      case 'expand':
      case 'collapse':
        return toggleCollapsed(id);
      case 'edit':
        return edit(id);
      case 'move':
        act({ type: 'move', nodeId: id, delta: command.delta });
        return;
      case 'add': {
        const inside = isGroup;
        const parentId = inside ? id : (current.parent?.id ?? definition.root.id);
        const index = inside ? undefined : (locateNode(definition, id)?.index ?? 0) + 1;
        act({ type: 'add', parentId, kind: 'rule', ...(index === undefined ? {} : { index }) });
        return;
      }
      case 'remove': {
        const fallback = current.parent?.id ?? null;
        if (act(edits.remove!)) select(fallback);
        return;
      }
      default: {
        const action = edits[command.type];
        if (action) act(action);
      }
    }
  };

  const renderItem = (node: AudienceNode, parent: GroupNode | null, level: number) => {
    const isGroup = node.kind === 'group';
    const expanded = isGroup && !collapsed.has(node.id);
    const selected = node.id === current.node.id;
    const peers = builder.peersOn.get(node.id) ?? [];
    const siblings = parent ? parent.children : [node];
    return (
      <li
        key={node.id}
        role="treeitem"
        data-node-id={node.id}
        aria-level={level}
        aria-setsize={siblings.length}
        aria-posinset={siblings.indexOf(node) + 1}
        aria-selected={selected}
        aria-expanded={isGroup ? expanded : undefined}
        tabIndex={selected ? 0 : -1}
        onClick={(event) => {
          event.stopPropagation();
          keyboard.current = false;
          select(node.id);
        }}
        // Focus arriving from elsewhere (a screen reader's cursor, a script) selects the item, so
        // the keys always act on the item that has focus.
        onFocus={(event) => {
          if (event.target === event.currentTarget && !selected) select(node.id);
        }}
        onDoubleClick={(event) => {
          event.stopPropagation();
          edit(node.id);
        }}
        className="rounded-md outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        <div
          className={cn(
            'flex items-start gap-1 rounded-md border-l-4 border-transparent px-1.5 py-1',
            selected ? 'bg-info-subtle' : 'hover:bg-muted',
          )}
          style={peers[0] ? { borderLeftColor: peers[0].color } : undefined}
        >
          {isGroup ? (
            // Pointer shortcut for → / ←; the item itself carries aria-expanded.
            <span
              aria-hidden="true"
              className="mt-0.5 cursor-pointer rounded p-0.5 text-muted-foreground hover:bg-muted"
              onClick={(event) => {
                event.stopPropagation();
                toggleCollapsed(node.id);
              }}
            >
              <ChevronRight
                className={cn('size-4 transition-transform', expanded && 'rotate-90')}
              />
            </span>
          ) : (
            <span className="w-5 shrink-0" aria-hidden="true" />
          )}
          <div className="min-w-0 flex-1 space-y-0.5 text-sm">
            <NodeTitle node={node} />
            <div className="flex flex-wrap items-center gap-x-3">
              <NodeStatus node={node} parentOp={parent?.op} />
              {peers.map((p) => (
                <span
                  key={p.connectionId}
                  className="text-xs font-medium"
                  style={{ color: p.color }}
                >
                  {p.name} is here
                </span>
              ))}
            </div>
          </div>
        </div>
        {isGroup && expanded && node.children.length ? (
          <ul role="group" className="ml-4 border-l-2 border-border-strong pl-1">
            {node.children.map((child) => renderItem(child, node, level + 1))}
          </ul>
        ) : null}
      </li>
    );
  };

  return (
    <div className="space-y-2">
      <ul
        ref={treeRef}
        role="tree"
        aria-label="Audience definition"
        aria-describedby="builder-keys-hint"
        onKeyDown={onKeyDown}
        className="space-y-0.5"
      >
        {renderItem(definition.root, null, 1)}
      </ul>
      <p id="builder-keys-hint" className="sr-only">
        Arrow keys move between items, Enter edits, Delete removes, Alt with arrows reorders, N
        toggles NOT, A adds a condition, G wraps in a group.
      </p>
      {readOnly ? null : (
        <div className="sticky bottom-0 rounded-md border border-border bg-card p-1">
          <p className="px-1 text-xs text-muted-foreground">Selected item</p>
          <NodeActions node={current.node} onEdit={() => edit(current.node.id)} />
        </div>
      )}
    </div>
  );
}
