import { z } from 'zod';
import { TargetFieldSchema } from '../ingest/column-mapping';

/*
 * Wire contracts of the uploads API (/api/uploads…, /api/contacts/export.csv) and the INGEST queue.
 *
 * The life of an upload:
 *   uploading → uploaded → processing → completed | completed_with_errors | failed | cancelled
 * `uploading`: parts arrive (part 1 first: it is sniffed for the preview while the rest upload).
 * `uploaded`: the R2 object is complete and waits for the mapping. `processing`: chunks are on the
 * INGEST queue. A finished upload can be processed again with a new mapping (a new generation).
 */

export const UPLOAD_STATUSES = [
  'uploading',
  'uploaded',
  'processing',
  'completed',
  'completed_with_errors',
  'failed',
  'cancelled',
] as const;
export const UploadStatusSchema = z.enum(UPLOAD_STATUSES);
export type UploadStatus = z.infer<typeof UploadStatusSchema>;

export const FINISHED_STATUSES: readonly UploadStatus[] = [
  'completed',
  'completed_with_errors',
  'failed',
  'cancelled',
];

const MiB = 1024 * 1024;
/** Bytes hashed at each end of the file for its fingerprint (so a re-selected file is recognised). */
export const FINGERPRINT_EDGE_BYTES = MiB;
/** The default part size; the server may choose larger parts for very large files (R2 allows 10,000). */
export const DEFAULT_PART_BYTES = 16 * MiB;

export const CreateUploadSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'The file needs a name')
    .max(255, 'File names are at most 255 characters'),
  sizeBytes: z.number().int().min(1, 'The file is empty: there is nothing to import'),
  /** The file's last-modified time (ms since epoch), as the browser reports it. */
  lastModified: z.number().int().min(0),
  /** Hex SHA-256 of the first and last MiB of the file (the whole file when it is smaller). */
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'fingerprint must be a hex SHA-256'),
});
export type CreateUpload = z.infer<typeof CreateUploadSchema>;

export const EncodingSchema = z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']);
export const DelimiterSchema = z.enum([',', ';', '\t', '|']);
export const QuoteSchema = z.enum(['"', "'"]);

/** What sniffing the first part found, and the user's corrections to it. */
export const DialectSchema = z.object({
  encoding: EncodingSchema,
  delimiter: DelimiterSchema,
  quote: QuoteSchema,
  /** 1-based physical line of the header row (title lines above it are skipped). */
  headerLine: z.number().int().min(1),
});
export type UploadDialect = z.infer<typeof DialectSchema>;

export const SniffViewSchema = DialectSchema.extend({
  bom: z.boolean(),
  lineBreak: z.enum(['\r\n', '\n', '\r']),
  headers: z.array(z.string()),
  preview: z.array(z.array(z.string())),
  warnings: z.array(z.string()),
});
export type SniffView = z.infer<typeof SniffViewSchema>;

export const ColumnSuggestionSchema = z.object({
  index: z.number().int(),
  header: z.string(),
  field: TargetFieldSchema.nullable(),
  confidence: z.number(),
  method: z.enum(['saved', 'exact', 'synonym', 'fuzzy', 'none']),
});

export const IdentifierSchema = z.enum(['email', 'phone', 'company_domain']);

export const UploadOptionsSchema = z.object({
  /** ISO 3166 alpha-2 country for phone numbers written without a country code. */
  defaultCountry: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'Use a two-letter country code such as US or GB')
    .transform((code) => code.toUpperCase())
    .nullable()
    .default('US'),
  /** Identifiers every row must have; empty means "at least one of email, phone or company domain". */
  required: z.array(IdentifierSchema).max(3).default([]),
  /** Keep unmapped columns as custom attributes. */
  keepUnmapped: z.boolean().default(false),
  /** Skip invalid rows and import the rest, or import nothing when more than `maxInvalidPercent` are invalid. */
  onInvalid: z.enum(['skip', 'stop']).default('skip'),
  maxInvalidPercent: z.number().min(0).max(100).default(10),
  /** Rows of this file that are the same person (same email, else phone, else `matchOn`). */
  inFile: z.enum(['keep_first', 'keep_last', 'merge']).default('keep_first'),
  /** The column identifying a person when a row has neither email nor phone; null: such rows are never merged. */
  matchOn: TargetFieldSchema.nullable().default(null),
  /** Rows that match a contact the organisation already has. */
  existing: z.enum(['skip', 'update', 'merge']).default('merge'),
});
export type UploadOptions = z.infer<typeof UploadOptionsSchema>;

export const ProcessUploadSchema = z.object({
  /** Per source column, in order: the field it maps to, or null to leave it unmapped. */
  mapping: z.array(TargetFieldSchema.nullable()).min(1).max(1000),
  options: UploadOptionsSchema.default(UploadOptionsSchema.parse({})),
  /** Corrections to the sniffed settings; omitted means "as sniffed". */
  dialect: DialectSchema.optional(),
  /** Remember this mapping for files with the same header. */
  saveMapping: z.boolean().default(true),
});
export type ProcessUpload = z.input<typeof ProcessUploadSchema>;
export type ProcessSettings = z.infer<typeof ProcessUploadSchema>;

export const CountsSchema = z.object({
  rows: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  /** Rows that repeat a person already in this file. */
  duplicates: z.number().int(),
  /** Contacts this upload added to the organisation. */
  created: z.number().int(),
  /** Contacts the organisation already had that this upload matched (skipped, updated or merged). */
  matched: z.number().int(),
});
export type UploadCounts = z.infer<typeof CountsSchema>;

export const RejectExampleSchema = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  reason: z.string(),
  /** The raw line, cut to 200 characters. */
  raw: z.string(),
});

export const QualitySchema = z.object({
  score: z.number(),
  validity: z.number(),
  completeness: z.number(),
  uniqueness: z.number(),
  columns: z.array(
    z.object({
      name: z.string(),
      field: z.string().nullable(),
      completeness: z.number(),
      validity: z.number(),
    }),
  ),
  reasons: z.array(
    z.object({
      reason: z.string(),
      count: z.number().int(),
      examples: z.array(RejectExampleSchema),
    }),
  ),
});
export type UploadQuality = z.infer<typeof QualitySchema>;

export const ProgressSchema = z.object({
  chunksTotal: z.number().int(),
  chunksDone: z.number().int(),
  /** Chunks that exhausted their retries and wait in the dead-letter queue for a replay. */
  chunksFailed: z.array(z.number().int()),
  rowsProcessed: z.number().int(),
  rowsPerSecond: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  phase: z.enum(['validate', 'write']),
});
export type UploadProgress = z.infer<typeof ProgressSchema>;

export const UploadSchema = z.object({
  id: z.string(),
  name: z.string(),
  sizeBytes: z.number().int(),
  lastModified: z.number().int(),
  fingerprint: z.string(),
  status: UploadStatusSchema,
  partSize: z.number().int(),
  partCount: z.number().int(),
  /** Part numbers (1-based) already stored: a resuming client sends only the others. */
  partsStored: z.array(z.number().int()),
  generation: z.number().int(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  uploadedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  sourceDeletedAt: z.string().nullable(),
  sniff: SniffViewSchema.nullable(),
  suggestions: z.array(ColumnSuggestionSchema).nullable(),
  settings: ProcessUploadSchema.nullable(),
  progress: ProgressSchema.nullable(),
  counts: CountsSchema.nullable(),
  quality: QualitySchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type Upload = z.infer<typeof UploadSchema>;

export const UploadSummarySchema = UploadSchema.pick({
  id: true,
  name: true,
  sizeBytes: true,
  status: true,
  createdBy: true,
  createdAt: true,
  finishedAt: true,
  counts: true,
  error: true,
}).extend({ qualityScore: z.number().nullable() });
export type UploadSummary = z.infer<typeof UploadSummarySchema>;

export const UPLOAD_SORTS = ['created_at', 'name', 'size', 'status'] as const;

export const UploadListQuerySchema = z.object({
  q: z.string().trim().max(255).optional(),
  status: UploadStatusSchema.optional(),
  uploader: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  sort: z.enum(UPLOAD_SORTS).default('created_at'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type UploadListQuery = z.input<typeof UploadListQuerySchema>;
export type UploadListParams = z.output<typeof UploadListQuerySchema>;

export const UploadListSchema = z.object({
  uploads: z.array(UploadSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type UploadList = z.infer<typeof UploadListSchema>;

/** What the upload screen states before anyone picks a file. */
export const UploadLimitsSchema = z.object({
  maxBytes: z.number().int(),
  partSize: z.number().int(),
  retentionDays: z.number().int(),
});
export type UploadLimits = z.infer<typeof UploadLimitsSchema>;

export const DeleteUploadQuerySchema = z.object({
  /** Also remove the contacts that came only from this upload. */
  records: z.enum(['keep', 'remove']).default('keep'),
});

/** One INGEST message: a chunk of an upload to validate (the "stop" policy's first pass) or write. */
export const IngestChunkMessageSchema = z.object({
  type: z.literal('ingest.chunk'),
  orgId: z.string(),
  uploadId: z.string(),
  generation: z.number().int().min(1),
  phase: z.enum(['validate', 'write']),
  chunk: z.number().int().min(0),
});
export type IngestChunkMessage = z.infer<typeof IngestChunkMessageSchema>;
