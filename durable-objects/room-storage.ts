import { z } from 'zod';
import { DefinitionSchema } from '../core/audience/definition';
import { RoomLogEntrySchema } from '../core/contracts/room-messages';
import { OpSchema } from '../core/room/ops';
import { RoomState, type Stacks, type StoredEntry } from '../core/room/room-state';

/*
 * An AudienceRoom's own SQLite: the draft and its seq, the bounded op log and each user's undo /
 * redo stacks. Written synchronously after every accepted op (the Durable Object's output gate
 * holds the broadcast until the write is durable), read once when the room starts.
 * Append-only migrations: add statements to SCHEMA, never edit one.
 */
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS room_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS room_log (seq INTEGER PRIMARY KEY, entry TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS room_stacks (actor TEXT PRIMARY KEY, stacks TEXT NOT NULL)`,
];

const DraftSchema = z.object({ definition: DefinitionSchema, seq: z.number().int().nonnegative() });
const StoredEntrySchema = RoomLogEntrySchema.extend({
  inverse: OpSchema,
  footprint: z.array(z.string()),
});
const UndoStepSchema = z.object({
  seq: z.number().int(),
  inverse: OpSchema,
  footprint: z.array(z.string()),
  summary: z.string(),
  coalesceKey: z.string().nullable(),
  lastAt: z.number(),
});
const StacksSchema = z.object({ undo: z.array(UndoStepSchema), redo: z.array(UndoStepSchema) });

export class RoomStorage {
  constructor(private readonly sql: SqlStorage) {
    for (const statement of SCHEMA) sql.exec(statement);
  }

  /** The room as it was persisted, or undefined for a room that never started. */
  load(): RoomState | undefined {
    const draft = this.meta('draft');
    if (draft === undefined) return undefined;
    const { definition, seq } = DraftSchema.parse(JSON.parse(draft));
    const log = this.sql
      .exec<{ entry: string }>(`SELECT entry FROM room_log ORDER BY seq`)
      .toArray()
      .map((row) => StoredEntrySchema.parse(JSON.parse(row.entry)) as StoredEntry);
    const stacks = this.sql
      .exec<{ actor: string; stacks: string }>(`SELECT actor, stacks FROM room_stacks`)
      .toArray()
      .map((row): [string, Stacks] => [row.actor, StacksSchema.parse(JSON.parse(row.stacks))]);
    return new RoomState(definition, seq, log, stacks);
  }

  saveDraft(state: RoomState) {
    this.setMeta('draft', JSON.stringify({ definition: state.definition, seq: state.seq }));
  }

  saveApplied(
    state: RoomState,
    outcome: { entry: StoredEntry; trimmedThrough: number | null },
    actor: string,
  ) {
    this.saveDraft(state);
    this.sql.exec(
      `INSERT INTO room_log (seq, entry) VALUES (?, ?)`,
      outcome.entry.seq,
      JSON.stringify(outcome.entry),
    );
    if (outcome.trimmedThrough !== null)
      this.sql.exec(`DELETE FROM room_log WHERE seq <= ?`, outcome.trimmedThrough);
    this.saveStacks(actor, state.stacksOf(actor));
  }

  saveStacks(actor: string, stacks: Stacks) {
    this.sql.exec(
      `INSERT INTO room_stacks (actor, stacks) VALUES (?, ?)
       ON CONFLICT (actor) DO UPDATE SET stacks = excluded.stacks`,
      actor,
      JSON.stringify(stacks),
    );
  }

  /** The last seq written to Turso (autosave or a saved version). */
  savedSeq(): number {
    return Number(this.meta('saved_seq') ?? '0');
  }

  setSavedSeq(seq: number) {
    this.setMeta('saved_seq', String(seq));
  }

  private meta(key: string): string | undefined {
    return this.sql
      .exec<{ value: string }>(`SELECT value FROM room_meta WHERE key = ?`, key)
      .toArray()[0]?.value;
  }

  private setMeta(key: string, value: string) {
    this.sql.exec(
      `INSERT INTO room_meta (key, value) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      key,
      value,
    );
  }
}
