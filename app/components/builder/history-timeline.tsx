import { History, RotateCcw } from 'lucide-react';
import { useEffect } from 'react';
import { useBuilder } from './builder-context';
import { Badge } from '~/components/ui/badge';
import { Button } from '~/components/ui/button';
import { formatUtcSeconds } from '~/lib/dates';

const KIND_WORDS = { edit: null, undo: 'Undo', redo: 'Redo', restore: 'Restore' } as const;

/**
 * Every accepted change, newest first, with who made it and when. "Restore to here" makes the
 * draft what it was right after that change — as a new change anyone can undo; nothing is erased.
 */
export function HistoryTimeline() {
  const { room, readOnly } = useBuilder();
  const { history, connection, loadHistory } = room;
  const live = connection === 'live';
  useEffect(() => {
    if (live && !history.loaded) loadHistory(null);
  }, [live, history.loaded, loadHistory]);

  if (!history.loaded) return <p className="text-sm text-muted-foreground">Loading the history…</p>;
  if (!history.entries.length)
    return <p className="text-sm text-muted-foreground">No changes yet.</p>;
  const oldest = history.entries.at(-1)!.seq;
  return (
    <div className="space-y-2">
      <ol aria-label="History of changes" className="space-y-1">
        {history.entries.map((entry) => {
          const kind = KIND_WORDS[entry.kind];
          return (
            <li
              key={entry.seq}
              className="flex flex-wrap items-start justify-between gap-2 rounded-md border border-border p-2 text-sm"
            >
              <div className="min-w-0 space-y-0.5">
                <p className="flex flex-wrap items-center gap-1.5">
                  {kind ? <Badge tone="info">{kind}</Badge> : null}
                  <span className="font-medium">{entry.actorName}</span>
                  <span>{entry.summary}</span>
                </p>
                <p className="text-xs text-muted-foreground">
                  #{entry.seq} · {formatUtcSeconds(new Date(entry.at).toISOString())}
                </p>
              </div>
              {readOnly || entry.seq === room.seq ? null : (
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Restore to here: after change ${entry.seq}`}
                  onClick={() => room.restore(entry.seq)}
                >
                  <RotateCcw aria-hidden="true" />
                  Restore to here
                </Button>
              )}
            </li>
          );
        })}
      </ol>
      {history.hasMore ? (
        <Button variant="secondary" size="sm" onClick={() => loadHistory(oldest)}>
          <History aria-hidden="true" />
          Older changes
        </Button>
      ) : (
        <p className="text-xs text-muted-foreground">
          {history.oldestSeq > 1
            ? `Older changes than #${history.oldestSeq} are no longer kept.`
            : 'That is every change since the room opened.'}
        </p>
      )}
    </div>
  );
}
