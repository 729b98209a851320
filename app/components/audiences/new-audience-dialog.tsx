import { Form, useNavigate, useNavigation } from '@remix-run/react';
import { FilePlus2, LayoutTemplate } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { FolderNode } from '../../../core/contracts/audiences';
import { FormAlert, SelectField, TextField, useFocusFirstError } from '~/components/forms';
import { Button } from '~/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogTitle } from '~/components/ui/dialog';
import { audiencesHref, flattenFolders, type AudienceFilters } from '~/lib/audiences';
import { cn } from '~/lib/utils';

/** Whether the app has hydrated: false only for the server render and the first render after it. */
let hydratedOnce = false;
function useHydrated() {
  const [hydrated, setHydrated] = useState(hydratedOnce);
  useEffect(() => {
    hydratedOnce = true;
    setHydrated(true);
  }, []);
  return hydrated;
}

export interface TemplateChoice {
  id: string;
  name: string;
  description: string | null;
  category: string;
  builtIn: boolean;
}

interface CreateOutcome {
  message: string;
  fieldErrors?: Partial<Record<string, string[]>>;
  values?: Record<string, string>;
}

/**
 * "New audience": a name, where it lives, and a start — blank or one of the templates. Opened by
 * the address (`?new=1`), so the button is a link; without JavaScript the same form renders in
 * the page instead of a dialog.
 */
export function NewAudienceDialog({
  templates,
  folders,
  filters,
  outcome,
}: {
  templates: TemplateChoice[];
  folders: FolderNode[];
  filters: AudienceFilters;
  outcome: CreateOutcome | null;
}) {
  const navigate = useNavigate();
  const hydrated = useHydrated();
  const close = () => navigate(audiencesHref(filters), { preventScrollReset: true });
  const form = (
    <NewAudienceForm templates={templates} folders={folders} filters={filters} outcome={outcome} />
  );
  if (!hydrated)
    return (
      <section
        aria-labelledby="new-audience-title"
        className="space-y-4 rounded-xl border border-border bg-card p-6"
      >
        <h2 id="new-audience-title" className="text-lg font-semibold">
          New audience
        </h2>
        {form}
      </section>
    );
  return (
    <Dialog open onOpenChange={(open) => (open ? null : close())}>
      <DialogContent>
        <DialogTitle>New audience</DialogTitle>
        <DialogDescription>
          Name it and choose how to start. You can change everything afterwards.
        </DialogDescription>
        {form}
      </DialogContent>
    </Dialog>
  );
}

function NewAudienceForm({
  templates,
  folders,
  filters,
  outcome,
}: {
  templates: TemplateChoice[];
  folders: FolderNode[];
  filters: AudienceFilters;
  outcome: CreateOutcome | null;
}) {
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'create';
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, outcome);
  const flat = flattenFolders(folders);
  const categories = [...new Set(templates.map((t) => t.category))];
  const nameErrors = outcome?.fieldErrors?.name;
  const formError = outcome && !nameErrors?.length ? outcome.message : null;
  return (
    <Form ref={formRef} method="post" className="space-y-5">
      <input type="hidden" name="intent" value="create" />
      {formError ? (
        <FormAlert>
          <p>{formError}</p>
        </FormAlert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          name="name"
          id="new-audience-name"
          label="Name"
          required
          maxLength={120}
          autoComplete="off"
          autoFocus
          defaultValue={outcome?.values?.name}
          errors={nameErrors}
        />
        <SelectField
          name="folderId"
          id="new-audience-folder"
          label="Folder"
          defaultValue={filters.folder && filters.folder !== 'none' ? filters.folder : ''}
        >
          <option value="">Not in a folder</option>
          {flat.map((f) => (
            <option key={f.id} value={f.id}>
              {'\u00a0\u00a0'.repeat(f.depth)}
              {f.name}
            </option>
          ))}
        </SelectField>
      </div>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium">Start from</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          <StartChoice
            value=""
            defaultChecked
            title="Blank audience"
            icon={<FilePlus2 aria-hidden="true" className="size-4" />}
            description="An empty AND group: add conditions in the text form."
          />
        </div>
        {categories.map((category) => (
          <div key={category} className="space-y-2">
            <p className="text-xs font-medium tracking-wide text-muted-foreground uppercase">
              {category}
            </p>
            <div className="grid gap-2 sm:grid-cols-2">
              {templates
                .filter((t) => t.category === category)
                .map((t) => (
                  <StartChoice
                    key={t.id}
                    value={t.id}
                    title={t.name}
                    icon={<LayoutTemplate aria-hidden="true" className="size-4" />}
                    description={
                      t.description ?? (t.builtIn ? 'Built-in template' : 'Your template')
                    }
                  />
                ))}
            </div>
          </div>
        ))}
      </fieldset>
      <div className="flex justify-end gap-2">
        <Button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create audience'}
        </Button>
      </div>
    </Form>
  );
}

function StartChoice({
  value,
  title,
  description,
  icon,
  defaultChecked,
}: {
  value: string;
  title: string;
  description: string;
  icon: ReactNode;
  defaultChecked?: boolean;
}) {
  const id = `start-${value || 'blank'}`;
  return (
    <div className="relative">
      <input
        type="radio"
        id={id}
        name="templateId"
        value={value}
        defaultChecked={defaultChecked}
        aria-describedby={`${id}-description`}
        className="peer absolute top-3.5 left-3 size-4 accent-primary"
      />
      <label
        htmlFor={id}
        className={cn(
          'block h-full cursor-pointer rounded-lg border border-border p-3 pl-9 text-sm hover:bg-muted',
          'peer-checked:border-primary peer-checked:ring-1 peer-checked:ring-primary peer-focus-visible:ring-2 peer-focus-visible:ring-ring',
        )}
      >
        <span className="flex items-center gap-2 font-medium">
          {icon}
          {title}
        </span>
        <span id={`${id}-description`} className="mt-1 block text-xs text-muted-foreground">
          {description}
        </span>
      </label>
    </div>
  );
}
