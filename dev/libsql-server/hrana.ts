// Hrana-over-HTTP protocol structures (JSON encoding), as specified in tursodatabase/libsql
// docs/HRANA_3_SPEC.md. Requests are validated with zod; unknown fields are dropped, as the spec
// asks peers to ignore them for forward compatibility. Responses are plain TypeScript types.
import { z } from 'zod';

const int32 = z
  .number()
  .int()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1);

export const ValueSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('null') }),
  // 64-bit integers travel as decimal strings so that JSON numbers never lose precision.
  z.object({ type: z.literal('integer'), value: z.string().regex(/^-?\d+$/, 'not an integer') }),
  z.object({ type: z.literal('float'), value: z.number() }),
  z.object({ type: z.literal('text'), value: z.string() }),
  z.object({
    type: z.literal('blob'),
    base64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
  }),
]);
export type Value = z.infer<typeof ValueSchema>;

export const StmtSchema = z.object({
  sql: z.string().nullish(),
  sql_id: int32.nullish(),
  args: z.array(ValueSchema).default([]),
  named_args: z.array(z.object({ name: z.string(), value: ValueSchema })).default([]),
  want_rows: z.boolean().nullish(),
});
export type Stmt = z.infer<typeof StmtSchema>;

export type BatchCond =
  | { type: 'ok'; step: number }
  | { type: 'error'; step: number }
  | { type: 'not'; cond: BatchCond }
  | { type: 'and'; conds: BatchCond[] }
  | { type: 'or'; conds: BatchCond[] }
  | { type: 'is_autocommit' };

const step = z.number().int().min(0);
export const BatchCondSchema: z.ZodType<BatchCond> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('ok'), step }),
    z.object({ type: z.literal('error'), step }),
    z.object({ type: z.literal('not'), cond: BatchCondSchema }),
    z.object({ type: z.literal('and'), conds: z.array(BatchCondSchema) }),
    z.object({ type: z.literal('or'), conds: z.array(BatchCondSchema) }),
    z.object({ type: z.literal('is_autocommit') }),
  ]),
);

export const BatchSchema = z.object({
  steps: z.array(z.object({ condition: BatchCondSchema.nullish(), stmt: StmtSchema })),
});
export type Batch = z.infer<typeof BatchSchema>;

const sqlRef = { sql: z.string().nullish(), sql_id: int32.nullish() };

export const StreamRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('close') }),
  z.object({ type: z.literal('execute'), stmt: StmtSchema }),
  z.object({ type: z.literal('batch'), batch: BatchSchema }),
  z.object({ type: z.literal('sequence'), ...sqlRef }),
  z.object({ type: z.literal('describe'), ...sqlRef }),
  z.object({ type: z.literal('store_sql'), sql_id: int32, sql: z.string() }),
  z.object({ type: z.literal('close_sql'), sql_id: int32 }),
  z.object({ type: z.literal('get_autocommit') }),
]);
export type StreamRequest = z.infer<typeof StreamRequestSchema>;

export const PipelineReqBodySchema = z.object({
  baton: z.string().nullish(),
  requests: z.array(StreamRequestSchema),
});
export type PipelineReqBody = z.infer<typeof PipelineReqBodySchema>;

export const CursorReqBodySchema = z.object({
  baton: z.string().nullish(),
  batch: BatchSchema,
});
export type CursorReqBody = z.infer<typeof CursorReqBodySchema>;

// ---- responses ----

export interface HranaError {
  message: string;
  code: string;
}

export interface Col {
  name: string | null;
  decltype: string | null;
}

export interface StmtResult {
  cols: Col[];
  rows: Value[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
  // Hrana 3 (v3 endpoints) only.
  rows_read?: number;
  rows_written?: number;
  query_duration_ms?: number;
}

export interface BatchResult {
  step_results: (StmtResult | null)[];
  step_errors: (HranaError | null)[];
}

export interface DescribeResult {
  params: { name: string | null }[];
  cols: { name: string; decltype: string | null }[];
  is_explain: boolean;
  is_readonly: boolean;
}

export type StreamResponse =
  | { type: 'close' }
  | { type: 'execute'; result: StmtResult }
  | { type: 'batch'; result: BatchResult }
  | { type: 'sequence' }
  | { type: 'describe'; result: DescribeResult }
  | { type: 'store_sql' }
  | { type: 'close_sql' }
  | { type: 'get_autocommit'; is_autocommit: boolean };

export type StreamResult =
  { type: 'ok'; response: StreamResponse } | { type: 'error'; error: HranaError };

export interface PipelineRespBody {
  baton: string | null;
  base_url: string | null;
  results: StreamResult[];
}

export interface CursorRespBody {
  baton: string | null;
  base_url: string | null;
}

export type CursorEntry =
  | { type: 'step_begin'; step: number; cols: Col[] }
  | { type: 'step_end'; affected_row_count: number; last_insert_rowid: string | null }
  | { type: 'step_error'; step: number; error: HranaError }
  | { type: 'row'; row: Value[] }
  | { type: 'error'; error: HranaError };

/** Protocol version of the endpoint a request came in on; some features need version 3. */
export type HranaVersion = 2 | 3;

/** Renders zod issues as one line for a 400 response. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
