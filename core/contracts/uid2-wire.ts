import { z } from 'zod';

/*
 * The UID2 operator's JSON, as the identity map client reads it (external-apis.md §1.6–1.8).
 * Validated after decryption, so a changed or broken response fails loudly instead of storing
 * nonsense.
 */

const RawUid2Schema = z.string().regex(/^[A-Za-z0-9+/]{43}=?$|^[A-Za-z0-9+/]{44}$/);

export const Uid2MappedSchema = z.object({
  u: RawUid2Schema,
  p: RawUid2Schema.nullable(),
  /** Refresh after, Unix seconds. */
  r: z.number().int().nonnegative(),
});

export const Uid2UnmappedSchema = z.object({ e: z.string() });

export const Uid2V3EntrySchema = z.union([Uid2MappedSchema, Uid2UnmappedSchema]);
export type Uid2V3Entry = z.infer<typeof Uid2V3EntrySchema>;

export const Uid2V3ResponseSchema = z.object({
  status: z.literal('success'),
  body: z.object({
    email: z.array(Uid2V3EntrySchema),
    email_hash: z.array(Uid2V3EntrySchema),
    phone: z.array(Uid2V3EntrySchema),
    phone_hash: z.array(Uid2V3EntrySchema),
  }),
});
export type Uid2V3Response = z.infer<typeof Uid2V3ResponseSchema>;

export const Uid2OptoutStatusSchema = z.object({
  status: z.literal('success'),
  body: z.object({
    opted_out: z.array(z.object({ advertising_id: z.string(), opted_out_since: z.number() })),
  }),
});

/** Non-200 bodies are plain JSON: `{ status, message? }`. */
export const Uid2ErrorSchema = z.object({ status: z.string(), message: z.string().optional() });
