import { z } from 'zod';

/** Messages the AudienceRoom sends to a connected client. Grows with the live builder. */
export const RoomWelcomeSchema = z.object({
  type: z.literal('welcome'),
  room: z.string(),
  connectionId: z.string(),
  connections: z.number().int().nonnegative(),
  /** Viewers (and tokens without co-edit rights) may watch but not edit. */
  readOnly: z.boolean(),
});

export const RoomPongSchema = z.object({
  type: z.literal('pong'),
  nonce: z.string(),
});

export const RoomErrorSchema = z.object({
  type: z.literal('error'),
  code: z.string(),
  message: z.string(),
});

export const RoomServerMessageSchema = z.discriminatedUnion('type', [
  RoomWelcomeSchema,
  RoomPongSchema,
  RoomErrorSchema,
]);
export type RoomServerMessage = z.infer<typeof RoomServerMessageSchema>;

/** Messages a client may send to the AudienceRoom. */
export const RoomClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping'), nonce: z.string().max(64) }),
]);
export type RoomClientMessage = z.infer<typeof RoomClientMessageSchema>;

/** WebSocket close codes the room uses (4000-4999 are application-defined). */
export const RoomCloseCode = {
  invalidMessage: 4400,
  unauthorised: 4401,
  forbidden: 4403,
} as const;
