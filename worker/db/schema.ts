import { sql } from 'drizzle-orm';
import {
  blob,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { ROLES } from '../../core/auth/permissions';
import { UPLOAD_STATUSES } from '../../core/contracts/uploads';

export { ROLES, type Role } from '../../core/auth/permissions';

/*
 * The system of record in Turso. drizzle-kit generates migrations/ from this file; migrations are
 * append-only. Columns are snake_case in SQL and camelCase in TypeScript.
 *
 * The tenancy tables mirror the shapes Better Auth's core and organization plugin expect (id, name,
 * email, emailVerified, slug, role…), so the accounts work can adopt them rather than replace them.
 */

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const organizations = sqliteTable('organizations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  logo: text('logo'),
  metadata: text('metadata'),
  /** Largest file this organisation may upload, in bytes; null means the platform default. */
  uploadMaxBytes: integer('upload_max_bytes'),
  /**
   * Bumped whenever the data audiences are counted over changes (an upload finishes or is
   * deleted, contacts are deleted, intent data is refreshed): audience sizes are cached by
   * (definition hash, data version), so a bump invalidates them all at once.
   */
  dataVersion: integer('data_version').notNull().default(0),
  /** IANA time zone: export schedules are read in it (and shown in words). */
  timeZone: text('time_zone').notNull().default('UTC'),
  createdAt: createdAt(),
});

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: integer('email_verified', { mode: 'boolean' }).notNull().default(false),
  image: text('image'),
  createdAt: createdAt(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
});

export const memberships = sqliteTable(
  'memberships',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('memberships_org_user_unique').on(t.orgId, t.userId),
    index('memberships_user_idx').on(t.userId),
  ],
);

export const JOB_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;

/**
 * One row per firing of a scheduled job. `run_key` (job + scheduled minute) is unique, which is
 * what makes a doubled cron trigger harmless.
 */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: text('id').primaryKey(),
    job: text('job').notNull(),
    runKey: text('run_key').notNull().unique(),
    status: text('status', { enum: JOB_RUN_STATUSES }).notNull(),
    scheduledAt: integer('scheduled_at', { mode: 'timestamp_ms' }).notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
    /** JSON summary of what the run did (counts, never row data). */
    summary: text('summary'),
    error: text('error'),
  },
  (t) => [index('job_runs_job_started_idx').on(t.job, t.startedAt)],
);

/**
 * Messages that exhausted their retries. Message bodies carry ids and counts only (never raw
 * PII), so keeping them for inspection and replay is safe.
 */
export const deadLetters = sqliteTable(
  'dead_letters',
  {
    id: text('id').primaryKey(),
    queue: text('queue').notNull(),
    messageId: text('message_id').notNull(),
    body: text('body').notNull(),
    attempts: integer('attempts').notNull(),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('dead_letters_queue_message_unique').on(t.queue, t.messageId)],
);

/*
 * Authentication (Better Auth core; organisations are ours, ADR 0004). Better Auth reads and writes these
 * through its drizzle adapter; the mapping from its model and field names is in worker/auth/auth.ts.
 */

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    token: text('token').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    activeOrganizationId: text('active_organization_id'),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const accounts = sqliteTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: integer('access_token_expires_at', { mode: 'timestamp_ms' }),
    refreshTokenExpiresAt: integer('refresh_token_expires_at', { mode: 'timestamp_ms' }),
    scope: text('scope'),
    /** scrypt hash (salt:key, hex) for email + password accounts. */
    password: text('password'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('accounts_user_idx').on(t.userId)],
);

/** One-time values: password-reset tokens and the like. */
export const verifications = sqliteTable(
  'verifications',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('verifications_identifier_idx').on(t.identifier)],
);

export const INVITATION_STATUSES = ['pending', 'accepted', 'rejected', 'canceled'] as const;

export const invitations = sqliteTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: ROLES }),
    status: text('status').notNull().default('pending'),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    inviterId: text('inviter_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [index('invitations_org_idx').on(t.orgId), index('invitations_email_idx').on(t.email)],
);

/** Better Auth's rate limiter (sign-in attempts and friends), shared by every isolate. */
export const rateLimits = sqliteTable('rate_limits', {
  id: text('id').primaryKey(),
  key: text('key').notNull().unique(),
  count: integer('count').notNull(),
  lastRequest: integer('last_request').notNull(),
});

/**
 * API tokens for scripts and BI tools: belong to an organisation, carry a role, are stored as a
 * SHA-256 of a 256-bit random secret (shown once), and can expire or be revoked.
 */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters of the token, so people can tell their tokens apart. */
    prefix: text('prefix').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('api_tokens_org_idx').on(t.orgId)],
);

export const ACTOR_TYPES = ['user', 'token', 'system'] as const;

/**
 * Append-only: who did what to which object, when and from where. Summaries hold ids, counts and
 * changed field names — never raw PII (an invited email is stored as a hash, for instance).
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    actorType: text('actor_type', { enum: ACTOR_TYPES }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    summary: text('summary').notNull(),
    requestId: text('request_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('audit_events_org_time_idx').on(t.orgId, t.createdAt, t.id),
    index('audit_events_org_action_idx').on(t.orgId, t.action),
    index('audit_events_org_target_idx').on(t.orgId, t.targetType, t.targetId),
  ],
);

/** Local development only: the mailbox behind /dev/mail (there is no mail server locally). */
export const devMail = sqliteTable('dev_mail', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull(),
  recipient: text('recipient').notNull(),
  subject: text('subject').notNull(),
  link: text('link').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
});

/*
 * Uploads and the records they bring (issue: CSV uploads). See core/contracts/uploads.ts for the
 * state machine. Everything is per organisation; indexes lead with org_id.
 */

export const uploads = sqliteTable(
  'uploads',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    lastModified: integer('last_modified').notNull(),
    /** Hex SHA-256 of the first and last MiB: how a re-selected file is recognised for resume. */
    fingerprint: text('fingerprint').notNull(),
    status: text('status', { enum: UPLOAD_STATUSES }).notNull(),
    r2Key: text('r2_key').notNull(),
    r2UploadId: text('r2_upload_id'),
    partSize: integer('part_size').notNull(),
    partCount: integer('part_count').notNull(),
    /** JSON SniffView of the first part. */
    sniff: text('sniff'),
    /** JSON array: the header row in use (the sniffed one, or the one the user's corrections give). */
    headers: text('headers'),
    /** JSON column suggestions for the sniffed header. */
    suggestions: text('suggestions'),
    /** JSON ProcessSettings: mapping, options, dialect corrections. */
    settings: text('settings'),
    /** Bumped by each (re-)processing; chunk messages of older generations are dropped. */
    generation: integer('generation').notNull().default(0),
    phase: text('phase', { enum: ['validate', 'write'] }),
    chunkCount: integer('chunk_count'),
    /** JSON UploadCounts and UploadQuality, written when processing finishes. */
    counts: text('counts'),
    quality: text('quality'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    uploadedAt: integer('uploaded_at', { mode: 'timestamp_ms' }),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
    sourceDeletedAt: integer('source_deleted_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('uploads_org_created_idx').on(t.orgId, t.createdAt),
    index('uploads_org_status_idx').on(t.orgId, t.status),
    index('uploads_org_fingerprint_idx').on(t.orgId, t.fingerprint),
  ],
);

/** The parts stored in R2 so far, each with its scan (quote parity and line-break marks). */
export const uploadParts = sqliteTable(
  'upload_parts',
  {
    orgId: text('org_id').notNull(),
    uploadId: text('upload_id')
      .notNull()
      .references(() => uploads.id, { onDelete: 'cascade' }),
    partNumber: integer('part_number').notNull(),
    etag: text('etag').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /** JSON PartScan plus the dialect it was scanned with. */
    scan: text('scan').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.partNumber] })],
);

/** The chunk plan of one generation: byte ranges on record boundaries. */
export const uploadChunks = sqliteTable(
  'upload_chunks',
  {
    orgId: text('org_id').notNull(),
    uploadId: text('upload_id')
      .notNull()
      .references(() => uploads.id, { onDelete: 'cascade' }),
    generation: integer('generation').notNull(),
    chunk: integer('chunk').notNull(),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
    firstLine: integer('first_line').notNull(),
    /** queued | dead (exhausted its retries; replayable from the app). */
    state: text('state', { enum: ['queued', 'dead'] })
      .notNull()
      .default('queued'),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.generation, t.chunk] })],
);

/**
 * A chunk's committed result, inserted in the same transaction as its records. The primary key is
 * the idempotency guard: a redelivered chunk's transaction fails on it and writes nothing.
 */
export const uploadChunkResults = sqliteTable(
  'upload_chunk_results',
  {
    orgId: text('org_id').notNull(),
    uploadId: text('upload_id')
      .notNull()
      .references(() => uploads.id, { onDelete: 'cascade' }),
    generation: integer('generation').notNull(),
    phase: text('phase', { enum: ['validate', 'write'] }).notNull(),
    chunk: integer('chunk').notNull(),
    rows: integer('rows').notNull(),
    /** JSON QualityTally plus reject examples. */
    tally: text('tally').notNull(),
    rejectsKey: text('rejects_key'),
    committedAt: integer('committed_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.generation, t.phase, t.chunk] })],
);

/** A column mapping remembered per organisation for files with the same header. */
export const columnMappings = sqliteTable(
  'column_mappings',
  {
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    signature: text('signature').notNull(),
    /** JSON header → field (or null). */
    mapping: text('mapping').notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.signature] })],
);

/**
 * People. Dense integer ids (the audience engine's bitmaps and joins want them). `dedupe_key` is
 * a kind byte and a SHA-256 (email, else phone, else the chosen match column), or the upload and
 * line for rows nothing identifies; hashes are 32-byte blobs, not text.
 */
export const contacts = sqliteTable(
  'contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    dedupeKey: blob('dedupe_key', { mode: 'buffer' }).notNull(),
    email: text('email'),
    emailHash: blob('email_hash', { mode: 'buffer' }),
    phone: text('phone'),
    phoneHash: blob('phone_hash', { mode: 'buffer' }),
    firstName: text('first_name'),
    lastName: text('last_name'),
    fullName: text('full_name'),
    title: text('title'),
    seniority: text('seniority'),
    companyName: text('company_name'),
    companyDomain: text('company_domain'),
    industry: text('industry'),
    companySize: text('company_size'),
    revenue: text('revenue'),
    country: text('country'),
    city: text('city'),
    state: text('state'),
    postalCode: text('postal_code'),
    linkedinUrl: text('linkedin_url'),
    externalId: text('external_id'),
    /** JSON object of custom attributes (unmapped columns the user chose to keep). */
    custom: text('custom'),
    /** 0–100: how complete the record is (see core/ingest/quality.ts recordQuality). */
    quality: integer('quality').notNull(),
    createdUploadId: text('created_upload_id').notNull(),
    /** The upload and source line whose values the record holds (in-file de-dup compares lines). */
    writtenUploadId: text('written_upload_id').notNull(),
    writtenLine: integer('written_line').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('contacts_org_key_unique').on(t.orgId, t.dedupeKey),
    index('contacts_org_domain_idx').on(t.orgId, t.companyDomain),
    index('contacts_org_country_idx').on(t.orgId, t.country),
    index('contacts_org_seniority_idx').on(t.orgId, t.seniority),
    index('contacts_org_industry_idx').on(t.orgId, t.industry),
    index('contacts_org_email_hash_idx').on(t.orgId, t.emailHash),
    index('contacts_org_phone_hash_idx').on(t.orgId, t.phoneHash),
    index('contacts_org_created_upload_idx').on(t.orgId, t.createdUploadId),
  ],
);

/** Companies by registrable domain, filled from contact rows (never overwriting a value). */
export const companies = sqliteTable(
  'companies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    domain: text('domain').notNull(),
    name: text('name'),
    industry: text('industry'),
    sizeBand: text('size_band'),
    /** Parsed from the size band (`parseEmployeeCount`): what "employees ≥ 200" compares. */
    employees: integer('employees'),
    revenueBand: text('revenue_band'),
    country: text('country'),
    /**
     * Which fields Bombora filled in (JSON object, field → 'bombora'). Enrichment only fills empty
     * fields, and an upload may overwrite a field Bombora filled: user data always wins.
     */
    enrichedFields: text('enriched_fields'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('companies_org_domain_unique').on(t.orgId, t.domain),
    index('companies_org_industry_idx').on(t.orgId, t.industry),
    index('companies_org_size_idx').on(t.orgId, t.sizeBand),
  ],
);

/** Which uploads (lists) each contact came from, and on which line. */
export const contactLists = sqliteTable(
  'contact_lists',
  {
    orgId: text('org_id').notNull(),
    uploadId: text('upload_id').notNull(),
    contactId: integer('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    line: integer('line').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.uploadId, t.contactId] }),
    index('contact_lists_org_contact_idx').on(t.orgId, t.contactId),
  ],
);

export const AUDIENCE_STATUSES = ['active', 'archived'] as const;

/** Folders of audiences, any depth (`parent_id` null = top level). */
export const audienceFolders = sqliteTable(
  'audience_folders',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    parentId: text('parent_id'),
    name: text('name').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('audience_folders_org_parent_idx').on(t.orgId, t.parentId)],
);

/**
 * An audience: its current (draft) definition, which the editor saves continuously, and the number
 * of its latest immutable version. Names are unique in an organisation: the text form refers to
 * audiences by name.
 */
export const audiences = sqliteTable(
  'audiences',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    folderId: text('folder_id').references(() => audienceFolders.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    description: text('description'),
    status: text('status', { enum: AUDIENCE_STATUSES }).notNull().default('active'),
    /** The draft definition (JSON, `DefinitionSchema`). */
    definition: text('definition').notNull(),
    /** Latest saved version (0 = never saved). */
    version: integer('version').notNull().default(0),
    /** Size at the latest count of the draft, and when. */
    lastSize: integer('last_size'),
    lastCountedAt: integer('last_counted_at'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    archivedAt: integer('archived_at'),
  },
  (t) => [
    uniqueIndex('audiences_org_name_unique').on(t.orgId, t.name),
    index('audiences_org_folder_idx').on(t.orgId, t.folderId),
    index('audiences_org_status_idx').on(t.orgId, t.status, t.updatedAt),
  ],
);

export const audienceTags = sqliteTable(
  'audience_tags',
  {
    orgId: text('org_id').notNull(),
    audienceId: text('audience_id')
      .notNull()
      .references(() => audiences.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.audienceId, t.tag] }),
    index('audience_tags_org_tag_idx').on(t.orgId, t.tag),
  ],
);

/** Immutable snapshots: what the audience was, how big, who saved it. */
export const audienceVersions = sqliteTable(
  'audience_versions',
  {
    orgId: text('org_id').notNull(),
    audienceId: text('audience_id')
      .notNull()
      .references(() => audiences.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    definition: text('definition').notNull(),
    /** Canonical hash of the definition (with referenced audiences expanded). */
    hash: text('hash').notNull(),
    size: integer('size'),
    note: text('note'),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** Set when this version was created by restoring an older one. */
    restoredFrom: integer('restored_from'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.audienceId, t.version] })],
);

/** Templates an organisation saved (the built-in starters live in core). */
export const audienceTemplates = sqliteTable(
  'audience_templates',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    definition: text('definition').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('audience_templates_org_name_unique').on(t.orgId, t.name)],
);

export const SIZE_POINT_SOURCES = ['version', 'daily'] as const;

/** Size history: a point per saved version and per daily recount (trend charts). */
export const audienceSizePoints = sqliteTable(
  'audience_size_points',
  {
    orgId: text('org_id').notNull(),
    audienceId: text('audience_id')
      .notNull()
      .references(() => audiences.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    source: text('source', { enum: SIZE_POINT_SOURCES }).notNull(),
    size: integer('size').notNull(),
    version: integer('version'),
  },
  (t) => [primaryKey({ columns: [t.audienceId, t.source, t.at] })],
);

/**
 * Counted sizes, keyed by (definition hash, organisation data version[, time bucket for relative
 * dates]): a hit is exact because any change of the data bumps the data version.
 */
export const audienceSizeCache = sqliteTable(
  'audience_size_cache',
  {
    orgId: text('org_id').notNull(),
    key: text('key').notNull(),
    dataVersion: integer('data_version').notNull(),
    /** JSON: `{ total, nodes: { [nodeId]: { size, removed? } } }`. */
    result: text('result').notNull(),
    durationMs: integer('duration_ms').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.key] }),
    index('audience_size_cache_org_version_idx').on(t.orgId, t.dataVersion),
  ],
);

export const QUERY_KINDS = ['count', 'nodes', 'overlap', 'members', 'export'] as const;

/** Query monitoring: every count and materialisation, with its cost and whether the cache served it. */
export const audienceQueries = sqliteTable(
  'audience_queries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: text('org_id').notNull(),
    audienceId: text('audience_id'),
    kind: text('kind', { enum: QUERY_KINDS }).notNull(),
    hash: text('hash').notNull(),
    cacheHit: integer('cache_hit', { mode: 'boolean' }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    rowsExamined: integer('rows_examined').notNull(),
    rowsReturned: integer('rows_returned').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [
    index('audience_queries_org_at_idx').on(t.orgId, t.at),
    index('audience_queries_org_audience_idx').on(t.orgId, t.audienceId, t.at),
    index('audience_queries_org_duration_idx').on(t.orgId, t.durationMs),
  ],
);

/** Bombora's taxonomy (reference data, the same for every organisation): Theme → Category → Topic. */
export const intentTopics = sqliteTable('intent_topics', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  category: text('category').notNull(),
  theme: text('theme').notNull(),
  description: text('description'),
});

/** Weekly Company Surge scores per (organisation, company domain, topic, week). */
export const intentSignals = sqliteTable(
  'intent_signals',
  {
    orgId: text('org_id').notNull(),
    domain: text('domain').notNull(),
    topicId: text('topic_id').notNull(),
    /** The dataset's week, as the ISO date of its Monday (`YYYY-MM-DD`). */
    week: text('week').notNull(),
    score: integer('score').notNull(),
    /** Week-over-week change of the score, when the previous week is known. */
    delta: integer('delta'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.domain, t.topicId, t.week] }),
    index('intent_signals_org_topic_week_idx').on(t.orgId, t.topicId, t.week, t.score),
    index('intent_signals_org_week_idx').on(t.orgId, t.week),
  ],
);

export const BOMBORA_MODES = ['intent', 'legacy'] as const;

/**
 * An organisation's Bombora connection. Credentials and the alert webhook are secrets: stored
 * encrypted (AES-GCM, worker/lib/secrets.ts) with the id of the key that sealed them, and never
 * returned by the API (only whether they are set and a hint).
 */
export const bomboraSettings = sqliteTable('bombora_settings', {
  orgId: text('org_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  mode: text('mode', { enum: BOMBORA_MODES }).notNull().default('intent'),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  /** Sealed JSON `{ clientId, clientSecret }` (intent) or `{ username, password }` (legacy). */
  credentials: text('credentials'),
  credentialsHint: text('credentials_hint'),
  /** Topic ids (JSON array of strings) the organisation pulls. */
  topicIds: text('topic_ids').notNull().default('[]'),
  surgeThreshold: integer('surge_threshold').notNull().default(60),
  onlyKnownDomains: integer('only_known_domains', { mode: 'boolean' }).notNull().default(false),
  enrichCompanies: integer('enrich_companies', { mode: 'boolean' }).notNull().default(true),
  dailyCallQuota: integer('daily_call_quota').notNull().default(5000),
  /** Sealed webhook URL for staleness and failure alerts (Slack-compatible JSON `{ text }`). */
  alertWebhook: text('alert_webhook'),
  alertWebhookHint: text('alert_webhook_hint'),
  lastStaleAlertAt: integer('last_stale_alert_at'),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/** Topic clusters: surging on at least `minTopics` of `topicIds`, as Bombora recommends. */
export const intentClusters = sqliteTable(
  'intent_clusters',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    topicIds: text('topic_ids').notNull(),
    minTopics: integer('min_topics').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('intent_clusters_org_name_unique').on(t.orgId, t.name)],
);

export const INTENT_RUN_STATUSES = [
  'running',
  'finalizing',
  'succeeded',
  'no_change',
  'restarted',
  'failed',
] as const;
export const INTENT_RUN_TRIGGERS = ['schedule', 'manual'] as const;

/** One pull of a weekly dataset for one organisation, with what it found. */
export const intentSyncRuns = sqliteTable(
  'intent_sync_runs',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    week: text('week').notNull(),
    trigger: text('trigger', { enum: INTENT_RUN_TRIGGERS }).notNull(),
    mode: text('mode', { enum: BOMBORA_MODES }).notNull(),
    status: text('status', { enum: INTENT_RUN_STATUSES }).notNull(),
    requestedBy: text('requested_by'),
    /** Hash of the dataset's first page: tells a new dataset from the one already loaded. */
    fingerprint: text('fingerprint'),
    /** Where the pull is: the next page token (intent) or report id (legacy). */
    cursor: text('cursor'),
    pagesDone: integer('pages_done').notNull().default(0),
    /** The page whose message has been sent on (a re-delivered page re-sends only what is missing). */
    handedOff: integer('handed_off').notNull().default(0),
    apiCalls: integer('api_calls').notNull().default(0),
    rowsReceived: integer('rows_received').notNull().default(0),
    rowsStored: integer('rows_stored').notNull().default(0),
    quarantined: integer('quarantined').notNull().default(0),
    unknownTopics: integer('unknown_topics').notNull().default(0),
    outOfRange: integer('out_of_range').notNull().default(0),
    duplicates: integer('duplicates').notNull().default(0),
    freeMail: integer('free_mail').notNull().default(0),
    domainsMatched: integer('domains_matched').notNull().default(0),
    unmatchedDomains: integer('unmatched_domains').notNull().default(0),
    companiesEnriched: integer('companies_enriched').notNull().default(0),
    error: text('error'),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (t) => [
    index('intent_sync_runs_org_started_idx').on(t.orgId, t.startedAt),
    // One pull at a time per organisation: a second "sync now" while one runs is refused.
    uniqueIndex('intent_sync_runs_org_active_unique')
      .on(t.orgId)
      .where(sql`status IN ('running', 'finalizing')`),
  ],
);

/** A run's rows before they become the organisation's week (swapped in at once when complete). */
export const intentStaging = sqliteTable(
  'intent_staging',
  {
    orgId: text('org_id').notNull(),
    runId: text('run_id').notNull(),
    domain: text('domain').notNull(),
    topicId: text('topic_id').notNull(),
    score: integer('score').notNull(),
    companyName: text('company_name'),
    industry: text('industry'),
    sizeBand: text('size_band'),
    revenueBand: text('revenue_band'),
    country: text('country'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.runId, t.domain, t.topicId] })],
);

/** Rows a run could not use, with why: counted and kept, never silently dropped. */
export const intentQuarantine = sqliteTable(
  'intent_quarantine',
  {
    runId: text('run_id').notNull(),
    orgId: text('org_id').notNull(),
    page: integer('page').notNull(),
    item: integer('item').notNull(),
    reason: text('reason').notNull(),
    raw: text('raw').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.runId, t.page, t.item] })],
);

/** API calls per organisation and window (`day:YYYY-MM-DD`, `min:<endpoint>:<minute>`): quota and rate. */
export const bomboraUsage = sqliteTable(
  'bombora_usage',
  {
    orgId: text('org_id').notNull(),
    window: text('window').notNull(),
    calls: integer('calls').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.window] })],
);

// ---------------------------------------------------------------------------------------------
// Identity (UID2) and activation (The Trade Desk). See docs/decisions/0015-uid2-and-ttd.md.

export const IDENTITY_KINDS = ['email', 'phone'] as const;
export const IDENTITY_STATUSES = ['pending', 'mapped', 'optout', 'invalid'] as const;

/**
 * An organisation's UID2 operator credentials (API key + client secret), sealed like Bombora's.
 * Mapping runs after each upload (when `mapAfterUpload`) and daily for due mappings.
 */
export const uid2Settings = sqliteTable('uid2_settings', {
  orgId: text('org_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  /** Sealed JSON `{ apiKey, clientSecret }`. */
  credentials: text('credentials'),
  credentialsHint: text('credentials_hint'),
  mapAfterUpload: integer('map_after_upload', { mode: 'boolean' }).notNull().default(true),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/**
 * One hashed identifier (an email or phone SHA-256, shared by every contact that has it) and its
 * UID2 mapping. `refresh_after` is the operator's `r` (ms): the daily job re-maps rows past it.
 * An opted-out identity keeps no UID2; `optout_source` says whether UID2 or a data-subject request
 * opted it out (a DSR opt-out is never re-mapped).
 */
export const identities = sqliteTable(
  'identities',
  {
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: IDENTITY_KINDS }).notNull(),
    hash: blob('hash', { mode: 'buffer' }).notNull(),
    status: text('status', { enum: IDENTITY_STATUSES }).notNull(),
    uid2: text('uid2'),
    prevUid2: text('prev_uid2'),
    refreshAfter: integer('refresh_after'),
    mappedAt: integer('mapped_at'),
    optedOutAt: integer('opted_out_at'),
    optoutSource: text('optout_source', { enum: ['uid2', 'dsr'] }),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.kind, t.hash] }),
    index('identities_org_uid2_idx').on(t.orgId, t.uid2),
    index('identities_org_status_refresh_idx').on(t.orgId, t.status, t.refreshAfter),
  ],
);

export const IDENTITY_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;
export const IDENTITY_RUN_TRIGGERS = ['upload', 'schedule', 'manual'] as const;

/** One pass of UID2 mapping for an organisation: discovery of new identifiers, then map batches. */
export const identityRuns = sqliteTable(
  'identity_runs',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    trigger: text('trigger', { enum: IDENTITY_RUN_TRIGGERS }).notNull(),
    uploadId: text('upload_id'),
    requestedBy: text('requested_by'),
    status: text('status', { enum: IDENTITY_RUN_STATUSES }).notNull(),
    /** `discover` (contacts → identities, by contact id) then `map` (by kind and hash). */
    phase: text('phase', { enum: ['discover', 'map'] }).notNull(),
    /** Last contact id discovered, or `<kind>:<hash hex>` of the last identity mapped. */
    cursor: text('cursor'),
    /** Identities due when the run started: mapped ones refreshed before this instant. */
    dueBefore: integer('due_before').notNull(),
    /** Committed steps (compare-and-set), and the step whose follow-up message has been sent. */
    steps: integer('steps').notNull().default(0),
    handedOff: integer('handed_off').notNull().default(0),
    requests: integer('requests').notNull().default(0),
    sent: integer('sent').notNull().default(0),
    mapped: integer('mapped').notNull().default(0),
    optedOut: integer('opted_out').notNull().default(0),
    invalid: integer('invalid').notNull().default(0),
    changed: integer('changed').notNull().default(0),
    error: text('error'),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (t) => [
    index('identity_runs_org_started_idx').on(t.orgId, t.startedAt),
    uniqueIndex('identity_runs_org_active_unique')
      .on(t.orgId)
      .where(sql`status = 'running'`),
  ],
);

export const TTD_REGIONS = ['use', 'usw', 'euw', 'sin', 'tok'] as const;
export const TTD_AUTH_MODES = ['token', 'signature'] as const;

/** A Trade Desk advertiser the organisation sends segments to. Secrets are sealed. */
export const ttdDestinations = sqliteTable(
  'ttd_destinations',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    advertiserId: text('advertiser_id').notNull(),
    region: text('region', { enum: TTD_REGIONS }).notNull(),
    authMode: text('auth_mode', { enum: TTD_AUTH_MODES }).notNull(),
    /** Sealed: the TTD-Auth token, or the advertiser's first-party data secret key. */
    secret: text('secret').notNull(),
    secretHint: text('secret_hint'),
    /** Sealed Slack-compatible webhook for failed runs. */
    alertWebhook: text('alert_webhook'),
    alertWebhookHint: text('alert_webhook_hint'),
    /** Alert when more than this percentage of a run's items fail (0–100). */
    failureAlertPercent: integer('failure_alert_percent').notNull().default(5),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('ttd_destinations_org_name_unique').on(t.orgId, t.name)],
);

/**
 * An audience (or a priority list of audiences, each into its own segment: a person goes to the
 * first that contains them) sent to a destination on a cron schedule, in the organisation's zone.
 */
export const ttdExports = sqliteTable(
  'ttd_exports',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    destinationId: text('destination_id')
      .notNull()
      .references(() => ttdDestinations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    ttlMinutes: integer('ttl_minutes').notNull(),
    schedule: text('schedule').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    nextRunAt: integer('next_run_at'),
    lastRunAt: integer('last_run_at'),
    lastStatus: text('last_status'),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('ttd_exports_org_name_unique').on(t.orgId, t.name),
    index('ttd_exports_due_idx').on(t.enabled, t.nextRunAt),
  ],
);

/** The export's audiences in priority order (slot 0 first), each with its segment name. */
export const ttdExportAudiences = sqliteTable(
  'ttd_export_audiences',
  {
    exportId: text('export_id')
      .notNull()
      .references(() => ttdExports.id, { onDelete: 'cascade' }),
    slot: integer('slot').notNull(),
    orgId: text('org_id').notNull(),
    destinationId: text('destination_id').notNull(),
    audienceId: text('audience_id')
      .notNull()
      .references(() => audiences.id, { onDelete: 'cascade' }),
    segmentName: text('segment_name').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.exportId, t.slot] }),
    // Two exports writing one segment would undo each other's removals.
    uniqueIndex('ttd_export_audiences_segment_unique').on(t.destinationId, t.segmentName),
    index('ttd_export_audiences_org_audience_idx').on(t.orgId, t.audienceId),
  ],
);

export const EXPORT_RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed'] as const;
export const EXPORT_RUN_TRIGGERS = ['schedule', 'manual', 'optout'] as const;
export const EXPORT_PHASES = ['materialize', 'remove', 'add', 'refresh', 'done'] as const;

/** One run of an export: what it targeted, what it sent, what TTD refused. */
export const ttdExportRuns = sqliteTable(
  'ttd_export_runs',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    exportId: text('export_id')
      .notNull()
      .references(() => ttdExports.id, { onDelete: 'cascade' }),
    trigger: text('trigger', { enum: EXPORT_RUN_TRIGGERS }).notNull(),
    requestedBy: text('requested_by'),
    status: text('status', { enum: EXPORT_RUN_STATUSES }).notNull(),
    /** JSON `[{ audienceId, version, hash, segmentName }]`: exactly what this run exported. */
    audienceVersions: text('audience_versions').notNull(),
    phase: text('phase', { enum: EXPORT_PHASES }).notNull(),
    /** Materialize: last contact id; send phases: last UID2 sent. */
    cursor: text('cursor'),
    /** Bumped by each committed step; a re-delivered step whose number is stale does nothing. */
    steps: integer('steps').notNull().default(0),
    handedOff: integer('handed_off').notNull().default(0),
    requests: integer('requests').notNull().default(0),
    bytesSent: integer('bytes_sent').notNull().default(0),
    audienceSize: integer('audience_size').notNull().default(0),
    targeted: integer('targeted').notNull().default(0),
    added: integer('added').notNull().default(0),
    removed: integer('removed').notNull().default(0),
    refreshed: integer('refreshed').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** JSON `{ [ErrorCode]: count }`. */
    failedByCode: text('failed_by_code').notNull().default('{}'),
    skippedOptedOut: integer('skipped_opted_out').notNull().default(0),
    unmapped: integer('unmapped').notNull().default(0),
    error: text('error'),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (t) => [
    index('ttd_export_runs_export_started_idx').on(t.exportId, t.startedAt),
    index('ttd_export_runs_org_started_idx').on(t.orgId, t.startedAt),
    uniqueIndex('ttd_export_runs_export_active_unique')
      .on(t.exportId)
      .where(sql`status = 'running'`),
  ],
);

/** A run's target: each UID2 with the slot (audience) it belongs to. Dropped when the run ends. */
export const ttdExportTargets = sqliteTable(
  'ttd_export_targets',
  {
    runId: text('run_id').notNull(),
    uid2: text('uid2').notNull(),
    slot: integer('slot').notNull(),
    kind: text('kind', { enum: IDENTITY_KINDS }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.uid2] })],
);

/** What TTD holds for an export, as far as we sent it: the base of the next run's diff. */
export const ttdExportMembers = sqliteTable(
  'ttd_export_members',
  {
    exportId: text('export_id')
      .notNull()
      .references(() => ttdExports.id, { onDelete: 'cascade' }),
    uid2: text('uid2').notNull(),
    orgId: text('org_id').notNull(),
    slot: integer('slot').notNull(),
    segmentName: text('segment_name').notNull(),
    kind: text('kind', { enum: IDENTITY_KINDS }).notNull(),
    sentAt: integer('sent_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    runId: text('run_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.exportId, t.uid2] }),
    index('ttd_export_members_org_uid2_idx').on(t.orgId, t.uid2),
    index('ttd_export_members_export_expires_idx').on(t.exportId, t.expiresAt),
  ],
);

/** Items TTD refused in a run (its FailedLines), per UID2. */
export const ttdFailedLines = sqliteTable(
  'ttd_failed_lines',
  {
    runId: text('run_id').notNull(),
    orgId: text('org_id').notNull(),
    uid2: text('uid2').notNull(),
    segmentName: text('segment_name').notNull(),
    action: text('action', { enum: ['add', 'remove', 'refresh'] }).notNull(),
    errorCode: text('error_code').notNull(),
    message: text('message'),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.uid2] }),
    index('ttd_failed_lines_org_run_idx').on(t.orgId, t.runId),
  ],
);

/**
 * Data-subject requests: who asked to delete or opt out whom (by hash, never the raw identifier),
 * what was removed, and what was sent to The Trade Desk.
 */
export const dsrRequests = sqliteTable(
  'dsr_requests',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    action: text('action', { enum: ['delete', 'optout'] }).notNull(),
    identifierKind: text('identifier_kind', { enum: IDENTITY_KINDS }).notNull(),
    /** Hex SHA-256 of the normalised identifier. */
    identifierHash: text('identifier_hash').notNull(),
    contactsRemoved: integer('contacts_removed').notNull().default(0),
    uid2sFound: integer('uid2s_found').notNull().default(0),
    membershipsRemoved: integer('memberships_removed').notNull().default(0),
    ttdRequests: integer('ttd_requests').notNull().default(0),
    ttdFailures: integer('ttd_failures').notNull().default(0),
    requestedBy: text('requested_by'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('dsr_requests_org_created_idx').on(t.orgId, t.createdAt)],
);
