import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { cn } from '~/lib/utils';

export interface PanelTab {
  id: string;
  label: string;
  content: ReactNode;
}

/** Tabs for the builder's side panel (WAI-ARIA tabs: arrows move between tabs). */
export function SidePanel({
  tabs,
  active,
  onChange,
  label,
}: {
  tabs: PanelTab[];
  active: string;
  onChange: (id: string) => void;
  label: string;
}) {
  const list = useRef<HTMLDivElement>(null);
  const current = tabs.find((t) => t.id === active) ?? tabs[0]!;
  const onKeyDown = (event: KeyboardEvent) => {
    const i = tabs.indexOf(current);
    const next =
      event.key === 'ArrowRight'
        ? tabs[(i + 1) % tabs.length]
        : event.key === 'ArrowLeft'
          ? tabs[(i - 1 + tabs.length) % tabs.length]
          : undefined;
    if (!next) return;
    event.preventDefault();
    onChange(next.id);
    list.current?.querySelector<HTMLElement>(`#tab-${next.id}`)?.focus();
  };
  return (
    <div className="min-w-0 space-y-3">
      <div
        ref={list}
        role="tablist"
        aria-label={label}
        onKeyDown={onKeyDown}
        className="flex flex-wrap gap-1 border-b border-border"
      >
        {tabs.map((tab) => (
          <button
            key={tab.id}
            id={`tab-${tab.id}`}
            type="button"
            role="tab"
            aria-selected={tab.id === current.id}
            aria-controls={`panel-${tab.id}`}
            tabIndex={tab.id === current.id ? 0 : -1}
            onClick={() => onChange(tab.id)}
            className={cn(
              '-mb-px border-b-2 px-2 py-1.5 text-sm font-medium',
              tab.id === current.id
                ? 'border-primary text-foreground'
                : 'border-transparent text-muted-foreground hover:text-foreground',
            )}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div
        id={`panel-${current.id}`}
        role="tabpanel"
        aria-labelledby={`tab-${current.id}`}
        tabIndex={-1}
        className="outline-none"
      >
        {current.content}
      </div>
    </div>
  );
}
