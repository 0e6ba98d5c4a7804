ALTER TABLE `scenarios` ADD `tags` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
CREATE INDEX `enrolments_scenario_entered` ON `enrolments` (`scenario_id`,`entered_at`,`status`);