import { z } from 'zod';

/*
 * The Trade Desk Data API's responses (external-apis.md §2.5). A 200 may still refuse items: each
 * refused item is a FailedLines entry with a 1-based ItemNumber (a string).
 */

export const TtdFailedLineSchema = z
  .object({
    ErrorCode: z.string(),
    Message: z.string().nullish(),
    ItemNumber: z.union([z.string(), z.number()]).nullish(),
    DataNumber: z.union([z.string(), z.number()]).nullish(),
    DataName: z.string().nullish(),
  })
  .passthrough();
export type TtdFailedLine = z.infer<typeof TtdFailedLineSchema>;

export const TtdResponseSchema = z
  .object({ FailedLines: z.array(TtdFailedLineSchema).nullish() })
  .passthrough();
