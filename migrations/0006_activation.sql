CREATE TABLE `dsr_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`action` text NOT NULL,
	`identifier_kind` text NOT NULL,
	`identifier_hash` text NOT NULL,
	`contacts_removed` integer DEFAULT 0 NOT NULL,
	`uid2s_found` integer DEFAULT 0 NOT NULL,
	`memberships_removed` integer DEFAULT 0 NOT NULL,
	`ttd_requests` integer DEFAULT 0 NOT NULL,
	`ttd_failures` integer DEFAULT 0 NOT NULL,
	`requested_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dsr_requests_org_created_idx` ON `dsr_requests` (`org_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `identities` (
	`org_id` text NOT NULL,
	`kind` text NOT NULL,
	`hash` blob NOT NULL,
	`status` text NOT NULL,
	`uid2` text,
	`prev_uid2` text,
	`refresh_after` integer,
	`mapped_at` integer,
	`opted_out_at` integer,
	`optout_source` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`org_id`, `kind`, `hash`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `identities_org_uid2_idx` ON `identities` (`org_id`,`uid2`);--> statement-breakpoint
CREATE INDEX `identities_org_status_refresh_idx` ON `identities` (`org_id`,`status`,`refresh_after`);--> statement-breakpoint
CREATE TABLE `identity_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`trigger` text NOT NULL,
	`upload_id` text,
	`requested_by` text,
	`status` text NOT NULL,
	`phase` text NOT NULL,
	`cursor` text,
	`due_before` integer NOT NULL,
	`steps` integer DEFAULT 0 NOT NULL,
	`handed_off` integer DEFAULT 0 NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`sent` integer DEFAULT 0 NOT NULL,
	`mapped` integer DEFAULT 0 NOT NULL,
	`opted_out` integer DEFAULT 0 NOT NULL,
	`invalid` integer DEFAULT 0 NOT NULL,
	`changed` integer DEFAULT 0 NOT NULL,
	`error` text,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `identity_runs_org_started_idx` ON `identity_runs` (`org_id`,`started_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `identity_runs_org_active_unique` ON `identity_runs` (`org_id`) WHERE status = 'running';--> statement-breakpoint
CREATE TABLE `ttd_destinations` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`advertiser_id` text NOT NULL,
	`region` text NOT NULL,
	`auth_mode` text NOT NULL,
	`secret` text NOT NULL,
	`secret_hint` text,
	`alert_webhook` text,
	`alert_webhook_hint` text,
	`failure_alert_percent` integer DEFAULT 5 NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ttd_destinations_org_name_unique` ON `ttd_destinations` (`org_id`,`name`);--> statement-breakpoint
CREATE TABLE `ttd_export_audiences` (
	`export_id` text NOT NULL,
	`slot` integer NOT NULL,
	`org_id` text NOT NULL,
	`destination_id` text NOT NULL,
	`audience_id` text NOT NULL,
	`segment_name` text NOT NULL,
	PRIMARY KEY(`export_id`, `slot`),
	FOREIGN KEY (`export_id`) REFERENCES `ttd_exports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`audience_id`) REFERENCES `audiences`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ttd_export_audiences_segment_unique` ON `ttd_export_audiences` (`destination_id`,`segment_name`);--> statement-breakpoint
CREATE INDEX `ttd_export_audiences_org_audience_idx` ON `ttd_export_audiences` (`org_id`,`audience_id`);--> statement-breakpoint
CREATE TABLE `ttd_export_members` (
	`export_id` text NOT NULL,
	`uid2` text NOT NULL,
	`org_id` text NOT NULL,
	`slot` integer NOT NULL,
	`segment_name` text NOT NULL,
	`kind` text NOT NULL,
	`sent_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`run_id` text NOT NULL,
	PRIMARY KEY(`export_id`, `uid2`),
	FOREIGN KEY (`export_id`) REFERENCES `ttd_exports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ttd_export_members_org_uid2_idx` ON `ttd_export_members` (`org_id`,`uid2`);--> statement-breakpoint
CREATE INDEX `ttd_export_members_export_expires_idx` ON `ttd_export_members` (`export_id`,`expires_at`);--> statement-breakpoint
CREATE TABLE `ttd_export_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`export_id` text NOT NULL,
	`trigger` text NOT NULL,
	`requested_by` text,
	`status` text NOT NULL,
	`audience_versions` text NOT NULL,
	`phase` text NOT NULL,
	`cursor` text,
	`steps` integer DEFAULT 0 NOT NULL,
	`handed_off` integer DEFAULT 0 NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`bytes_sent` integer DEFAULT 0 NOT NULL,
	`audience_size` integer DEFAULT 0 NOT NULL,
	`targeted` integer DEFAULT 0 NOT NULL,
	`added` integer DEFAULT 0 NOT NULL,
	`removed` integer DEFAULT 0 NOT NULL,
	`refreshed` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`failed_by_code` text DEFAULT '{}' NOT NULL,
	`skipped_opted_out` integer DEFAULT 0 NOT NULL,
	`unmapped` integer DEFAULT 0 NOT NULL,
	`error` text,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`export_id`) REFERENCES `ttd_exports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ttd_export_runs_export_started_idx` ON `ttd_export_runs` (`export_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `ttd_export_runs_org_started_idx` ON `ttd_export_runs` (`org_id`,`started_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `ttd_export_runs_export_active_unique` ON `ttd_export_runs` (`export_id`) WHERE status = 'running';--> statement-breakpoint
CREATE TABLE `ttd_export_targets` (
	`run_id` text NOT NULL,
	`uid2` text NOT NULL,
	`slot` integer NOT NULL,
	`kind` text NOT NULL,
	PRIMARY KEY(`run_id`, `uid2`)
);
--> statement-breakpoint
CREATE TABLE `ttd_exports` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`destination_id` text NOT NULL,
	`name` text NOT NULL,
	`ttl_minutes` integer NOT NULL,
	`schedule` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`next_run_at` integer,
	`last_run_at` integer,
	`last_status` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`destination_id`) REFERENCES `ttd_destinations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ttd_exports_org_name_unique` ON `ttd_exports` (`org_id`,`name`);--> statement-breakpoint
CREATE INDEX `ttd_exports_due_idx` ON `ttd_exports` (`enabled`,`next_run_at`);--> statement-breakpoint
CREATE TABLE `ttd_failed_lines` (
	`run_id` text NOT NULL,
	`org_id` text NOT NULL,
	`uid2` text NOT NULL,
	`segment_name` text NOT NULL,
	`action` text NOT NULL,
	`error_code` text NOT NULL,
	`message` text,
	PRIMARY KEY(`run_id`, `uid2`)
);
--> statement-breakpoint
CREATE INDEX `ttd_failed_lines_org_run_idx` ON `ttd_failed_lines` (`org_id`,`run_id`);--> statement-breakpoint
CREATE TABLE `uid2_settings` (
	`org_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`credentials` text,
	`credentials_hint` text,
	`map_after_upload` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `organizations` ADD `time_zone` text DEFAULT 'UTC' NOT NULL;