import { LayoutTemplate } from 'lucide-react';
import { useState } from 'react';
import { useBuilder } from './builder-context';
import { isEmptyDraft } from './builder-ops';
import type { Template } from './use-builder-catalog';
import { Button } from '~/components/ui/button';
import { Callout } from '~/components/ui/callout';

/** Start from a template: it replaces the draft (one undo step), after a confirmation if the draft has anything in it. */
export function TemplatesGallery() {
  const { catalog, definition, replace, readOnly } = useBuilder();
  const [confirming, setConfirming] = useState<Template | null>(null);
  if (catalog.templates === null)
    return <p className="text-sm text-muted-foreground">Loading templates…</p>;
  if (!catalog.templates.length)
    return <p className="text-sm text-muted-foreground">No templates yet.</p>;
  const use = (template: Template) => {
    if (!isEmptyDraft(definition) && confirming?.id !== template.id) {
      setConfirming(template);
      return;
    }
    replace(template.definition);
    setConfirming(null);
  };
  return (
    <div className="space-y-2">
      {confirming ? (
        <Callout tone="warning" role="alert">
          <p>“{confirming.name}” replaces everything in the draft. You can undo it afterwards.</p>
          <div className="mt-2 flex gap-2">
            <Button size="sm" onClick={() => use(confirming)}>
              Replace the draft
            </Button>
            <Button size="sm" variant="secondary" onClick={() => setConfirming(null)}>
              Keep the draft
            </Button>
          </div>
        </Callout>
      ) : null}
      <ul aria-label="Templates" className="space-y-1">
        {catalog.templates.map((t) => (
          <li
            key={t.id}
            className="flex items-start justify-between gap-2 rounded-md border border-border p-2"
          >
            <div className="min-w-0 text-sm">
              <p className="font-medium">{t.name}</p>
              <p className="text-xs text-muted-foreground">
                {t.category}
                {t.description ? ` · ${t.description}` : ''}
              </p>
            </div>
            <Button
              size="sm"
              variant="secondary"
              disabled={readOnly}
              aria-label={`Start from ${t.name}`}
              onClick={() => use(t)}
            >
              <LayoutTemplate aria-hidden="true" />
              Use
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
