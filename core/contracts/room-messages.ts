import { z } from 'zod';
import { DefinitionSchema } from '../audience/definition';
import { OpSchema } from '../room/ops';

/*
 * The AudienceRoom wire protocol (JSON text frames). A client joins, says `hello` with the last
 * sequence number it holds, and gets either the ops it missed or a snapshot; then it sends ops,
 * undo / redo, presence, and reads history. Every message is validated on both ends.
 */

const ClientOpId = z.string().min(1).max(64);
const NodeIdList = z.array(z.string().max(64)).max(50);
/** A point on the canvas in flow coordinates. */
const CursorSchema = z.object({ x: z.number().finite(), y: z.number().finite() });

/** Messages a client may send to the AudienceRoom. */
export const RoomClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping'), nonce: z.string().max(64) }),
  /** First message after connecting. `since`: the last seq this client holds (null: none). */
  z.object({ type: z.literal('hello'), since: z.number().int().nonnegative().nullable() }),
  z.object({ type: z.literal('op'), clientOpId: ClientOpId, op: OpSchema }),
  z.object({ type: z.literal('undo'), clientOpId: ClientOpId }),
  z.object({ type: z.literal('redo'), clientOpId: ClientOpId }),
  /** Restore the draft as it was right after `seq` (a new op; nothing is rewritten). */
  z.object({
    type: z.literal('restore'),
    clientOpId: ClientOpId,
    seq: z.number().int().nonnegative(),
  }),
  z.object({
    type: z.literal('presence'),
    selection: NodeIdList,
    cursor: CursorSchema.nullable(),
  }),
  /** A page of the history timeline, newest first, before `before` (exclusive). */
  z.object({
    type: z.literal('history'),
    before: z.number().int().positive().nullable(),
    limit: z.number().int().min(1).max(200),
  }),
  z.object({ type: z.literal('save_version'), note: z.string().max(500).optional() }),
]);
export type RoomClientMessage = z.infer<typeof RoomClientMessageSchema>;

export const LogEntryKindSchema = z.enum(['edit', 'undo', 'redo', 'restore']);
export type LogEntryKind = z.infer<typeof LogEntryKindSchema>;

/** One accepted op, as the room broadcasts it and lists it in the history. */
export const RoomLogEntrySchema = z.object({
  seq: z.number().int().positive(),
  actor: z.string(),
  actorName: z.string(),
  at: z.number().int(),
  kind: LogEntryKindSchema,
  op: OpSchema,
  /** What it did, in words ("changed the value"). */
  summary: z.string(),
  /** The sender's id for the op (its own echo), when it came from a client message. */
  clientOpId: z.string().nullable(),
});
export type RoomLogEntry = z.infer<typeof RoomLogEntrySchema>;

export const PeerSchema = z.object({
  connectionId: z.string(),
  actor: z.string(),
  name: z.string(),
  /** A colour for the avatar, cursor and selection highlight (stable per actor). */
  color: z.string(),
  readOnly: z.boolean(),
  selection: NodeIdList,
  cursor: CursorSchema.nullable(),
});
export type Peer = z.infer<typeof PeerSchema>;

const NodeSizeSchema = z.object({
  size: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative().optional(),
});

export const RoomIssueSchema = z.object({
  nodeId: z.string(),
  code: z.string(),
  message: z.string(),
});

/** Messages the AudienceRoom sends to a connected client. */
export const RoomServerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    room: z.string(),
    connectionId: z.string(),
    connections: z.number().int().nonnegative(),
    /** Viewers (and tokens without co-edit rights) may watch but not edit. */
    readOnly: z.boolean(),
    actor: z.string(),
    /** May save versions (`audience:publish`). */
    canPublish: z.boolean(),
  }),
  z.object({ type: z.literal('pong'), nonce: z.string() }),
  z.object({
    type: z.literal('snapshot'),
    seq: z.number().int().nonnegative(),
    definition: DefinitionSchema,
  }),
  /** The ops after the client's `since`, oldest first; then it is up to date. */
  z.object({ type: z.literal('catch_up'), entries: z.array(RoomLogEntrySchema) }),
  z.object({ type: z.literal('applied'), entry: RoomLogEntrySchema }),
  /** To the sender only: the op was refused, nothing changed. */
  z.object({
    type: z.literal('rejected'),
    clientOpId: ClientOpId,
    code: z.string(),
    reason: z.string(),
  }),
  /** To the sender only: their undo / redo step could not be applied and was dropped. */
  z.object({
    type: z.literal('skipped'),
    clientOpId: ClientOpId,
    action: z.enum(['undo', 'redo']),
    code: z.string(),
    reason: z.string(),
  }),
  /** To the actor's connections: what undo / redo would do next. */
  z.object({
    type: z.literal('stacks'),
    undo: z.number().int().nonnegative(),
    redo: z.number().int().nonnegative(),
    nextUndo: z.string().nullable(),
    nextRedo: z.string().nullable(),
  }),
  z.object({ type: z.literal('presence'), peers: z.array(PeerSchema) }),
  z.object({
    type: z.literal('sizes'),
    /** The draft seq these sizes were counted for (older than the client's: ignore). */
    seq: z.number().int().nonnegative(),
    valid: z.boolean(),
    total: z.number().int().nonnegative().nullable(),
    nodes: z.record(z.string(), NodeSizeSchema),
    issues: z.array(RoomIssueSchema),
    countedAt: z.string(),
    durationMs: z.number().nonnegative(),
  }),
  z.object({
    type: z.literal('history'),
    entries: z.array(RoomLogEntrySchema),
    /** The oldest seq the room still holds (history is bounded). */
    oldestSeq: z.number().int().nonnegative(),
    hasMore: z.boolean(),
  }),
  /** The draft was written to the audience (autosave). */
  z.object({ type: z.literal('saved'), seq: z.number().int().nonnegative(), at: z.number() }),
  z.object({
    type: z.literal('version_saved'),
    version: z.number().int().positive(),
    total: z.number().int().nonnegative().nullable(),
    by: z.string(),
  }),
  z.object({
    type: z.literal('error'),
    code: z.string(),
    message: z.string(),
    issues: z.array(RoomIssueSchema).optional(),
  }),
]);
export type RoomServerMessage = z.infer<typeof RoomServerMessageSchema>;
export type RoomSizes = Extract<RoomServerMessage, { type: 'sizes' }>;

/** The largest frame a client may send (bytes); a replace of a 500-node draft fits. */
export const MAX_CLIENT_MESSAGE_BYTES = 256 * 1024;

/** WebSocket close codes the room uses (4000-4999 are application-defined). */
export const RoomCloseCode = {
  invalidMessage: 4400,
  unauthorised: 4401,
  forbidden: 4403,
  notFound: 4404,
  tooLarge: 4413,
  rateLimited: 4429,
} as const;
