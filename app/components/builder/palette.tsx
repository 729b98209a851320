import { Filter, FolderTree, List, Target, Users } from 'lucide-react';
import { useBuilder } from './builder-context';
import type { ConditionKind } from './builder-ops';
import { Button } from '~/components/ui/button';

export const PALETTE_MIME = 'application/x-p360-node';

const ITEMS: Array<{ kind: ConditionKind | 'group'; label: string; icon: typeof Filter }> = [
  { kind: 'rule', label: 'Rule', icon: Filter },
  { kind: 'list', label: 'List', icon: List },
  { kind: 'audience', label: 'Audience', icon: Users },
  { kind: 'intent', label: 'Intent', icon: Target },
  { kind: 'group', label: 'Group', icon: FolderTree },
];

/**
 * New conditions: drag one onto a group on the canvas, or click (tap, Enter) to add it to the
 * selected group — or next to the selected condition's siblings.
 */
export function Palette() {
  const { act, targetGroup, readOnly } = useBuilder();
  if (readOnly) return null;
  return (
    <div
      role="group"
      aria-label="Add to the audience"
      className="flex flex-wrap items-center gap-1"
    >
      <span className="mr-1 text-xs text-muted-foreground">Add</span>
      {ITEMS.map(({ kind, label, icon: Icon }) => (
        <Button
          key={kind}
          variant="secondary"
          size="sm"
          draggable
          aria-label={`Add ${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label.toLowerCase()} ${kind === 'group' ? '' : 'condition'}`.trim()}
          onDragStart={(event) => {
            event.dataTransfer.setData(PALETTE_MIME, kind);
            event.dataTransfer.effectAllowed = 'copy';
          }}
          onClick={() => act({ type: 'add', parentId: targetGroup(), kind })}
        >
          <Icon aria-hidden="true" />
          {label}
        </Button>
      ))}
    </div>
  );
}
