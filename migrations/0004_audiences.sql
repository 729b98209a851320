CREATE TABLE `audience_folders` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`parent_id` text,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `audience_folders_org_parent_idx` ON `audience_folders` (`org_id`,`parent_id`);--> statement-breakpoint
CREATE TABLE `audience_queries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` text NOT NULL,
	`audience_id` text,
	`kind` text NOT NULL,
	`hash` text NOT NULL,
	`cache_hit` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`rows_examined` integer NOT NULL,
	`rows_returned` integer NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audience_queries_org_at_idx` ON `audience_queries` (`org_id`,`at`);--> statement-breakpoint
CREATE INDEX `audience_queries_org_audience_idx` ON `audience_queries` (`org_id`,`audience_id`,`at`);--> statement-breakpoint
CREATE INDEX `audience_queries_org_duration_idx` ON `audience_queries` (`org_id`,`duration_ms`);--> statement-breakpoint
CREATE TABLE `audience_size_cache` (
	`org_id` text NOT NULL,
	`key` text NOT NULL,
	`data_version` integer NOT NULL,
	`result` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`org_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `audience_size_cache_org_version_idx` ON `audience_size_cache` (`org_id`,`data_version`);--> statement-breakpoint
CREATE TABLE `audience_size_points` (
	`org_id` text NOT NULL,
	`audience_id` text NOT NULL,
	`at` integer NOT NULL,
	`source` text NOT NULL,
	`size` integer NOT NULL,
	`version` integer,
	PRIMARY KEY(`audience_id`, `source`, `at`),
	FOREIGN KEY (`audience_id`) REFERENCES `audiences`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `audience_tags` (
	`org_id` text NOT NULL,
	`audience_id` text NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`audience_id`, `tag`),
	FOREIGN KEY (`audience_id`) REFERENCES `audiences`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `audience_tags_org_tag_idx` ON `audience_tags` (`org_id`,`tag`);--> statement-breakpoint
CREATE TABLE `audience_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`definition` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audience_templates_org_name_unique` ON `audience_templates` (`org_id`,`name`);--> statement-breakpoint
CREATE TABLE `audience_versions` (
	`org_id` text NOT NULL,
	`audience_id` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`hash` text NOT NULL,
	`size` integer,
	`note` text,
	`author_id` text,
	`restored_from` integer,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`audience_id`, `version`),
	FOREIGN KEY (`audience_id`) REFERENCES `audiences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `audiences` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`folder_id` text,
	`name` text NOT NULL,
	`description` text,
	`status` text DEFAULT 'active' NOT NULL,
	`definition` text NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`last_size` integer,
	`last_counted_at` integer,
	`created_by` text,
	`updated_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`folder_id`) REFERENCES `audience_folders`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audiences_org_name_unique` ON `audiences` (`org_id`,`name`);--> statement-breakpoint
CREATE INDEX `audiences_org_folder_idx` ON `audiences` (`org_id`,`folder_id`);--> statement-breakpoint
CREATE INDEX `audiences_org_status_idx` ON `audiences` (`org_id`,`status`,`updated_at`);--> statement-breakpoint
CREATE TABLE `intent_signals` (
	`org_id` text NOT NULL,
	`domain` text NOT NULL,
	`topic_id` text NOT NULL,
	`week` text NOT NULL,
	`score` integer NOT NULL,
	`delta` integer,
	PRIMARY KEY(`org_id`, `domain`, `topic_id`, `week`)
);
--> statement-breakpoint
CREATE INDEX `intent_signals_org_topic_week_idx` ON `intent_signals` (`org_id`,`topic_id`,`week`,`score`);--> statement-breakpoint
CREATE INDEX `intent_signals_org_week_idx` ON `intent_signals` (`org_id`,`week`);--> statement-breakpoint
CREATE TABLE `intent_topics` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`category` text NOT NULL,
	`theme` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `companies` ADD `employees` integer;--> statement-breakpoint
ALTER TABLE `organizations` ADD `data_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Employees for companies imported before the column existed (the same rule as parseEmployeeCount
-- for the common shapes: "201-500", "1,000+", "250").
UPDATE `companies` SET `employees` = CAST(replace(replace(`size_band`, ',', ''), ' ', '') AS INTEGER)
WHERE replace(replace(`size_band`, ',', ''), ' ', '') GLOB '[0-9]*';
