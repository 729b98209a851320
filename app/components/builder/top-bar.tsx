import { Redo2, Save, Undo2, Wifi, WifiOff } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { SizeResult } from '../../../core/contracts/audiences';
import { useBuilder } from './builder-context';
import { KeyHelp } from './key-help';
import { Button } from '~/components/ui/button';
import { Input } from '~/components/ui/input';
import { formatCount } from '~/lib/utils';

const CONNECTION_WORDS = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting… your changes are kept',
  offline: 'Offline',
} as const;

/** Undo / redo, who else is here, the connection, saving a version and the live total. */
export function TopBar({ fallbackSize }: { fallbackSize: SizeResult }) {
  const { room, readOnly } = useBuilder();
  const { stacks, connection } = room;
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-border bg-card p-2">
      <div className="flex flex-wrap items-center gap-1">
        <Button
          variant="secondary"
          size="sm"
          disabled={readOnly || stacks.undo === 0}
          title={stacks.nextUndo ? `Undo: ${stacks.nextUndo} (Ctrl+Z)` : 'Nothing to undo'}
          aria-label={stacks.nextUndo ? `Undo: ${stacks.nextUndo}` : 'Undo'}
          onClick={room.undo}
        >
          <Undo2 aria-hidden="true" />
          Undo
        </Button>
        <Button
          variant="secondary"
          size="sm"
          disabled={readOnly || stacks.redo === 0}
          title={stacks.nextRedo ? `Redo: ${stacks.nextRedo} (Shift+Ctrl+Z)` : 'Nothing to redo'}
          aria-label={stacks.nextRedo ? `Redo: ${stacks.nextRedo}` : 'Redo'}
          onClick={room.redo}
        >
          <Redo2 aria-hidden="true" />
          Redo
        </Button>
        <KeyHelp />
      </div>
      <ul aria-label="Also editing" className="flex items-center -space-x-1">
        {room.peers.map((peer) => (
          <li
            key={peer.connectionId}
            title={`${peer.name}${peer.readOnly ? ' (viewing)' : ''}`}
            className="flex size-7 items-center justify-center rounded-full border-2 border-card text-xs font-semibold text-white"
            style={{ backgroundColor: peer.color }}
          >
            <span aria-hidden="true">{peer.name.slice(0, 1).toUpperCase()}</span>
            <span className="sr-only">
              {peer.name}
              {peer.readOnly ? ' (viewing)' : ''}
            </span>
          </li>
        ))}
      </ul>
      <p
        className="flex items-center gap-1 text-xs text-muted-foreground"
        data-connection={connection}
        role="status"
      >
        {connection === 'live' ? (
          <Wifi aria-hidden="true" className="size-4 text-success" />
        ) : (
          <WifiOff aria-hidden="true" className="size-4 text-warning" />
        )}
        {room.closedReason ?? CONNECTION_WORDS[connection]}
        <SaveState />
      </p>
      {room.canPublish ? <SaveVersion /> : null}
      <TotalSize fallback={fallbackSize} />
    </div>
  );
}

function SaveVersion() {
  const { room } = useBuilder();
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    room.saveVersion(note);
    setNote('');
  };
  return (
    <form onSubmit={submit} className="flex items-center gap-1">
      <Input
        aria-label="Note for this version (optional)"
        placeholder="Note (optional)"
        maxLength={500}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        className="h-8 w-44"
      />
      <Button type="submit" size="sm" disabled={room.connection !== 'live'}>
        <Save aria-hidden="true" />
        Save version
      </Button>
    </form>
  );
}

/** The draft's total, announced politely whenever it changes. */
function TotalSize({ fallback }: { fallback: SizeResult }) {
  const { room } = useBuilder();
  const size = room.sizes ?? fallback;
  const problems = size.issues.length;
  return (
    <p className="text-sm" aria-live="polite" aria-atomic="true" id="audience-size">
      {size.valid && size.total !== null ? (
        <>
          <span className="text-muted-foreground">Audience size </span>
          <span className="text-lg font-semibold tabular-nums">{formatCount(size.total)}</span>{' '}
          <span className="text-muted-foreground">
            {size.total === 1 ? 'person' : 'people'} · counted in {formatCount(size.durationMs)} ms
          </span>
        </>
      ) : (
        <span className="text-danger">
          Not counted: {problems} {problems === 1 ? 'problem' : 'problems'} to fix in the definition
        </span>
      )}
    </p>
  );
}

/**
 * Whether this session's edits have reached the stored draft (the room autosaves once edits
 * pause), so "compare with the draft" or an export elsewhere is not read too early.
 */
function SaveState() {
  const { room } = useBuilder();
  const unsaved =
    room.pending > 0 || (room.savedSeq !== null && room.seq !== null && room.seq > room.savedSeq);
  if (unsaved) return <span>· Saving…</span>;
  if (room.savedSeq !== null) return <span>· All changes saved</span>;
  return null;
}
