ALTER TABLE `campaign_deliveries` ADD `source` text DEFAULT 'segment' NOT NULL;--> statement-breakpoint
CREATE INDEX `campaign_deliveries_widened` ON `campaign_deliveries` (`run_id`) WHERE source = 'widened';--> statement-breakpoint
ALTER TABLE `campaign_runs` ADD `stage` text DEFAULT 'segment' NOT NULL;--> statement-breakpoint
ALTER TABLE `campaign_runs` ADD `rank_after_key` real;--> statement-breakpoint
ALTER TABLE `campaign_runs` ADD `rank_after_id` text;--> statement-breakpoint
ALTER TABLE `campaign_runs` ADD `kept` integer DEFAULT 0 NOT NULL;