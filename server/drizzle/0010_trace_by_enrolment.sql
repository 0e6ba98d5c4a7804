PRAGMA foreign_keys=OFF;--> statement-breakpoint
-- hand-written: the copy keeps only trace rows whose enrolment exists (foreign keys stay on inside the migration's transaction, and the new table checks them).
CREATE TABLE `__new_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enrolment_id` integer NOT NULL,
	`scenario_id` text NOT NULL,
	`version` integer NOT NULL,
	`at` integer NOT NULL,
	`node` text NOT NULL,
	`type` text NOT NULL,
	`outcome` text NOT NULL,
	`output` text,
	`reason` text,
	`rule` text,
	`until` integer,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_steps`("id", "enrolment_id", "scenario_id", "version", "at", "node", "type", "outcome", "output", "reason", "rule", "until") SELECT "id", "enrolment_id", "scenario_id", "version", "at", "node", "type", "outcome", "output", "reason", "rule", "until" FROM `steps` WHERE "enrolment_id" IN (SELECT "id" FROM `enrolments`);--> statement-breakpoint
DROP TABLE `steps`;--> statement-breakpoint
ALTER TABLE `__new_steps` RENAME TO `steps`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `steps_enrolment` ON `steps` (`enrolment_id`);