import type { AudienceNode, GroupNode } from '../../../core/audience/definition';
import { useBuilder } from './builder-context';
import { NodeActions } from './node-actions';
import { NodeTitle, NodeStatus } from './node-summary';
import { AudienceEditor, IntentEditor, ListEditor } from './reference-editors';
import { RuleEditor } from './rule-editor';
import { CommitInput } from './value-inputs';

/** The side panel's editor for the selected node. */
export function NodeEditor({ node }: { node: AudienceNode | undefined }) {
  const { readOnly, act } = useBuilder();
  if (!node)
    return (
      <p className="text-sm text-muted-foreground">
        Select a group or a condition on the canvas or in the outline to edit it.
      </p>
    );
  return (
    <div className="space-y-4" aria-label="Edit the selected item" role="group">
      <div className="space-y-1 rounded-md bg-muted p-2 text-sm">
        <NodeTitle node={node} />
        <div className="flex flex-wrap gap-x-3">
          <NodeStatus node={node} />
        </div>
      </div>
      <NodeActions node={node} />
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          className="size-4"
          checked={Boolean(node.not)}
          disabled={readOnly}
          onChange={() => act({ type: 'toggle-not', nodeId: node.id })}
        />
        NOT: {node.kind === 'group' ? 'exclude people matching this group' : 'exclude these people'}
      </label>
      {node.kind === 'group' ? <GroupEditor node={node} /> : null}
      {node.kind === 'rule' ? <RuleEditor key={node.id} node={node} /> : null}
      {node.kind === 'list' ? <ListEditor node={node} /> : null}
      {node.kind === 'audience' ? <AudienceEditor node={node} /> : null}
      {node.kind === 'intent' ? <IntentEditor node={node} /> : null}
    </div>
  );
}

function GroupEditor({ node }: { node: GroupNode }) {
  const { rename, readOnly, act } = useBuilder();
  const id = `group-${node.id}`;
  return (
    <div className="space-y-3">
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">People must match</legend>
        {(['and', 'or'] as const).map((op) => (
          <label key={op} className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name={`${id}-op`}
              className="size-4"
              checked={node.op === op}
              disabled={readOnly}
              onChange={() => act({ type: 'toggle-op', nodeId: node.id })}
            />
            {op === 'and' ? 'All of these (AND)' : 'Any of these (OR)'}
          </label>
        ))}
      </fieldset>
      <div className="space-y-1.5">
        <label htmlFor={`${id}-label`} className="block text-sm font-medium">
          Group name (optional)
        </label>
        <CommitInput
          id={`${id}-label`}
          maxLength={120}
          value={node.label ?? ''}
          disabled={readOnly}
          onCommit={(label) => rename(node.id, label)}
        />
      </div>
    </div>
  );
}
