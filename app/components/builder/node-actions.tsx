import {
  ArrowDown,
  ArrowUp,
  Ban,
  Group,
  Pencil,
  Plus,
  Repeat,
  Trash2,
  Ungroup,
} from 'lucide-react';
import type { ReactNode } from 'react';
import type { AudienceNode } from '../../../core/audience/definition';
import { useBuilder, type NodeAction } from './builder-context';
import { Button } from '~/components/ui/button';
import { cn } from '~/lib/utils';

/**
 * The edits one node offers, as buttons (touch and pointer users; keyboard users also have the
 * outline's keys). A button whose edit does not apply here is disabled, not hidden, so the row
 * does not jump around.
 */
export function NodeActions({
  node,
  className,
  onEdit,
}: {
  node: AudienceNode;
  className?: string;
  onEdit?: () => void;
}) {
  const { can, act, readOnly, definition } = useBuilder();
  if (readOnly) return null;
  const isRoot = node.id === definition.root.id;
  const item = (label: string, icon: ReactNode, action: NodeAction) => (
    <Button
      key={label}
      variant="ghost"
      size="icon"
      className="size-8"
      aria-label={label}
      title={label}
      disabled={!can(action)}
      onClick={(event) => {
        event.stopPropagation();
        act(action);
      }}
    >
      {icon}
    </Button>
  );
  const id = node.id;
  return (
    <div
      role="toolbar"
      aria-label="Node actions"
      className={cn('nodrag nopan flex flex-wrap items-center gap-0.5', className)}
    >
      {onEdit ? (
        <Button
          variant="ghost"
          size="icon"
          className="size-8"
          aria-label="Edit"
          title="Edit"
          onClick={(event) => {
            event.stopPropagation();
            onEdit();
          }}
        >
          <Pencil />
        </Button>
      ) : null}
      {node.kind === 'group'
        ? [
            item('Add a condition', <Plus />, { type: 'add', parentId: id, kind: 'rule' }),
            item(`Switch to ${node.op === 'and' ? 'OR' : 'AND'}`, <Repeat />, {
              type: 'toggle-op',
              nodeId: id,
            }),
          ]
        : null}
      {isRoot
        ? null
        : [
            item('Move up', <ArrowUp />, { type: 'move', nodeId: id, delta: -1 }),
            item('Move down', <ArrowDown />, { type: 'move', nodeId: id, delta: 1 }),
            item(node.not ? 'Remove NOT' : 'Negate (NOT)', <Ban />, {
              type: 'toggle-not',
              nodeId: id,
            }),
            item('Wrap in a group', <Group />, { type: 'wrap', nodeId: id }),
            node.kind === 'group'
              ? item('Ungroup', <Ungroup />, { type: 'ungroup', nodeId: id })
              : null,
            item('Delete', <Trash2 />, { type: 'remove', nodeId: id }),
          ]}
    </div>
  );
}
