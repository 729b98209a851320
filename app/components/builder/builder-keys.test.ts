import { describe, expect, it } from 'vitest';
import { historyShortcut, treeCommand, type TreeItemState } from './builder-keys';

const condition: TreeItemState = { isGroup: false, expanded: false, hasChildren: false };
const openGroup: TreeItemState = { isGroup: true, expanded: true, hasChildren: true };
const closedGroup: TreeItemState = { isGroup: true, expanded: false, hasChildren: true };

describe('outline tree keys', () => {
  it('moves focus with the arrows and reorders with Alt + arrows', () => {
    expect(treeCommand({ key: 'ArrowDown' }, condition)).toEqual({ type: 'focus', to: 'next' });
    expect(treeCommand({ key: 'ArrowUp' }, condition)).toEqual({ type: 'focus', to: 'previous' });
    expect(treeCommand({ key: 'ArrowUp', altKey: true }, condition)).toEqual({
      type: 'move',
      delta: -1,
    });
    expect(treeCommand({ key: 'ArrowDown', altKey: true }, condition)).toEqual({
      type: 'move',
      delta: 1,
    });
  });

  it('opens a closed group with →, then enters it', () => {
    expect(treeCommand({ key: 'ArrowRight' }, closedGroup)).toEqual({ type: 'expand' });
    expect(treeCommand({ key: 'ArrowRight' }, openGroup)).toEqual({
      type: 'focus',
      to: 'first-child',
    });
    expect(treeCommand({ key: 'ArrowRight' }, condition)).toBeNull();
  });

  it('closes an open group with ←, else goes to the parent', () => {
    expect(treeCommand({ key: 'ArrowLeft' }, openGroup)).toEqual({ type: 'collapse' });
    expect(treeCommand({ key: 'ArrowLeft' }, closedGroup)).toEqual({ type: 'focus', to: 'parent' });
    expect(treeCommand({ key: 'ArrowLeft' }, condition)).toEqual({ type: 'focus', to: 'parent' });
  });

  it('maps the editing keys', () => {
    expect(treeCommand({ key: 'Enter' }, condition)).toEqual({ type: 'edit' });
    expect(treeCommand({ key: 'Delete' }, condition)).toEqual({ type: 'remove' });
    expect(treeCommand({ key: 'n' }, condition)).toEqual({ type: 'toggle-not' });
    expect(treeCommand({ key: 'N', shiftKey: true }, condition)).toEqual({ type: 'toggle-not' });
    expect(treeCommand({ key: 'a' }, openGroup)).toEqual({ type: 'add' });
    expect(treeCommand({ key: 'g' }, condition)).toEqual({ type: 'wrap' });
    expect(treeCommand({ key: 'u' }, openGroup)).toEqual({ type: 'ungroup' });
    expect(treeCommand({ key: 'o' }, openGroup)).toEqual({ type: 'toggle-op' });
  });

  it('leaves shortcuts with Ctrl / Cmd and unknown keys to the browser', () => {
    expect(treeCommand({ key: 'a', ctrlKey: true }, openGroup)).toBeNull();
    expect(treeCommand({ key: 'z', metaKey: true }, openGroup)).toBeNull();
    expect(treeCommand({ key: 'q' }, openGroup)).toBeNull();
    expect(treeCommand({ key: 'Tab' }, openGroup)).toBeNull();
  });
});

describe('undo and redo shortcuts', () => {
  it('undoes with Ctrl+Z or Cmd+Z', () => {
    expect(historyShortcut({ key: 'z', ctrlKey: true })).toBe('undo');
    expect(historyShortcut({ key: 'z', metaKey: true })).toBe('undo');
  });

  it('redoes with Shift+Ctrl+Z, Shift+Cmd+Z and Ctrl+Y', () => {
    expect(historyShortcut({ key: 'Z', ctrlKey: true, shiftKey: true })).toBe('redo');
    expect(historyShortcut({ key: 'z', metaKey: true, shiftKey: true })).toBe('redo');
    expect(historyShortcut({ key: 'y', ctrlKey: true })).toBe('redo');
  });

  it('ignores Z without a modifier and other combinations', () => {
    expect(historyShortcut({ key: 'z' })).toBeNull();
    expect(historyShortcut({ key: 'z', ctrlKey: true, altKey: true })).toBeNull();
    expect(historyShortcut({ key: 'x', ctrlKey: true })).toBeNull();
  });
});
