import { canonicalJson, stableJson } from './canonical';
import { walk, type AudienceNode, type Definition, type NodeKind } from './definition';
import { printNode, type NameResolver } from './text-form';

/*
 * What changed between two versions of a definition, node by node (nodes keep their ids across
 * edits in the editor). Every node of the tree is reported — an added group and each condition in
 * it — with its parent, so a view can collapse a subtree. `text` is the node's text form
 * (core/audience/text-form.ts), which has no group labels: a label change shows in `properties`.
 *
 * A node is "moved" when its parent changed, or when it changed places with a sibling that
 * stayed (outside the longest common order of the siblings both versions share); a node that
 * only shifted because another was added or removed before it is not.
 *
 * `equivalent` compares canonical forms: a reordering or regrouping that keeps who matches is
 * still listed, and flagged as equivalent.
 */

export interface DiffPlace {
  parentId: string | null;
  index: number;
}

export interface DefinitionDiff {
  equivalent: boolean;
  added: Array<{ id: string; kind: NodeKind; text: string } & DiffPlace>;
  removed: Array<{ id: string; kind: NodeKind; text: string } & DiffPlace>;
  changed: Array<{
    id: string;
    kind: NodeKind;
    /** Own properties that differ (`children` never: that shows as added, removed, moved). */
    properties: string[];
    before: string;
    after: string;
  }>;
  moved: Array<{ id: string; kind: NodeKind; text: string; from: DiffPlace; to: DiffPlace }>;
}

interface Placed {
  node: AudienceNode;
  place: DiffPlace;
}

function index(definition: Definition): Map<string, Placed> {
  const byId = new Map<string, Placed>();
  for (const { node, parent } of walk(definition.root))
    byId.set(node.id, {
      node,
      place: { parentId: parent?.id ?? null, index: parent ? parent.children.indexOf(node) : 0 },
    });
  return byId;
}

/** Own properties, `not: false` read as no `not`. */
function ownProperties(node: AudienceNode): Map<string, string> {
  const props = new Map<string, string>();
  for (const [key, value] of Object.entries(node)) {
    if (key === 'id' || key === 'children' || value === undefined) continue;
    if (key === 'not' && value === false) continue;
    props.set(key, stableJson(value));
  }
  return props;
}

function changedProperties(before: AudienceNode, after: AudienceNode): string[] {
  const a = ownProperties(before);
  const b = ownProperties(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  return keys.filter((key) => a.get(key) !== b.get(key)).sort();
}

/** Ids in `after` outside a longest common subsequence of the two id orders. */
function reordered(before: readonly string[], after: readonly string[]): Set<string> {
  const table = Array.from({ length: before.length + 1 }, () =>
    new Array<number>(after.length + 1).fill(0),
  );
  for (let i = before.length - 1; i >= 0; i--)
    for (let j = after.length - 1; j >= 0; j--)
      table[i]![j] =
        before[i] === after[j]
          ? table[i + 1]![j + 1]! + 1
          : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  const kept = new Set<string>();
  for (let i = 0, j = 0; i < before.length && j < after.length;)
    if (before[i] === after[j]) {
      kept.add(before[i]!);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  return new Set(after.filter((id) => !kept.has(id)));
}

export function diffDefinitions(
  before: Definition,
  after: Definition,
  names: NameResolver,
): DefinitionDiff {
  const old = index(before);
  const now = index(after);
  const text = (node: AudienceNode) => printNode(node, names);
  const diff: DefinitionDiff = {
    equivalent: canonicalJson(before) === canonicalJson(after),
    added: [],
    removed: [],
    changed: [],
    moved: [],
  };

  for (const [id, { node, place }] of old)
    if (!now.has(id)) diff.removed.push({ id, kind: node.kind, text: text(node), ...place });

  // Siblings that stayed under the same parent, in their old and new order.
  const stayedIn = (byId: Map<string, Placed>, other: Map<string, Placed>, parentId: string) => {
    const parent = byId.get(parentId)?.node;
    if (parent?.kind !== 'group') return [];
    return parent.children
      .map((c) => c.id)
      .filter((id) => other.get(id)?.place.parentId === parentId);
  };
  const reorderedIn = new Map<string, Set<string>>();
  const isReordered = (id: string, parentId: string) => {
    let ids = reorderedIn.get(parentId);
    if (!ids) {
      ids = reordered(stayedIn(old, now, parentId), stayedIn(now, old, parentId));
      reorderedIn.set(parentId, ids);
    }
    return ids.has(id);
  };

  for (const [id, { node, place }] of now) {
    const was = old.get(id);
    if (!was) {
      diff.added.push({ id, kind: node.kind, text: text(node), ...place });
      continue;
    }
    const properties = changedProperties(was.node, node);
    if (properties.length)
      diff.changed.push({
        id,
        kind: node.kind,
        properties,
        before: text(was.node),
        after: text(node),
      });
    const movedParent = was.place.parentId !== place.parentId;
    if (movedParent || (place.parentId !== null && isReordered(id, place.parentId)))
      diff.moved.push({ id, kind: node.kind, text: text(node), from: was.place, to: place });
  }
  return diff;
}
