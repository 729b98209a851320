CREATE TABLE `bombora_settings` (
	`org_id` text PRIMARY KEY NOT NULL,
	`mode` text DEFAULT 'intent' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`credentials` text,
	`credentials_hint` text,
	`topic_ids` text DEFAULT '[]' NOT NULL,
	`surge_threshold` integer DEFAULT 60 NOT NULL,
	`only_known_domains` integer DEFAULT false NOT NULL,
	`enrich_companies` integer DEFAULT true NOT NULL,
	`daily_call_quota` integer DEFAULT 5000 NOT NULL,
	`alert_webhook` text,
	`alert_webhook_hint` text,
	`last_stale_alert_at` integer,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `bombora_usage` (
	`org_id` text NOT NULL,
	`window` text NOT NULL,
	`calls` integer NOT NULL,
	PRIMARY KEY(`org_id`, `window`)
);
--> statement-breakpoint
CREATE TABLE `intent_clusters` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`topic_ids` text NOT NULL,
	`min_topics` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `intent_clusters_org_name_unique` ON `intent_clusters` (`org_id`,`name`);--> statement-breakpoint
CREATE TABLE `intent_quarantine` (
	`run_id` text NOT NULL,
	`org_id` text NOT NULL,
	`page` integer NOT NULL,
	`item` integer NOT NULL,
	`reason` text NOT NULL,
	`raw` text NOT NULL,
	PRIMARY KEY(`org_id`, `run_id`, `page`, `item`)
);
--> statement-breakpoint
CREATE TABLE `intent_staging` (
	`org_id` text NOT NULL,
	`run_id` text NOT NULL,
	`domain` text NOT NULL,
	`topic_id` text NOT NULL,
	`score` integer NOT NULL,
	`company_name` text,
	`industry` text,
	`size_band` text,
	`revenue_band` text,
	`country` text,
	PRIMARY KEY(`org_id`, `run_id`, `domain`, `topic_id`)
);
--> statement-breakpoint
CREATE TABLE `intent_sync_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`week` text NOT NULL,
	`trigger` text NOT NULL,
	`mode` text NOT NULL,
	`status` text NOT NULL,
	`requested_by` text,
	`fingerprint` text,
	`cursor` text,
	`pages_done` integer DEFAULT 0 NOT NULL,
	`handed_off` integer DEFAULT 0 NOT NULL,
	`api_calls` integer DEFAULT 0 NOT NULL,
	`rows_received` integer DEFAULT 0 NOT NULL,
	`rows_stored` integer DEFAULT 0 NOT NULL,
	`quarantined` integer DEFAULT 0 NOT NULL,
	`unknown_topics` integer DEFAULT 0 NOT NULL,
	`out_of_range` integer DEFAULT 0 NOT NULL,
	`duplicates` integer DEFAULT 0 NOT NULL,
	`free_mail` integer DEFAULT 0 NOT NULL,
	`domains_matched` integer DEFAULT 0 NOT NULL,
	`unmatched_domains` integer DEFAULT 0 NOT NULL,
	`companies_enriched` integer DEFAULT 0 NOT NULL,
	`error` text,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `intent_sync_runs_org_started_idx` ON `intent_sync_runs` (`org_id`,`started_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `intent_sync_runs_org_active_unique` ON `intent_sync_runs` (`org_id`) WHERE status IN ('running', 'finalizing');--> statement-breakpoint
ALTER TABLE `companies` ADD `enriched_fields` text;--> statement-breakpoint
ALTER TABLE `intent_topics` ADD `description` text;