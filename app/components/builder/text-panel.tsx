import { useMemo, useState } from 'react';
import { z } from 'zod';
import { printDefinition, type NameResolver } from '../../../core/audience/text-form';
import { ParsedSchema } from '../../../core/contracts/audiences';
import { useBuilder } from './builder-context';
import { TextFormEditor, type TextOutcome } from '~/components/audiences/text-form-editor';
import { carryNodeIds, type NameBook } from '~/lib/audiences';
import { callApi } from '~/lib/uploads-client';

const ParseErrorDetailsSchema = z.object({
  line: z.number().int(),
  column: z.number().int(),
  offset: z.number().int(),
});

/** Printing needs names by id only; parsing (by name) happens on the server. */
function resolverOf(names: NameBook): NameResolver {
  const idsByName = (book: Record<string, string>, name: string) =>
    Object.entries(book)
      .filter(([, n]) => n === name)
      .map(([id]) => id);
  return {
    listName: (id) => names.lists[id],
    listIdsByName: (name) => idsByName(names.lists, name),
    audienceName: (id) => names.audiences[id],
    audienceIdsByName: (name) => idsByName(names.audiences, name),
    topicName: (id) => names.topics[id],
    topicIdsByName: (name) => idsByName(names.topics, name),
  };
}

/**
 * The draft as text, always the room's current draft. Applying parses on the server and sends the
 * result as one `replace` op, with the ids of nodes that stayed in place carried over so sizes,
 * teammates' selections and the version diff keep following them.
 */
export function TextPanel() {
  const { definition, catalog, replace, readOnly } = useBuilder();
  const [outcome, setOutcome] = useState<TextOutcome | null>(null);
  const [applying, setApplying] = useState(false);
  const text = useMemo(
    () => printDefinition(definition, resolverOf(catalog.names)),
    [definition, catalog.names],
  );
  const reference = useMemo(
    () => ({
      fields: catalog.fields.map(({ id, label, type }) => ({ id, label, type })),
      lists: catalog.lists.map((l) => l.name),
    }),
    [catalog.fields, catalog.lists],
  );

  const apply = async (next: string) => {
    setApplying(true);
    const parsed = await callApi('/api/audiences/parse', (b) => ParsedSchema.parse(b), {
      method: 'POST',
      json: { text: next },
    });
    setApplying(false);
    if (!parsed.ok) {
      const at = ParseErrorDetailsSchema.safeParse(parsed.details);
      setOutcome({
        intent: 'apply-text',
        ok: false,
        message: parsed.message,
        text: next,
        ...(parsed.code === 'parse_error' && at.success
          ? { parseError: { message: parsed.message, ...at.data } }
          : {}),
      });
      return;
    }
    setOutcome(null);
    replace(carryNodeIds(definition, parsed.data.definition));
  };

  return (
    <TextFormEditor
      text={text}
      canEdit={!readOnly}
      outcome={outcome}
      reference={reference}
      onApply={(t) => void apply(t)}
      applying={applying}
    />
  );
}
