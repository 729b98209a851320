import { Form, useNavigation } from '@remix-run/react';
import { GitCompare, History, RotateCcw, Save } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { AudienceNode } from '../../../core/audience/definition';
import type { NodeIssueView } from '../../../core/contracts/audiences';
import { FormAlert, SelectField, TextField, useFocusFirstError } from '~/components/forms';
import { Badge } from '~/components/ui/badge';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { nodeWords, type NameBook } from '~/lib/audiences';
import { formatUtcSeconds } from '~/lib/dates';
import { formatCount } from '~/lib/utils';

export interface VersionRow {
  version: number;
  size: number | null;
  note: string | null;
  author: { id: string; name: string } | null;
  restoredFrom: number | null;
  createdAt: string;
}

interface DiffEntry {
  id: string;
  kind: string;
  text: string;
}

/** What `GET …/versions/:n/diff` reports (core/audience/diff.ts), as the page reads it. */
export interface DiffView {
  from: { version: number | null; size: number | null };
  to: { version: number | null; size: number | null };
  changes: {
    equivalent: boolean;
    added: DiffEntry[];
    removed: DiffEntry[];
    changed: Array<{
      id: string;
      kind: string;
      properties: string[];
      before: string;
      after: string;
    }>;
    moved: DiffEntry[];
  } | null;
}

export interface VersionOutcome {
  intent: 'save-version' | 'restore';
  ok: boolean;
  message: string;
  issues?: NodeIssueView[];
}

const sizeText = (size: number | null) => (size === null ? '—' : formatCount(size));

/**
 * Saved versions: save the draft with a note (a refusal lists what to fix, node by node), the
 * list, a diff of any two (or a version against the draft), and restore.
 */
export function VersionsPanel({
  versions,
  diff,
  diffQuery,
  canPublish,
  outcome,
  nodes,
  names,
  savesInBuilder = false,
}: {
  versions: VersionRow[];
  diff: DiffView | null;
  diffQuery: { from?: number; to?: string };
  canPublish: boolean;
  outcome: VersionOutcome | null;
  /** The draft's nodes by id, to name the node an issue is about. */
  nodes: Map<string, AudienceNode>;
  names: NameBook;
  /** The builder's top bar saves versions (through the room): no second save form here. */
  savesInBuilder?: boolean;
}) {
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle' ? navigation.formData?.get('intent') : null;
  const latest = versions[0]?.version ?? 0;
  // A saved version clears the note (the form stays, so focus stays on its button).
  const saveForm = useRef<HTMLFormElement>(null);
  const section = useRef<HTMLElement>(null);
  useFocusFirstError(section, outcome && !outcome.ok ? outcome : null);
  useEffect(() => {
    if (outcome?.ok && outcome.intent === 'save-version') saveForm.current?.reset();
  }, [outcome]);
  return (
    <section ref={section} aria-labelledby="versions-heading" className="space-y-4" id="versions">
      <h2 id="versions-heading" className="flex items-center gap-2 text-base font-semibold">
        <History aria-hidden="true" className="size-4" />
        Versions
      </h2>

      {outcome ? (
        outcome.ok ? (
          <Callout tone="success" role="status">
            <p>{outcome.message}</p>
          </Callout>
        ) : (
          <FormAlert>
            <p>{outcome.message}</p>
            {outcome.issues?.length ? (
              <ul className="list-disc space-y-1 pl-5">
                {outcome.issues.map((issue, i) => {
                  const node = nodes.get(issue.nodeId);
                  return (
                    <li key={`${issue.nodeId}-${i}`}>
                      {node ? (
                        <span className="font-medium">{nodeWords(node, names)}: </span>
                      ) : null}
                      {issue.message}
                    </li>
                  );
                })}
              </ul>
            ) : null}
          </FormAlert>
        )
      ) : null}

      {canPublish && !savesInBuilder ? (
        <Form
          ref={saveForm}
          method="post"
          preventScrollReset
          className="flex flex-wrap items-end gap-2"
        >
          <input type="hidden" name="intent" value="save-version" />
          <TextField
            name="note"
            id="version-note"
            label="Note for this version (optional)"
            maxLength={500}
            className="min-w-64 flex-1"
            placeholder="What changed and why"
          />
          <Button type="submit" disabled={busy === 'save-version'}>
            <Save aria-hidden="true" />
            {busy === 'save-version' ? 'Saving…' : 'Save version'}
          </Button>
        </Form>
      ) : null}

      {versions.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          No saved versions yet. The draft is kept as you edit; save a version to keep a snapshot
          you can compare and return to.
        </p>
      ) : (
        <>
          <Table label="Saved versions">
            <TableHead>
              <Tr>
                <Th>Version</Th>
                <Th className="text-right">Size</Th>
                <Th>Note</Th>
                <Th>By</Th>
                <Th>Saved (UTC)</Th>
                {canPublish ? (
                  <Th>
                    <span className="sr-only">Restore</span>
                  </Th>
                ) : null}
              </Tr>
            </TableHead>
            <TableBody>
              {versions.map((v) => (
                <Tr key={v.version}>
                  <Td className="font-medium whitespace-nowrap">
                    Version {v.version}
                    {v.version === latest ? (
                      <Badge tone="success" className="ml-2">
                        Latest
                      </Badge>
                    ) : null}
                  </Td>
                  <Td className="text-right tabular-nums">{sizeText(v.size)}</Td>
                  <Td className="min-w-40">
                    {v.note ?? <span className="text-muted-foreground">—</span>}
                    {v.restoredFrom ? (
                      <span className="block text-xs text-muted-foreground">
                        Restored from version {v.restoredFrom}
                      </span>
                    ) : null}
                  </Td>
                  <Td className="text-muted-foreground">{v.author?.name ?? 'An API token'}</Td>
                  <Td className="whitespace-nowrap text-muted-foreground tabular-nums">
                    {formatUtcSeconds(v.createdAt).replace(' UTC', '')}
                  </Td>
                  {canPublish ? (
                    <Td>
                      <Form method="post" preventScrollReset>
                        <input type="hidden" name="intent" value="restore" />
                        <input type="hidden" name="version" value={v.version} />
                        <Button
                          type="submit"
                          size="sm"
                          variant="secondary"
                          aria-label={`Restore version ${v.version}`}
                          disabled={busy === 'restore'}
                        >
                          <RotateCcw aria-hidden="true" />
                          Restore
                        </Button>
                      </Form>
                    </Td>
                  ) : null}
                </Tr>
              ))}
            </TableBody>
          </Table>

          <Form
            method="get"
            preventScrollReset
            aria-label="Compare two versions"
            className="flex flex-wrap items-end gap-2"
          >
            <SelectField
              name="from"
              id="diff-from"
              label="Compare version"
              defaultValue={String(
                diffQuery.from ?? versions[versions.length > 1 ? 1 : 0]!.version,
              )}
            >
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  Version {v.version}
                </option>
              ))}
            </SelectField>
            <SelectField name="to" id="diff-to" label="with" defaultValue={diffQuery.to ?? 'draft'}>
              <option value="draft">The current draft</option>
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  Version {v.version}
                </option>
              ))}
            </SelectField>
            <Button type="submit" variant="secondary">
              <GitCompare aria-hidden="true" />
              Compare versions
            </Button>
          </Form>
          {diff ? <DiffResult diff={diff} /> : null}
        </>
      )}
    </section>
  );
}

function sideName(side: DiffView['from']) {
  return side.version === null ? 'the draft' : `version ${side.version}`;
}

function DiffResult({ diff }: { diff: DiffView }) {
  const { changes } = diff;
  const nothing =
    changes &&
    !changes.added.length &&
    !changes.removed.length &&
    !changes.changed.length &&
    !changes.moved.length;
  return (
    <section
      aria-labelledby="diff-heading"
      className="space-y-3 rounded-xl border border-border bg-card p-4 text-sm"
    >
      <h3 id="diff-heading" className="font-semibold">
        From {sideName(diff.from)} to {sideName(diff.to)}
      </h3>
      <p className="text-muted-foreground">
        Size {sizeText(diff.from.size)} → {sizeText(diff.to.size)}
        {diff.from.size !== null && diff.to.size !== null
          ? ` (${diff.to.size - diff.from.size >= 0 ? '+' : '−'}${formatCount(Math.abs(diff.to.size - diff.from.size))})`
          : ''}
      </p>
      {!changes ? (
        <p>The changes could not be read.</p>
      ) : nothing ? (
        <p>No changes.</p>
      ) : (
        <>
          {changes.equivalent ? (
            <Callout tone="info">
              <p>The two match the same people: only the order or grouping changed.</p>
            </Callout>
          ) : null}
          <ChangeList title="Added" tone="success" items={changes.added.map((c) => c.text)} />
          <ChangeList title="Removed" tone="danger" items={changes.removed.map((c) => c.text)} />
          <ChangeList
            title="Changed"
            tone="warning"
            items={changes.changed.map((c) => `${c.before} → ${c.after}`)}
          />
          <ChangeList title="Moved" tone="neutral" items={changes.moved.map((c) => c.text)} />
        </>
      )}
    </section>
  );
}

function ChangeList({
  title,
  tone,
  items,
}: {
  title: string;
  tone: 'success' | 'danger' | 'warning' | 'neutral';
  items: string[];
}) {
  if (!items.length) return null;
  return (
    <div className="space-y-1">
      <h4 className="flex items-center gap-2 font-medium">
        <Badge tone={tone}>{title}</Badge>
        <span className="text-muted-foreground">{items.length}</span>
      </h4>
      <ul className="space-y-1">
        {items.map((item, i) => (
          <li key={i}>
            <code className="font-mono text-xs break-words">{item}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
