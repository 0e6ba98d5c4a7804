DROP INDEX `enrolments_one_active`;--> statement-breakpoint
ALTER TABLE `enrolments` ADD `correlation` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `enrolments_one_active` ON `enrolments` (`contact_id`,`scenario_id`,`correlation`) WHERE status = 'active';