CREATE TABLE `column_mappings` (
	`org_id` text NOT NULL,
	`signature` text NOT NULL,
	`mapping` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`org_id`, `signature`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `companies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` text NOT NULL,
	`domain` text NOT NULL,
	`name` text,
	`industry` text,
	`size_band` text,
	`revenue_band` text,
	`country` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `companies_org_domain_unique` ON `companies` (`org_id`,`domain`);--> statement-breakpoint
CREATE INDEX `companies_org_industry_idx` ON `companies` (`org_id`,`industry`);--> statement-breakpoint
CREATE INDEX `companies_org_size_idx` ON `companies` (`org_id`,`size_band`);--> statement-breakpoint
CREATE TABLE `contact_lists` (
	`org_id` text NOT NULL,
	`upload_id` text NOT NULL,
	`contact_id` integer NOT NULL,
	`line` integer NOT NULL,
	PRIMARY KEY(`upload_id`, `contact_id`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_lists_org_contact_idx` ON `contact_lists` (`org_id`,`contact_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` text NOT NULL,
	`dedupe_key` blob NOT NULL,
	`email` text,
	`email_hash` blob,
	`phone` text,
	`phone_hash` blob,
	`first_name` text,
	`last_name` text,
	`full_name` text,
	`title` text,
	`seniority` text,
	`company_name` text,
	`company_domain` text,
	`industry` text,
	`company_size` text,
	`revenue` text,
	`country` text,
	`city` text,
	`state` text,
	`postal_code` text,
	`linkedin_url` text,
	`external_id` text,
	`custom` text,
	`quality` integer NOT NULL,
	`created_upload_id` text NOT NULL,
	`written_upload_id` text NOT NULL,
	`written_line` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_org_key_unique` ON `contacts` (`org_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `contacts_org_domain_idx` ON `contacts` (`org_id`,`company_domain`);--> statement-breakpoint
CREATE INDEX `contacts_org_country_idx` ON `contacts` (`org_id`,`country`);--> statement-breakpoint
CREATE INDEX `contacts_org_seniority_idx` ON `contacts` (`org_id`,`seniority`);--> statement-breakpoint
CREATE INDEX `contacts_org_industry_idx` ON `contacts` (`org_id`,`industry`);--> statement-breakpoint
CREATE INDEX `contacts_org_email_hash_idx` ON `contacts` (`org_id`,`email_hash`);--> statement-breakpoint
CREATE INDEX `contacts_org_phone_hash_idx` ON `contacts` (`org_id`,`phone_hash`);--> statement-breakpoint
CREATE INDEX `contacts_org_created_upload_idx` ON `contacts` (`org_id`,`created_upload_id`);--> statement-breakpoint
CREATE TABLE `upload_chunk_results` (
	`org_id` text NOT NULL,
	`upload_id` text NOT NULL,
	`generation` integer NOT NULL,
	`phase` text NOT NULL,
	`chunk` integer NOT NULL,
	`rows` integer NOT NULL,
	`tally` text NOT NULL,
	`rejects_key` text,
	`committed_at` integer NOT NULL,
	PRIMARY KEY(`upload_id`, `generation`, `phase`, `chunk`),
	FOREIGN KEY (`upload_id`) REFERENCES `uploads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `upload_chunks` (
	`org_id` text NOT NULL,
	`upload_id` text NOT NULL,
	`generation` integer NOT NULL,
	`chunk` integer NOT NULL,
	`start` integer NOT NULL,
	`end` integer NOT NULL,
	`first_line` integer NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	PRIMARY KEY(`upload_id`, `generation`, `chunk`),
	FOREIGN KEY (`upload_id`) REFERENCES `uploads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `upload_parts` (
	`org_id` text NOT NULL,
	`upload_id` text NOT NULL,
	`part_number` integer NOT NULL,
	`etag` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`scan` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`upload_id`, `part_number`),
	FOREIGN KEY (`upload_id`) REFERENCES `uploads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`last_modified` integer NOT NULL,
	`fingerprint` text NOT NULL,
	`status` text NOT NULL,
	`r2_key` text NOT NULL,
	`r2_upload_id` text,
	`part_size` integer NOT NULL,
	`part_count` integer NOT NULL,
	`sniff` text,
	`headers` text,
	`suggestions` text,
	`settings` text,
	`generation` integer DEFAULT 0 NOT NULL,
	`phase` text,
	`chunk_count` integer,
	`counts` text,
	`quality` text,
	`error_code` text,
	`error_message` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`uploaded_at` integer,
	`started_at` integer,
	`finished_at` integer,
	`source_deleted_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `uploads_org_created_idx` ON `uploads` (`org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `uploads_org_status_idx` ON `uploads` (`org_id`,`status`);--> statement-breakpoint
CREATE INDEX `uploads_org_fingerprint_idx` ON `uploads` (`org_id`,`fingerprint`);--> statement-breakpoint
ALTER TABLE `organizations` ADD `upload_max_bytes` integer;