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
    revenueBand: text('revenue_band'),
    country: text('country'),
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
