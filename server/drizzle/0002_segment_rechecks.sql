CREATE TABLE `segment_rechecks` (
	`contact_id` text NOT NULL,
	`scenario_id` text NOT NULL,
	`due_at` integer NOT NULL,
	PRIMARY KEY(`contact_id`, `scenario_id`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `segment_rechecks_due` ON `segment_rechecks` (`due_at`);