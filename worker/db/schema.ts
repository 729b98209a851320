import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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

export const ROLES = ['owner', 'admin', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

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
