/*
 * The builder's keyboard: which key does what in the outline tree (WAI-ARIA tree pattern plus the
 * editing keys), and the undo / redo shortcuts of the whole builder. Pure, so the help popover,
 * the outline and the tests read the same table.
 */

export interface KeyInput {
  key: string;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
}

export type TreeCommand =
  | { type: 'focus'; to: 'previous' | 'next' | 'parent' | 'first-child' | 'first' | 'last' }
  | { type: 'expand' }
  | { type: 'collapse' }
  | { type: 'edit' }
  | { type: 'remove' }
  | { type: 'move'; delta: -1 | 1 }
  | { type: 'toggle-not' }
  | { type: 'toggle-op' }
  | { type: 'add' }
  | { type: 'wrap' }
  | { type: 'ungroup' };

export interface TreeItemState {
  isGroup: boolean;
  expanded: boolean;
  hasChildren: boolean;
}

const LETTERS: Record<string, TreeCommand> = {
  n: { type: 'toggle-not' },
  o: { type: 'toggle-op' },
  a: { type: 'add' },
  g: { type: 'wrap' },
  u: { type: 'ungroup' },
};

/** What a key pressed on a tree item does, or null to leave the key to the browser. */
export function treeCommand(input: KeyInput, item: TreeItemState): TreeCommand | null {
  if (input.ctrlKey || input.metaKey) return null;
  switch (input.key) {
    case 'ArrowUp':
      return input.altKey ? { type: 'move', delta: -1 } : { type: 'focus', to: 'previous' };
    case 'ArrowDown':
      return input.altKey ? { type: 'move', delta: 1 } : { type: 'focus', to: 'next' };
    case 'ArrowRight':
      if (input.altKey || !item.isGroup) return null;
      if (!item.expanded) return { type: 'expand' };
      return item.hasChildren ? { type: 'focus', to: 'first-child' } : null;
    case 'ArrowLeft':
      if (input.altKey) return null;
      return item.isGroup && item.expanded && item.hasChildren
        ? { type: 'collapse' }
        : { type: 'focus', to: 'parent' };
    case 'Home':
      return { type: 'focus', to: 'first' };
    case 'End':
      return { type: 'focus', to: 'last' };
    case 'Enter':
    case 'F2':
      return { type: 'edit' };
    case 'Delete':
    case 'Backspace':
      return { type: 'remove' };
  }
  if (input.altKey || input.key.length !== 1) return null;
  return LETTERS[input.key.toLowerCase()] ?? null;
}

/** Ctrl/Cmd+Z undoes; Shift+Ctrl/Cmd+Z and Ctrl+Y redo. */
export function historyShortcut(input: KeyInput): 'undo' | 'redo' | null {
  if (!(input.ctrlKey || input.metaKey) || input.altKey) return null;
  const key = input.key.toLowerCase();
  if (key === 'z') return input.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !input.shiftKey) return 'redo';
  return null;
}

/** The keys as the help popover lists them. */
export const KEY_HELP: ReadonlyArray<{ keys: string; does: string }> = [
  { keys: '↑ / ↓', does: 'Previous / next item' },
  { keys: '→ / ←', does: 'Open a group or go into it / close it or go to the parent' },
  { keys: 'Home / End', does: 'First / last item' },
  { keys: 'Enter', does: 'Edit the item in the side panel' },
  { keys: 'Delete', does: 'Remove the item' },
  { keys: 'Alt + ↑ / ↓', does: 'Move the item up / down' },
  { keys: 'N', does: 'Toggle NOT' },
  { keys: 'O', does: 'Switch a group between AND and OR' },
  { keys: 'A', does: 'Add a condition to the group (or after the condition)' },
  { keys: 'G', does: 'Wrap the item in a new group' },
  { keys: 'U', does: 'Ungroup a group' },
  { keys: 'Ctrl/⌘ + Z', does: 'Undo your last change' },
  { keys: 'Shift + Ctrl/⌘ + Z, Ctrl + Y', does: 'Redo' },
];
