import { Check, Copy } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from '~/components/ui/button';

/**
 * Copies a value to the clipboard and says so. Rendered only once JavaScript runs (it cannot work
 * without it); the value itself sits in a read-only field that can be selected and copied by hand.
 */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [hydrated, setHydrated] = useState(false);
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 4_000);
    return () => clearTimeout(timer);
  }, [state]);

  if (!hydrated) return null;
  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          navigator.clipboard.writeText(value).then(
            () => setState('copied'),
            () => setState('failed'),
          );
        }}
      >
        {state === 'copied' ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
        {label}
      </Button>
      <span role="status" className="sr-only">
        {state === 'copied'
          ? 'Copied to the clipboard'
          : state === 'failed'
            ? 'Could not copy; select the text and copy it instead'
            : ''}
      </span>
    </>
  );
}
