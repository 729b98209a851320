import { useRevalidator } from '@remix-run/react';
import { ReactFlowProvider } from '@xyflow/react';
import { Network, ListTree } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Definition } from '../../../core/audience/definition';
import type { SizeResult } from '../../../core/contracts/audiences';
import type { Peer } from '../../../core/contracts/room-messages';
import { BuilderProvider, type BuilderState } from './builder-context';
import { historyShortcut } from './builder-keys';
import { locateNode } from './builder-ops';
import { BuilderToasts } from './builder-toasts';
import { ExclusionEffect } from './exclusion-effect';
import { FlowCanvas } from './flow-canvas';
import { HistoryTimeline } from './history-timeline';
import { NodeEditor } from './node-editor';
import { OutlineTree } from './outline-tree';
import { Palette } from './palette';
import { SidePanel } from './side-panel';
import { TemplatesGallery } from './templates-gallery';
import { TextPanel } from './text-panel';
import { TopBar } from './top-bar';
import { useBuilderCatalog } from './use-builder-catalog';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';
import type { NameBook } from '~/lib/audiences';
import { useAudienceRoom } from '~/lib/use-audience-room';

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/**
 * The audience's editing surface: a canvas and an outline over one live draft shared with
 * everyone in the audience's room, a side panel (edit the selection, history, text, templates,
 * exclusions) and a top bar (undo / redo, presence, connection, save version, total size).
 */
export function AudienceBuilder({
  audienceId,
  orgId,
  initial,
  initialSize,
  names,
  audiences,
  canEdit,
}: {
  audienceId: string;
  orgId: string;
  initial: Definition;
  initialSize: SizeResult;
  names: NameBook;
  audiences: Array<{ id: string; name: string }>;
  canEdit: boolean;
}) {
  const room = useAudienceRoom({
    room: `${orgId}:${audienceId}`,
    fallback: initial,
    readOnly: !canEdit,
  });
  const catalog = useBuilderCatalog(names, audiences);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [tab, setTab] = useState('edit');
  const [view, setView] = useState<'canvas' | 'outline'>('canvas');
  const [mounted, setMounted] = useState(false);
  const definition = room.definition;
  const editing = room.seq !== null && !room.readOnly;

  useEffect(() => {
    setMounted(true);
    // Narrow screens start in the outline, which is easier to use by touch.
    if (window.matchMedia('(max-width: 1023px)').matches) setView('outline');
  }, []);

  const { setPresence, undo, redo, lastVersion } = room;
  const select = useCallback(
    (id: string | null) => {
      setSelectedId(id);
      setPresence(id ? [id] : [], null);
    },
    [setPresence],
  );
  const edit = useCallback(
    (id: string) => {
      select(id);
      setTab('edit');
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>('#panel-edit input, #panel-edit select')?.focus(),
      );
    },
    [select],
  );
  const toggleCollapsed = useCallback(
    (id: string) =>
      setCollapsed((now) => {
        const next = new Set(now);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (TYPING.has(target.tagName) || target.isContentEditable)) return;
      const action = historyShortcut(event);
      if (!action) return;
      event.preventDefault();
      if (action === 'undo') undo();
      else redo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  // A version saved in the room: reload the page's list of versions.
  const revalidator = useRevalidator();
  useEffect(() => {
    if (lastVersion !== null) revalidator.revalidate();
  }, [lastVersion]);

  const peersOn = useMemo(() => {
    const map = new Map<string, Peer[]>();
    for (const peer of room.peers)
      for (const id of peer.selection) map.set(id, [...(map.get(id) ?? []), peer]);
    return map;
  }, [room.peers]);

  const selectedStillThere = selectedId && locateNode(definition, selectedId) ? selectedId : null;
  const state: BuilderState = {
    room,
    catalog,
    definition,
    readOnly: !editing,
    selectedId: selectedStillThere,
    select,
    edit,
    collapsed,
    toggleCollapsed,
    peersOn,
  };
  const selected = selectedStillThere
    ? locateNode(definition, selectedStillThere)?.node
    : undefined;

  return (
    <BuilderProvider value={state}>
      <div className="space-y-3">
        <TopBar fallbackSize={initialSize} />
        {room.readOnly ? (
          <Callout tone="info">
            <p>
              {room.closedReason ??
                'Your role can view this audience but not edit it: the controls are turned off. You still see teammates’ changes live.'}
            </p>
          </Callout>
        ) : null}
        <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <div className="min-w-0 space-y-2">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <div role="group" aria-label="View" className="flex gap-1">
                <Button
                  size="sm"
                  variant={view === 'canvas' ? 'primary' : 'secondary'}
                  aria-pressed={view === 'canvas'}
                  onClick={() => setView('canvas')}
                >
                  <Network aria-hidden="true" />
                  Canvas
                </Button>
                <Button
                  size="sm"
                  variant={view === 'outline' ? 'primary' : 'secondary'}
                  aria-pressed={view === 'outline'}
                  onClick={() => setView('outline')}
                >
                  <ListTree aria-hidden="true" />
                  Outline
                </Button>
              </div>
              <Palette />
            </div>
            {view === 'canvas' && mounted ? (
              <ReactFlowProvider>
                <FlowCanvas />
              </ReactFlowProvider>
            ) : (
              <div className="rounded-xl border border-border bg-card p-2">
                <OutlineTree />
              </div>
            )}
          </div>
          <SidePanel
            label="Builder panels"
            active={tab}
            onChange={setTab}
            tabs={[
              { id: 'edit', label: 'Edit', content: <NodeEditor node={selected} /> },
              { id: 'history', label: 'History', content: <HistoryTimeline /> },
              { id: 'text', label: 'Text', content: <TextPanel /> },
              { id: 'templates', label: 'Templates', content: <TemplatesGallery /> },
              { id: 'exclusions', label: 'Exclusions', content: <ExclusionEffect /> },
              {
                id: 'overlap',
                label: 'Overlap',
                content: (
                  <p className="text-sm text-muted-foreground">
                    How this audience overlaps with others, and who each one gets when priorities
                    apply, is counted from the saved draft in{' '}
                    <a href="#overlap" className="text-link underline underline-offset-4">
                      Overlap with other audiences
                    </a>{' '}
                    below.
                  </p>
                ),
              },
            ]}
          />
        </div>
        {catalog.problem ? (
          <Callout tone="warning">
            <p>{catalog.problem}</p>
          </Callout>
        ) : null}
        <BuilderToasts toasts={room.toasts} dismiss={room.dismissToast} />
      </div>
    </BuilderProvider>
  );
}
