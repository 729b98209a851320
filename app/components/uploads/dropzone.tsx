import { FileUp } from 'lucide-react';
import { useId, useRef, useState, type DragEvent } from 'react';
import { ACCEPTED_FILE_TYPES, formatBytes } from '~/lib/uploads';
import { cn } from '~/lib/utils';

/**
 * Where files are dropped or picked (several at once). The file input is the real control — a
 * keyboard or screen-reader user reaches it as "Choose CSV files" — and the whole zone accepts a
 * drop, with the outline showing when a drag is over it.
 */
export function Dropzone({
  maxBytes,
  retentionDays,
  onFiles,
}: {
  maxBytes: number;
  retentionDays: number;
  onFiles: (files: File[]) => void;
}) {
  const inputId = useId();
  const hintId = `${inputId}-hint`;
  const [over, setOver] = useState(false);
  const depth = useRef(0);

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    depth.current = 0;
    setOver(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length) onFiles(files);
  };

  return (
    <div
      onDragEnter={(event) => {
        event.preventDefault();
        depth.current++;
        setOver(true);
      }}
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={onDrop}
      data-dragging={over || undefined}
      className={cn(
        'flex flex-col items-center gap-3 rounded-xl border-2 border-dashed border-border-strong bg-card px-6 py-10 text-center transition-colors',
        over && 'border-primary bg-accent',
      )}
    >
      <div className="flex size-12 items-center justify-center rounded-full bg-accent text-accent-foreground">
        <FileUp aria-hidden="true" className="size-6" />
      </div>
      <p className="text-base font-semibold text-foreground">
        {over ? 'Drop to upload' : 'Drag CSV files here'}
      </p>
      <p id={hintId} className="max-w-md text-sm text-muted-foreground">
        CSV, TSV or TXT files up to {formatBytes(maxBytes)} each. Large files upload in parts and
        can be resumed: pick the same file again if the upload stops. Source files are kept for{' '}
        {retentionDays} days; imported contacts stay.
      </p>
      <div>
        <input
          id={inputId}
          type="file"
          multiple
          accept={ACCEPTED_FILE_TYPES}
          aria-describedby={hintId}
          className="peer sr-only"
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            // Reset so picking the same file again (to resume it) fires a change.
            event.target.value = '';
            if (files.length) onFiles(files);
          }}
        />
        <label
          htmlFor={inputId}
          className="inline-flex h-9 cursor-pointer items-center justify-center gap-2 rounded-md bg-primary px-4 text-sm font-medium text-primary-foreground shadow-xs hover:bg-primary-hover peer-focus-visible:ring-2 peer-focus-visible:ring-ring peer-focus-visible:ring-offset-2"
        >
          Choose CSV files
        </label>
      </div>
    </div>
  );
}
