import { useEffect, useMemo, useState } from 'react';
import type { FieldView } from '../../../core/audience/field-catalog';
import {
  FieldsSchema,
  TemplateListSchema,
  type TemplateSchema,
} from '../../../core/contracts/audiences';
import type { IntentCluster, IntentTopic } from '../../../core/contracts/intent';
import { UploadListSchema } from '../../../core/contracts/uploads';
import type { z } from 'zod';
import type { NameBook } from '~/lib/audiences';
import { topicNames } from '~/lib/intent';
import { IntentClusterListSchema, IntentTopicListSchema } from '~/lib/intent-schemas';
import { callApi } from '~/lib/uploads-client';

/*
 * What the builder's pickers choose from: the whole field catalog (with every option), the
 * organisation's latest lists and the templates. The page's server render only carries the names
 * the saved draft uses; the rest is fetched once the builder is on screen, so a long country list
 * never weighs on the first paint.
 */

export type Template = z.infer<typeof TemplateSchema>;

export interface BuilderCatalog {
  fields: FieldView[];
  lists: Array<{ id: string; name: string }>;
  audiences: Array<{ id: string; name: string }>;
  templates: Template[] | null;
  /** Bombora's topic taxonomy; null until it has loaded (or when it could not be). */
  topics: IntentTopic[] | null;
  /** The topics the organisation pulls from Bombora (scores exist only for these). */
  syncedTopics: string[];
  clusters: IntentCluster[];
  /** The topic list could not be loaded: the intent editor falls back to typing topic ids. */
  topicsProblem: string | null;
  names: NameBook;
  /** A fetch failed: the pickers say so instead of looking empty. */
  problem: string | null;
}

export function useBuilderCatalog(
  initialNames: NameBook,
  audiences: Array<{ id: string; name: string }>,
): BuilderCatalog {
  const [fields, setFields] = useState<FieldView[]>([]);
  const [lists, setLists] = useState<Array<{ id: string; name: string }>>([]);
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [topics, setTopics] = useState<IntentTopic[] | null>(null);
  const [syncedTopics, setSyncedTopics] = useState<string[]>([]);
  const [clusters, setClusters] = useState<IntentCluster[]>([]);
  const [topicsProblem, setTopicsProblem] = useState<string | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    const { signal } = abort;
    void Promise.all([
      callApi('/api/audiences/fields', (b) => FieldsSchema.parse(b), { signal }),
      callApi('/api/uploads?pageSize=100', (b) => UploadListSchema.parse(b), { signal }),
      callApi('/api/audience-templates', (b) => TemplateListSchema.parse(b), { signal }),
    ])
      .then(([f, u, t]) => {
        if (f.ok) setFields(f.data.fields);
        if (u.ok) setLists(u.data.uploads.map(({ id, name }) => ({ id, name })));
        if (t.ok) setTemplates(t.data.templates);
        const failed = [f, u, t].find((r) => !r.ok);
        if (failed && !failed.ok) setProblem(failed.message);
      })
      .catch((error: unknown) => {
        if (!(error instanceof DOMException && error.name === 'AbortError'))
          setProblem('Could not load the field catalog. Reload the page to try again.');
      });
    // Intent topics load on their own: without Bombora connected the rest of the builder still works.
    void Promise.all([
      callApi('/api/intent/topics', (b) => IntentTopicListSchema.parse(b), { signal }),
      callApi('/api/intent/clusters', (b) => IntentClusterListSchema.parse(b), { signal }),
    ])
      .then(([t, c]) => {
        if (t.ok) {
          setTopics(t.data.topics);
          setSyncedTopics(t.data.selected);
        } else setTopicsProblem(t.message);
        if (c.ok) setClusters(c.data.clusters);
      })
      .catch((error: unknown) => {
        if (!(error instanceof DOMException && error.name === 'AbortError'))
          setTopicsProblem('Could not load the intent topics.');
      });
    return () => abort.abort();
  }, []);

  const names = useMemo<NameBook>(
    () => ({
      fields: {
        ...initialNames.fields,
        ...Object.fromEntries(fields.map((f) => [f.id, f] as const)),
      },
      lists: { ...initialNames.lists, ...Object.fromEntries(lists.map((l) => [l.id, l.name])) },
      audiences: {
        ...initialNames.audiences,
        ...Object.fromEntries(audiences.map((a) => [a.id, a.name])),
      },
      topics: { ...initialNames.topics, ...topicNames(topics ?? []) },
    }),
    [initialNames, fields, lists, audiences, topics],
  );

  return {
    fields,
    lists,
    audiences,
    templates,
    topics,
    syncedTopics,
    clusters,
    topicsProblem,
    names,
    problem,
  };
}
