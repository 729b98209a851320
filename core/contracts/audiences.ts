import { z } from 'zod';
import { DefinitionSchema } from '../audience/definition';
import { FieldViewSchema } from '../audience/field-catalog';

/*
 * Wire contracts of the audiences API: /api/audiences…, /api/audience-folders…,
 * /api/audience-templates…. Shapes are written out field by field (STYLE 19), so a column added
 * to a table never reaches the API unasked.
 */

export const AUDIENCE_STATUSES = ['active', 'archived'] as const;
export const AudienceStatusSchema = z.enum(AUDIENCE_STATUSES);

const IdSchema = z.string().trim().min(1).max(100);
export const AudienceNameSchema = z
  .string()
  .trim()
  .min(1, 'The audience needs a name')
  .max(120, 'Names are at most 120 characters');
const DescriptionSchema = z.string().trim().max(2000, 'Descriptions are at most 2,000 characters');
export const TagSchema = z
  .string()
  .trim()
  .min(1, 'Tags cannot be empty')
  .max(40, 'Tags are at most 40 characters');
const TagsSchema = z
  .array(TagSchema)
  .max(20, 'At most 20 tags')
  .transform((tags) => [...new Set(tags)]);
const NoteSchema = z.string().trim().max(500, 'Notes are at most 500 characters');

/** A problem with one node of a definition (`nodeId` is the root's id for tree-wide issues). */
export const NodeIssueSchema = z.object({
  nodeId: z.string(),
  code: z.string(),
  message: z.string(),
});
export type NodeIssueView = z.infer<typeof NodeIssueSchema>;

export const NodeSizeSchema = z.object({
  size: z.number().int(),
  /** Within an AND group: how many people of the group's other conditions this one removes. */
  removed: z.number().int().optional(),
});

/**
 * A count of a definition. With issues, `total` is null and `nodes` holds sizes only for the
 * subtrees that have none, so the editor still shows what it can.
 */
export const SizeResultSchema = z.object({
  valid: z.boolean(),
  issues: z.array(NodeIssueSchema),
  total: z.number().int().nullable(),
  nodes: z.record(z.string(), NodeSizeSchema),
  /** Served from the size cache (same definition, same data version). */
  cached: z.boolean(),
  durationMs: z.number().int(),
  dataVersion: z.number().int(),
  /** When the figures were counted (earlier than now for a cache hit). */
  countedAt: z.string(),
});
export type SizeResult = z.infer<typeof SizeResultSchema>;

const PersonRefSchema = z.object({ id: z.string(), name: z.string() }).nullable();

export const AudienceSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  status: AudienceStatusSchema,
  folderId: z.string().nullable(),
  tags: z.array(z.string()),
  /** Latest saved version (0: never saved). */
  version: z.number().int(),
  lastSize: z.number().int().nullable(),
  lastCountedAt: z.string().nullable(),
  createdBy: PersonRefSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.string().nullable(),
});
export type AudienceSummary = z.infer<typeof AudienceSummarySchema>;

export const AudienceRefSchema = z.object({ id: z.string(), name: z.string() });

export const AudienceSchema = AudienceSummarySchema.extend({
  definition: DefinitionSchema,
  /** The draft's issues and size. */
  size: SizeResultSchema,
  /** Audiences whose definitions use this one (it cannot be deleted while any do). */
  usedBy: z.array(AudienceRefSchema),
});
export type Audience = z.infer<typeof AudienceSchema>;

export const CreateAudienceSchema = z
  .object({
    name: AudienceNameSchema,
    description: DescriptionSchema.nullable().optional(),
    folderId: IdSchema.nullable().optional(),
    tags: TagsSchema.optional(),
    /** Start from a built-in or organisation template… */
    templateId: IdSchema.optional(),
    /** …or from this definition; neither: a blank audience. */
    definition: DefinitionSchema.optional(),
  })
  .refine((v) => !(v.templateId && v.definition), {
    message: 'Give a template or a definition, not both',
    path: ['templateId'],
  });
export type CreateAudience = z.input<typeof CreateAudienceSchema>;

export const UpdateAudienceSchema = z
  .object({
    name: AudienceNameSchema.optional(),
    description: DescriptionSchema.nullable().optional(),
    folderId: IdSchema.nullable().optional(),
    tags: TagsSchema.optional(),
    /** The draft definition (saved continuously by the editor; versions are saved apart). */
    definition: DefinitionSchema.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: 'Nothing to change',
    path: ['_'],
  });
export type UpdateAudience = z.input<typeof UpdateAudienceSchema>;

export const AudienceListQuerySchema = z.object({
  q: z.string().trim().max(120).optional(),
  /** A folder id, or `none` for audiences outside any folder. */
  folder: IdSchema.optional(),
  tag: TagSchema.optional(),
  status: z.enum(['active', 'archived', 'all']).default('active'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type AudienceListQuery = z.input<typeof AudienceListQuerySchema>;
export type AudienceListParams = z.output<typeof AudienceListQuerySchema>;

export const AudienceListSchema = z.object({
  audiences: z.array(AudienceSummarySchema),
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: z.string().nullable(),
});
export type AudienceList = z.infer<typeof AudienceListSchema>;

export const TagCountsSchema = z.object({
  tags: z.array(z.object({ tag: z.string(), count: z.number().int() })),
});

export const FieldsSchema = z.object({ fields: z.array(FieldViewSchema) });

// Folders ---------------------------------------------------------------------------------------

export interface FolderNode {
  id: string;
  name: string;
  parentId: string | null;
  /** Audiences directly in this folder (any status). */
  audienceCount: number;
  children: FolderNode[];
}
export const FolderNodeSchema: z.ZodType<FolderNode> = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  audienceCount: z.number().int(),
  get children() {
    return z.array(FolderNodeSchema);
  },
});
export const FolderTreeSchema = z.object({ folders: z.array(FolderNodeSchema) });
export type FolderTree = z.infer<typeof FolderTreeSchema>;

const FolderNameSchema = z
  .string()
  .trim()
  .min(1, 'The folder needs a name')
  .max(80, 'Folder names are at most 80 characters');

export const CreateFolderSchema = z.object({
  name: FolderNameSchema,
  parentId: IdSchema.nullable().default(null),
});
/** Rename and/or move (`parentId: null` moves to the top level). */
export const UpdateFolderSchema = z
  .object({ name: FolderNameSchema.optional(), parentId: IdSchema.nullable().optional() })
  .refine((v) => v.name !== undefined || v.parentId !== undefined, {
    message: 'Nothing to change',
    path: ['_'],
  });
export const FolderSchema = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
});
export type Folder = z.infer<typeof FolderSchema>;

// Versions and size history ---------------------------------------------------------------------

export const SaveVersionSchema = z.object({ note: NoteSchema.optional() });
export const RestoreVersionSchema = SaveVersionSchema;

export const VersionSummarySchema = z.object({
  version: z.number().int(),
  hash: z.string(),
  size: z.number().int().nullable(),
  note: z.string().nullable(),
  author: PersonRefSchema,
  restoredFrom: z.number().int().nullable(),
  createdAt: z.string(),
});
export const VersionSchema = VersionSummarySchema.extend({ definition: DefinitionSchema });
export type Version = z.infer<typeof VersionSchema>;
export const VersionListSchema = z.object({ versions: z.array(VersionSummarySchema) });

/** `to`: another version number, or `draft` (the default) for the current draft. */
export const DiffQuerySchema = z.object({
  to: z.union([z.literal('draft'), z.coerce.number().int().min(1)]).default('draft'),
});

export const DiffSideSchema = z.object({
  /** null: the draft. */
  version: z.number().int().nullable(),
  size: z.number().int().nullable(),
});
const NodeKindSchema = z.enum(['group', 'rule', 'list', 'audience', 'intent']);
const DiffPlaceSchema = z.object({ parentId: z.string().nullable(), index: z.number().int() });
const DiffNodeSchema = DiffPlaceSchema.extend({
  id: z.string(),
  kind: NodeKindSchema,
  text: z.string(),
});

/** `diffDefinitions` (core/audience/diff.ts): node by node, texts in the text form. */
export const DefinitionDiffSchema = z.object({
  /** Same people for reasons visible in the trees (canonical forms equal). */
  equivalent: z.boolean(),
  added: z.array(DiffNodeSchema),
  removed: z.array(DiffNodeSchema),
  changed: z.array(
    z.object({
      id: z.string(),
      kind: NodeKindSchema,
      properties: z.array(z.string()),
      before: z.string(),
      after: z.string(),
    }),
  ),
  moved: z.array(
    z.object({
      id: z.string(),
      kind: NodeKindSchema,
      text: z.string(),
      from: DiffPlaceSchema,
      to: DiffPlaceSchema,
    }),
  ),
});

export const DiffSchema = z.object({
  from: DiffSideSchema,
  to: DiffSideSchema,
  changes: DefinitionDiffSchema,
});

export const SizePointSchema = z.object({
  at: z.string(),
  source: z.enum(['version', 'daily']),
  size: z.number().int(),
  version: z.number().int().nullable(),
});
export const SizeHistorySchema = z.object({ points: z.array(SizePointSchema) });

// Templates -------------------------------------------------------------------------------------

export const TemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  category: z.string(),
  builtIn: z.boolean(),
  definition: DefinitionSchema,
});
export const TemplateListSchema = z.object({ templates: z.array(TemplateSchema) });
export const CreateTemplateSchema = z.object({
  name: AudienceNameSchema,
  description: DescriptionSchema.nullable().optional(),
  definition: DefinitionSchema,
});

// Counting, overlap, members --------------------------------------------------------------------

export const EstimateSchema = z.object({
  definition: DefinitionSchema,
  /** The audience being edited, so a reference to itself is reported as a cycle. */
  audienceId: IdSchema.optional(),
});

export const OverlapRequestSchema = z.object({
  audienceIds: z
    .array(IdSchema)
    .min(2, 'Compare at least 2 audiences')
    .max(5, 'Compare at most 5 audiences')
    .refine((ids) => new Set(ids).size === ids.length, 'Each audience once'),
  /** Also count who each audience gets when earlier ones take precedence (in the order given). */
  priority: z.boolean().default(false),
});

/** `overlapReport` (core/audience/overlap.ts): audience i is index i of the request. */
export const OverlapReportSchema = z.object({
  audiences: z.number().int(),
  sizes: z.array(z.number().int()),
  union: z.number().int(),
  /** Every exclusive region, zeros included, by mask (bit i set = in audience i). */
  regions: z.array(
    z.object({
      mask: z.number().int(),
      members: z.array(z.number().int()),
      exclusive: z.number().int(),
    }),
  ),
  intersections: z.array(z.object({ members: z.array(z.number().int()), size: z.number().int() })),
  pairs: z.array(
    z.object({
      a: z.number().int(),
      b: z.number().int(),
      intersection: z.number().int(),
      union: z.number().int(),
      jaccard: z.number(),
    }),
  ),
});

export const OverlapSchema = z.object({
  audiences: z.array(AudienceRefSchema.extend({ size: z.number().int() })),
  report: OverlapReportSchema,
  /** With `priority`: how many each audience gets when everyone goes to the first they are in. */
  priority: z.array(z.number().int()).optional(),
  durationMs: z.number().int(),
});

export const MembersQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/**
 * A member as the preview shows them: enough to recognise the kind of people in the audience,
 * not to identify one. Email `j***@a***.com`, phone `***42`, names by initial.
 */
export const MemberPreviewSchema = z.object({
  id: z.number().int(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  title: z.string().nullable(),
  seniority: z.string().nullable(),
  companyName: z.string().nullable(),
  companyDomain: z.string().nullable(),
  industry: z.string().nullable(),
  country: z.string().nullable(),
  quality: z.number().int(),
});
export const MembersPreviewSchema = z.object({
  members: z.array(MemberPreviewSchema),
  total: z.number().int(),
});

// Text form and SQL -----------------------------------------------------------------------------

export const TextFormSchema = z.object({ text: z.string() });
export const ParseTextSchema = z.object({
  text: z.string().max(200_000, 'The text is at most 200,000 characters'),
});
export const ParsedSchema = z.object({ definition: DefinitionSchema });

export const SqlViewSchema = z.object({
  count: z.object({ sql: z.string(), args: z.array(z.unknown()) }),
  members: z.object({ sql: z.string(), args: z.array(z.unknown()) }),
});

// Monitoring ------------------------------------------------------------------------------------

export const QueryLogEntrySchema = z.object({
  kind: z.string(),
  hash: z.string(),
  cacheHit: z.boolean(),
  durationMs: z.number().int(),
  rowsExamined: z.number().int(),
  rowsReturned: z.number().int(),
  at: z.string(),
});

export const AudienceStatsSchema = z.object({
  /** The latest queries (newest first, at most 50). */
  recent: z.array(QueryLogEntrySchema),
  /** Over the last 30 days (at most the latest 1,000 queries). */
  count: z.number().int(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  cacheHitRate: z.number().nullable(),
});

export const SlowQueriesQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(90).default(7),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const SlowQueriesSchema = z.object({
  queries: z.array(QueryLogEntrySchema.extend({ audience: AudienceRefSchema.nullable() })),
});
