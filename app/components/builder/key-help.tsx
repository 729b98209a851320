import { Keyboard } from 'lucide-react';
import { KEY_HELP } from './builder-keys';

/** The builder's keys, one click (or Enter) away; a native disclosure, so it needs no script. */
export function KeyHelp() {
  return (
    <details className="relative">
      <summary className="inline-flex h-8 cursor-pointer list-none items-center gap-1 rounded-md px-2 text-sm text-muted-foreground hover:bg-muted hover:text-foreground [&::-webkit-details-marker]:hidden">
        <Keyboard aria-hidden="true" className="size-4" />
        Keys
      </summary>
      <div className="absolute left-0 z-20 mt-1 w-80 max-w-[90vw] rounded-lg border border-border bg-card p-3 shadow-lg">
        <p className="mb-2 text-sm font-medium">In the outline</p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
          {KEY_HELP.map(({ keys, does }) => (
            <div key={keys} className="contents">
              <dt>
                <kbd className="rounded border border-border bg-muted px-1 font-mono">{keys}</kbd>
              </dt>
              <dd className="text-muted-foreground">{does}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-2 text-xs text-muted-foreground">
          On the canvas: Tab to a node, Enter to select it, Delete to remove it, arrows to pan.
        </p>
      </div>
    </details>
  );
}
