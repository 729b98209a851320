import type { AudienceNode, GroupNode } from '../../../core/audience/definition';
import { useBuilder } from './builder-context';
import { conditionWords, nodeWords } from '~/lib/audiences';
import { formatCount } from '~/lib/utils';

/** Every exclusion (a negated item of an AND group) and how many people it takes out right now. */
export function ExclusionEffect() {
  const { definition, room, catalog, select } = useBuilder();
  const found: Array<{ node: AudienceNode; parent: GroupNode }> = [];
  const visit = (group: GroupNode) => {
    for (const child of group.children) {
      if (child.not && group.op === 'and') found.push({ node: child, parent: group });
      if (child.kind === 'group') visit(child);
    }
  };
  visit(definition.root);
  if (!found.length)
    return (
      <p className="text-sm text-muted-foreground">
        No exclusions yet. Negate a condition (NOT) inside an AND group to exclude people.
      </p>
    );
  return (
    <ul aria-label="Exclusions" className="space-y-1">
      {found.map(({ node }) => {
        const removed = room.sizes?.nodes[node.id]?.removed;
        return (
          <li key={node.id}>
            <button
              type="button"
              className="w-full rounded-md border border-border p-2 text-left text-sm hover:bg-muted"
              onClick={() => select(node.id)}
            >
              <span className="block font-medium">
                {node.kind === 'group'
                  ? nodeWords(node, catalog.names)
                  : `Not: ${conditionWords(node, catalog.names)}`}
              </span>
              <span className="text-xs text-muted-foreground">
                {removed === undefined
                  ? 'Not counted yet'
                  : `Removes ${formatCount(removed)} ${removed === 1 ? 'person' : 'people'}`}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
