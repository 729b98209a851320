import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Definition } from '../../../core/audience/definition';
import type { Peer } from '../../../core/contracts/room-messages';
import type { ConditionProp, Op } from '../../../core/room/ops';
import {
  addNodeOp,
  locateNode,
  moveByOp,
  moveIntoOp,
  randomNodeId,
  removeOp,
  toggleGroupOp,
  toggleNotOp,
  ungroupOp,
  wrapOp,
  type ConditionKind,
} from './builder-ops';
import type { BuilderCatalog } from './use-builder-catalog';
import type { AudienceRoomHandle } from '~/lib/use-audience-room';

/*
 * What every part of the builder shares: the room, the catalog, the selection, folded groups, and
 * the edits as actions. The canvas and the outline are two views over this one state, so a change
 * in either shows in both and the selection follows across them.
 */

export type NodeAction =
  | { type: 'add'; parentId: string; kind: ConditionKind | 'group'; index?: number }
  | { type: 'remove' | 'toggle-not' | 'toggle-op' | 'wrap' | 'ungroup'; nodeId: string }
  | { type: 'move'; nodeId: string; delta: -1 | 1 }
  | { type: 'move-into'; nodeId: string; groupId: string };

/** The op for an action on this draft, or undefined when it does not apply here. */
export function opFor(definition: Definition, action: NodeAction): Op | undefined {
  switch (action.type) {
    case 'add':
      return addNodeOp(definition, action.parentId, action.kind, randomNodeId, action.index);
    case 'remove':
      return removeOp(definition, action.nodeId);
    case 'toggle-not':
      return toggleNotOp(definition, action.nodeId);
    case 'toggle-op':
      return toggleGroupOp(definition, action.nodeId);
    case 'wrap':
      return wrapOp(definition, action.nodeId, randomNodeId);
    case 'ungroup':
      return ungroupOp(definition, action.nodeId);
    case 'move':
      return moveByOp(definition, action.nodeId, action.delta);
    case 'move-into':
      return moveIntoOp(definition, action.nodeId, action.groupId);
  }
}

export interface BuilderState {
  room: AudienceRoomHandle;
  catalog: BuilderCatalog;
  definition: Definition;
  readOnly: boolean;
  selectedId: string | null;
  select: (id: string | null) => void;
  /** Ask the side panel to show the editor of the selected node (Enter on a node). */
  edit: (id: string) => void;
  collapsed: ReadonlySet<string>;
  toggleCollapsed: (id: string) => void;
  /** Teammates whose selection includes each node. */
  peersOn: Map<string, Peer[]>;
}

export interface BuilderValue extends BuilderState {
  /** Runs an action; false when it does not apply (nothing is sent). */
  act: (action: NodeAction) => boolean;
  can: (action: NodeAction) => boolean;
  set: (nodeId: string, prop: ConditionProp, value: unknown) => void;
  rename: (nodeId: string, label: string) => void;
  replace: (definition: Definition) => void;
  /** The group a new condition goes into: the selected group, or the selected node's group. */
  targetGroup: () => string;
}

const BuilderContext = createContext<BuilderValue | null>(null);

export function BuilderProvider({ value, children }: { value: BuilderState; children: ReactNode }) {
  const { room, definition, readOnly, selectedId, select } = value;
  const full = useMemo<BuilderValue>(() => {
    const run = (op: Op | undefined) => {
      if (!op || readOnly) return false;
      room.dispatch(op);
      return true;
    };
    return {
      ...value,
      act: (action) => {
        const op = opFor(definition, action);
        const done = run(op);
        if (done && op?.kind === 'add') select(op.node.id);
        if (done && action.type === 'remove' && action.nodeId === selectedId) select(null);
        return done;
      },
      can: (action) => !readOnly && opFor(definition, action) !== undefined,
      set: (nodeId, prop, v) =>
        run({ kind: 'set', nodeId, prop, ...(v === undefined ? {} : { value: v }) }),
      rename: (nodeId, label) => run({ kind: 'rename', nodeId, label }),
      replace: (next) => run({ kind: 'replace', definition: next }),
      targetGroup: () => {
        const found = selectedId ? locateNode(definition, selectedId) : undefined;
        if (!found) return definition.root.id;
        if (found.node.kind === 'group') return found.node.id;
        return found.parent?.id ?? definition.root.id;
      },
    };
  }, [value, room, definition, readOnly, selectedId, select]);
  return <BuilderContext.Provider value={full}>{children}</BuilderContext.Provider>;
}

export function useBuilder(): BuilderValue {
  const value = useContext(BuilderContext);
  if (!value) throw new Error('useBuilder outside BuilderProvider');
  return value;
}
