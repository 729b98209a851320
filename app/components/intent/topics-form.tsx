import { Form } from '@remix-run/react';
import { Save } from 'lucide-react';
import { useState } from 'react';
import type { IntentTopic } from '../../../core/contracts/intent';
import { TopicPicker } from './topic-picker';
import { FormAlert } from '~/components/forms';
import { Button } from '~/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '~/components/ui/card';

/** Which of Bombora's topics the organisation pulls each week (saved with the settings). */
export function TopicsForm({
  topics,
  saved,
  canEdit,
  busy,
  formError,
}: {
  topics: IntentTopic[];
  /** The topic ids as stored. */
  saved: string[];
  canEdit: boolean;
  busy: boolean;
  formError: string | undefined;
}) {
  const [chosen, setChosen] = useState<string[]>(saved);
  const dirty = chosen.length !== saved.length || chosen.some((id) => !saved.includes(id));
  return (
    <Card>
      <CardHeader>
        <CardTitle id="topics-heading">Topics</CardTitle>
        <CardDescription>
          Bombora scores each company on the topics you choose here, once a week. Audiences can use
          any of them; fewer topics make syncs faster and use fewer API calls.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Form
          method="post"
          aria-labelledby="topics-heading"
          className="space-y-4"
          preventScrollReset
        >
          <input type="hidden" name="intent" value="topics" />
          {formError ? <FormAlert>{formError}</FormAlert> : null}
          {topics.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              The topic list is not available yet. It loads from Bombora once the connection works.
            </p>
          ) : (
            <TopicPicker
              label="Topics to sync"
              topics={topics}
              value={chosen}
              onChange={setChosen}
              name="topicIds"
              disabled={!canEdit}
            />
          )}
          {canEdit && topics.length > 0 ? (
            <div className="flex flex-wrap items-center gap-3">
              <Button type="submit" disabled={busy || !dirty}>
                <Save aria-hidden="true" />
                {busy ? 'Saving…' : 'Save topics'}
              </Button>
              {dirty ? (
                <>
                  <span className="text-sm text-muted-foreground">Unsaved changes</span>
                  <Button variant="ghost" size="sm" onClick={() => setChosen(saved)}>
                    Undo changes
                  </Button>
                </>
              ) : null}
            </div>
          ) : null}
        </Form>
      </CardContent>
    </Card>
  );
}
