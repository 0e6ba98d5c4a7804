CREATE TABLE `contact_preferences` (
	`contact_id` text PRIMARY KEY NOT NULL,
	`preferences` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `preference_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` text NOT NULL,
	`topic` text,
	`channel` text,
	`granted` integer,
	`frequency` text,
	`source` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `preference_changes_contact` ON `preference_changes` (`contact_id`,`at`);--> statement-breakpoint
ALTER TABLE `messages` ADD `transactional` integer DEFAULT false NOT NULL;