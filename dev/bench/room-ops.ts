// The edits a simulated co-editor makes in `npm run bench:room`: a mix weighted like a person
// building an audience (mostly adding rules and changing values, sometimes restructuring), always
// generated against the editor's current view, so an op is refused only when a teammate's
// concurrent edit got there first.
import {
  walk,
  type AudienceNode,
  type Definition,
  type GroupNode,
  type RuleNode,
} from '../../core/audience/definition';
import type { Op } from '../../core/room/ops';
import { COUNTRIES, INDUSTRIES, SENIORITIES } from './audience-data';

export type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

type RuleBody = Pick<RuleNode, 'field' | 'op' | 'value'>;

/** Conditions over the bench organisation's fields, each with a fresh value on every call. */
const RULE_MAKERS: ReadonlyArray<(random: Random) => RuleBody> = [
  (r) => ({ field: 'country', op: 'eq', value: pick(r, COUNTRIES) }),
  (r) => ({ field: 'industry', op: 'in', value: [pick(r, INDUSTRIES), pick(r, INDUSTRIES)] }),
  (r) => ({ field: 'seniority', op: 'in', value: [pick(r, SENIORITIES)] }),
  (r) => {
    const low = 10 * Math.floor(r() * 100);
    return {
      field: 'employees',
      op: 'between',
      value: [low, low + 50 * (1 + Math.floor(r() * 40))],
    };
  },
  (r) => ({ field: 'title', op: 'contains', value: pick(r, ['Marketing', 'Sales', 'Data', 'IT']) }),
  (r) => ({ field: 'quality', op: 'gte', value: 40 + Math.floor(r() * 60) }),
];
const OPERATORS = ['eq', 'neq', 'in', 'not_in', 'contains', 'is_not_empty'] as const;

/** A rule body for `field` (the maker for that field, or a text value for any other). */
function bodyFor(random: Random, field: string): RuleBody {
  for (const make of RULE_MAKERS) {
    const body = make(random);
    if (body.field === field) return body;
  }
  return { field, op: 'contains', value: pick(random, ['a', 'e', 'o']) };
}

interface Located {
  node: AudienceNode;
  parent: GroupNode | null;
  depth: number;
}

export type EditKind =
  | 'add_rule'
  | 'add_group'
  | 'set_value'
  | 'set_field'
  | 'set_op'
  | 'toggle_not'
  | 'move'
  | 'remove'
  | 'rename'
  | 'set_group_op';

/** Relative weights; adds give way to removes as the draft grows, so it stays editor-sized. */
function weights(nodeCount: number): Array<[EditKind, number]> {
  const large = nodeCount >= 40;
  const small = nodeCount < 10;
  return [
    ['add_rule', large ? 4 : 22],
    ['add_group', large ? 1 : 5],
    ['set_value', 25],
    ['set_field', 6],
    ['set_op', 6],
    ['toggle_not', 10],
    ['move', 8],
    ['remove', small ? 2 : large ? 30 : 10],
    ['rename', 4],
    ['set_group_op', 4],
  ];
}

/**
 * One random edit of `view`, or undefined when the drawn kind has nothing to act on (the caller
 * draws again). `newId` gives ids unique across all editors.
 */
export function randomEdit(
  view: Definition,
  random: Random,
  newId: () => string,
): { kind: EditKind; op: Op } | undefined {
  const nodes: Located[] = [...walk(view.root)];
  const groups = nodes.filter((n) => n.node.kind === 'group');
  const rules = nodes.filter((n) => n.node.kind === 'rule');
  const nonRoot = nodes.filter((n) => n.parent !== null);
  const table = weights(nodes.length);
  let roll = random() * table.reduce((sum, [, w]) => sum + w, 0);
  const kind = table.find(([, w]) => (roll -= w) < 0)?.[0] ?? 'set_value';
  const rule = (): RuleNode => ({
    id: newId(),
    kind: 'rule',
    ...pick(random, RULE_MAKERS)(random),
  });

  switch (kind) {
    case 'add_rule': {
      const parent = pick(random, groups).node as GroupNode;
      const index = Math.floor(random() * (parent.children.length + 1));
      return { kind, op: { kind: 'add', parentId: parent.id, index, node: rule() } };
    }
    case 'add_group': {
      // Shallow parents only: the nesting limit is not what this bench is about.
      const shallow = groups.filter((g) => g.depth < 3);
      const parent = pick(random, shallow).node as GroupNode;
      const node: GroupNode = {
        id: newId(),
        kind: 'group',
        op: random() < 0.5 ? 'and' : 'or',
        children: [rule(), rule()],
      };
      return {
        kind,
        op: { kind: 'add', parentId: parent.id, index: parent.children.length, node },
      };
    }
    case 'set_value': {
      if (!rules.length) return undefined;
      const target = pick(random, rules).node as RuleNode;
      const { value } = bodyFor(random, target.field);
      return { kind, op: { kind: 'set', nodeId: target.id, prop: 'value', value } };
    }
    case 'set_field': {
      // Choosing another field resets the operator and value, as the editor does: one batch.
      if (!rules.length) return undefined;
      const target = pick(random, rules).node;
      const body = pick(random, RULE_MAKERS)(random);
      return {
        kind,
        op: {
          kind: 'batch',
          ops: (['field', 'op', 'value'] as const).map((prop) => ({
            kind: 'set' as const,
            nodeId: target.id,
            prop,
            value: body[prop],
          })),
        },
      };
    }
    case 'set_op': {
      if (!rules.length) return undefined;
      const target = pick(random, rules).node;
      return {
        kind,
        op: { kind: 'set', nodeId: target.id, prop: 'op', value: pick(random, OPERATORS) },
      };
    }
    case 'toggle_not': {
      const target = pick(random, nonRoot.length ? nonRoot : nodes).node;
      return { kind, op: { kind: 'set_not', nodeId: target.id, not: target.not !== true } };
    }
    case 'move': {
      if (!nonRoot.length) return undefined;
      const moving = pick(random, nonRoot).node;
      const inside = new Set([...walk(moving)].map(({ node }) => node.id));
      const targets = groups.filter((g) => !inside.has(g.node.id) && g.depth < 3);
      if (!targets.length) return undefined;
      const parent = pick(random, targets).node as GroupNode;
      const index = Math.floor(random() * (parent.children.length + 1));
      return { kind, op: { kind: 'move', nodeId: moving.id, parentId: parent.id, index } };
    }
    case 'remove': {
      if (!nonRoot.length) return undefined;
      return { kind, op: { kind: 'remove', nodeId: pick(random, nonRoot).node.id } };
    }
    case 'rename': {
      const label = pick(random, ['Decision makers', 'EMEA', 'Exclusions', 'Mid-market', '']);
      return { kind, op: { kind: 'rename', nodeId: pick(random, groups).node.id, label } };
    }
    case 'set_group_op': {
      const group = pick(random, groups).node as GroupNode;
      return {
        kind,
        op: { kind: 'set_group_op', nodeId: group.id, op: group.op === 'and' ? 'or' : 'and' },
      };
    }
  }
}
