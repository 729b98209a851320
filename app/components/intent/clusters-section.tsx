import { Form, Link } from '@remix-run/react';
import { Pencil, Plus, Save, Trash2 } from 'lucide-react';
import { useRef, useState } from 'react';
import type { IntentCluster, IntentTopic } from '../../../core/contracts/intent';
import { recommendedMinTopics } from '../../../core/intent/scores';
import { TopicPicker } from './topic-picker';
import { ConfirmDeletePanel, FocusPanel } from '~/components/confirm-panel';
import { CancelLink } from '~/components/confirm-panel';
import { FieldError, FormAlert, TextField, useFocusFirstError } from '~/components/forms';
import { Button } from '~/components/ui/button';
import { Input } from '~/components/ui/input';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import type { FormProblem } from '~/lib/forms';

/**
 * Named sets of topics with a threshold ("surging on at least 3 of these 12"), which the builder
 * offers as "Use cluster…".
 */
export function ClustersSection({
  clusters,
  topics,
  names,
  editing,
  deleting,
  canEdit,
  problem,
  busy,
  here,
}: {
  clusters: IntentCluster[];
  topics: IntentTopic[];
  names: Record<string, string>;
  /** The cluster being edited, 'new' for a new one, or null. */
  editing: string | null;
  deleting: string | null;
  canEdit: boolean;
  problem: FormProblem | undefined;
  busy: boolean;
  /** The page's address without the edit/delete parameters. */
  here: string;
}) {
  const current = editing && editing !== 'new' ? clusters.find((c) => c.id === editing) : undefined;
  const doomed = deleting ? clusters.find((c) => c.id === deleting) : undefined;
  return (
    <section id="clusters" aria-labelledby="clusters-heading" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="clusters-heading" className="text-base font-semibold text-foreground">
            Topic clusters
          </h2>
          <p className="text-sm text-muted-foreground">
            A cluster is a named set of topics with a threshold: a company counts when it surges on
            at least that many of them. Audiences can start an intent condition from a cluster.
          </p>
        </div>
        {canEdit && editing !== 'new' ? (
          <Button asChild variant="secondary" size="sm">
            <Link to={`${here}?cluster=new#clusters`} preventScrollReset>
              <Plus aria-hidden="true" />
              New cluster
            </Link>
          </Button>
        ) : null}
      </div>

      {problem?.formError && !editing ? <FormAlert>{problem.formError}</FormAlert> : null}

      {canEdit && editing === 'new' ? (
        <ClusterEditor topics={topics} problem={problem} busy={busy} cancelHref={here} />
      ) : null}

      {doomed && canEdit ? (
        <ConfirmDeletePanel
          headingId="confirm-delete-cluster"
          heading={`Delete the cluster ${doomed.name}?`}
          explanation="Audiences that used it keep their topics and threshold; only the shortcut goes."
          fields={{ intent: 'cluster-delete', clusterId: doomed.id }}
          submitLabel="Delete cluster"
          cancelHref={here}
          disabled={busy}
        />
      ) : null}

      {clusters.length === 0 ? (
        editing === 'new' ? null : (
          <p className="rounded-xl border border-dashed border-border-strong bg-card px-4 py-6 text-center text-sm text-muted-foreground">
            No clusters yet.
            {canEdit ? ' Group related topics into one to reuse them in audiences.' : null}
          </p>
        )
      ) : (
        <Table label="Topic clusters">
          <TableHead>
            <Tr>
              <Th>Name</Th>
              <Th>Topics</Th>
              <Th>Threshold</Th>
              {canEdit ? (
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              ) : null}
            </Tr>
          </TableHead>
          <TableBody>
            {clusters.map((cluster) => (
              <ClusterRow
                key={cluster.id}
                cluster={cluster}
                names={names}
                canEdit={canEdit}
                editing={current?.id === cluster.id}
                here={here}
              >
                <ClusterEditor
                  cluster={cluster}
                  topics={topics}
                  problem={problem}
                  busy={busy}
                  cancelHref={here}
                />
              </ClusterRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

function ClusterRow({
  cluster,
  names,
  canEdit,
  editing,
  here,
  children,
}: {
  cluster: IntentCluster;
  names: Record<string, string>;
  canEdit: boolean;
  editing: boolean;
  here: string;
  children: React.ReactNode;
}) {
  const shown = cluster.topicIds.slice(0, 5).map((id) => names[id] ?? id);
  const more = cluster.topicIds.length - shown.length;
  return (
    <>
      <Tr>
        <Td className="font-medium">{cluster.name}</Td>
        <Td className="text-muted-foreground">
          {shown.join(', ')}
          {more > 0 ? ` and ${more} more` : null}
        </Td>
        <Td className="whitespace-nowrap">
          At least {cluster.minTopics} of {cluster.topicIds.length}
        </Td>
        {canEdit ? (
          <Td className="text-right whitespace-nowrap">
            {editing ? null : (
              <>
                <Button asChild variant="ghost" size="sm">
                  <Link
                    to={`${here}?cluster=${encodeURIComponent(cluster.id)}#clusters`}
                    preventScrollReset
                  >
                    <Pencil aria-hidden="true" />
                    Edit<span className="sr-only"> {cluster.name}</span>
                  </Link>
                </Button>
                <Button asChild variant="ghost" size="sm">
                  <Link
                    to={`${here}?deleteCluster=${encodeURIComponent(cluster.id)}#clusters`}
                    preventScrollReset
                  >
                    <Trash2 aria-hidden="true" />
                    Delete<span className="sr-only"> {cluster.name}</span>
                  </Link>
                </Button>
              </>
            )}
          </Td>
        ) : null}
      </Tr>
      {editing ? (
        <Tr>
          <Td colSpan={canEdit ? 4 : 3} className="bg-muted/40">
            {children}
          </Td>
        </Tr>
      ) : null}
    </>
  );
}

function ClusterEditor({
  cluster,
  topics,
  problem,
  busy,
  cancelHref,
}: {
  cluster?: IntentCluster;
  topics: IntentTopic[];
  problem: FormProblem | undefined;
  busy: boolean;
  cancelHref: string;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, problem);
  const [chosen, setChosen] = useState<string[]>(cluster?.topicIds ?? []);
  // Follows Bombora's recommendation (about a quarter of the topics) until the user types a value.
  const [threshold, setThreshold] = useState<string | null>(
    cluster ? String(cluster.minTopics) : (problem?.values?.minTopics ?? null),
  );
  const recommended = recommendedMinTopics(chosen.length);
  const headingId = `cluster-editor-${cluster?.id ?? 'new'}`;
  const errors = problem?.fieldErrors ?? {};
  return (
    <FocusPanel headingId={headingId} heading={cluster ? `Edit ${cluster.name}` : 'New cluster'}>
      <Form method="post" ref={formRef} noValidate className="space-y-4" preventScrollReset>
        <input type="hidden" name="intent" value="cluster-save" />
        {cluster ? <input type="hidden" name="clusterId" value={cluster.id} /> : null}
        {problem?.formError ? <FormAlert>{problem.formError}</FormAlert> : null}
        <TextField
          name="name"
          id={`${headingId}-name`}
          label="Name"
          maxLength={80}
          required
          defaultValue={problem?.values?.name ?? cluster?.name}
          errors={errors.name}
        />
        <div className="space-y-1">
          <TopicPicker
            label="Topics"
            topics={topics}
            value={chosen}
            onChange={setChosen}
            name="topicIds"
          />
          <FieldError id={`${headingId}-topics-error`} errors={errors.topicIds} />
        </div>
        <div className="space-y-1.5">
          <label htmlFor={`${headingId}-min`} className="block text-sm font-medium text-foreground">
            Topic threshold: surging on at least
          </label>
          <p id={`${headingId}-min-hint`} className="text-xs text-muted-foreground">
            {chosen.length === 0
              ? 'Choose topics first; about a quarter of them is recommended.'
              : `Recommended: ${recommended} (about a quarter of the ${chosen.length} topics).`}
            {threshold !== null ? (
              <>
                {' '}
                <Button
                  variant="link"
                  size="sm"
                  className="text-xs"
                  onClick={() => setThreshold(null)}
                >
                  Use the recommendation
                </Button>
              </>
            ) : null}
          </p>
          <Input
            id={`${headingId}-min`}
            name="minTopics"
            type="number"
            inputMode="numeric"
            min={1}
            max={Math.max(1, chosen.length)}
            className="w-28"
            value={threshold ?? String(recommended)}
            onChange={(e) => setThreshold(e.target.value)}
            aria-invalid={errors.minTopics?.length ? true : undefined}
            aria-describedby={`${headingId}-min-hint${errors.minTopics?.length ? ` ${headingId}-min-error` : ''}`}
          />
          <FieldError id={`${headingId}-min-error`} errors={errors.minTopics} />
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" size="sm" disabled={busy}>
            <Save aria-hidden="true" />
            {busy ? 'Saving…' : cluster ? 'Save cluster' : 'Create cluster'}
          </Button>
          <CancelLink href={cancelHref} />
        </div>
      </Form>
    </FocusPanel>
  );
}
