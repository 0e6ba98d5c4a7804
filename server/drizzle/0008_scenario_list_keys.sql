DROP INDEX `enrolments_scenario`;--> statement-breakpoint
CREATE INDEX `enrolments_scenario_entered` ON `enrolments` (`scenario_id`,`entered_at`,`status`);--> statement-breakpoint
ALTER TABLE `api_keys` ADD `last_used_at` integer;--> statement-breakpoint
ALTER TABLE `scenarios` ADD `tags` text DEFAULT '[]' NOT NULL;