// Random co-editing ops against a client's current view of a draft, for the room's convergence
// property test and the room benchmark. Most are valid where they were generated; some go stale
// by the time the room applies them (a teammate removed the node), which is the point.
import { walk, type AudienceNode, type Definition } from '../../core/audience/definition';
import type { Op } from '../../core/room/ops';

/** Seeded, so a failing run can be replayed from its seed. */
export { prng } from '../prng';

const VALUES = ['Software', 'Retail', 'Media', 'Banking', 'Energy'];
const FIELDS = ['industry', 'title', 'seniority', 'city'];

/** A random op for `view`, with node ids made unique by `newId`. */
export function randomOp(view: Definition, random: () => number, newId: () => string): Op {
  const nodes: AudienceNode[] = [...walk(view.root)].map(({ node }) => node);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const groups = nodes.filter((n) => n.kind === 'group');
  const rules = nodes.filter((n) => n.kind === 'rule');
  const nonRoot = nodes.filter((n) => n.id !== view.root.id);
  const roll = random();
  if (roll < 0.3 || !rules.length) {
    const parent = pick(groups);
    const node: AudienceNode =
      random() < 0.2
        ? { id: newId(), kind: 'group', op: pick(['and', 'or'] as const), children: [] }
        : { id: newId(), kind: 'rule', field: pick(FIELDS), op: 'eq', value: pick(VALUES) };
    return { kind: 'add', parentId: parent.id, index: Math.floor(random() * 4), node };
  }
  if (roll < 0.55)
    return { kind: 'set', nodeId: pick(rules).id, prop: 'value', value: pick(VALUES) };
  if (roll < 0.62)
    return { kind: 'set', nodeId: pick(rules).id, prop: 'field', value: pick(FIELDS) };
  if (roll < 0.72) return { kind: 'set_not', nodeId: pick(nodes).id, not: random() < 0.5 };
  if (roll < 0.78)
    return { kind: 'set_group_op', nodeId: pick(groups).id, op: pick(['and', 'or'] as const) };
  if (roll < 0.82)
    return { kind: 'rename', nodeId: pick(groups).id, label: pick(['', 'Core', 'EMEA']) };
  if (roll < 0.9 && nonRoot.length)
    return {
      kind: 'move',
      nodeId: pick(nonRoot).id,
      parentId: pick(groups).id,
      index: Math.floor(random() * 3),
    };
  if (nonRoot.length) return { kind: 'remove', nodeId: pick(nonRoot).id };
  return { kind: 'set_not', nodeId: view.root.id, not: random() < 0.5 };
}
