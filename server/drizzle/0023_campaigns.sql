CREATE TABLE `campaign_deliveries` (
	`run_id` integer NOT NULL,
	`contact_id` text NOT NULL,
	`due_at` integer NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	PRIMARY KEY(`run_id`, `contact_id`),
	FOREIGN KEY (`run_id`) REFERENCES `campaign_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `campaign_deliveries_due` ON `campaign_deliveries` (`due_at`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `campaign_deliveries_pending` ON `campaign_deliveries` (`run_id`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `campaign_deliveries_skipped` ON `campaign_deliveries` (`run_id`,`reason`) WHERE status = 'skipped';--> statement-breakpoint
CREATE INDEX `campaign_deliveries_contact` ON `campaign_deliveries` (`contact_id`);--> statement-breakpoint
CREATE TABLE `campaign_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` text NOT NULL,
	`day` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`audience` integer NOT NULL,
	`snapshot_after` text,
	`queued` integer DEFAULT 0 NOT NULL,
	`enrolled` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `campaign_runs_campaign` ON `campaign_runs` (`campaign_id`,`id`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`definition` text NOT NULL,
	`status` text NOT NULL,
	`next_run_day` text,
	`next_run_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `campaigns_next_run` ON `campaigns` (`next_run_at`) WHERE next_run_at IS NOT NULL;