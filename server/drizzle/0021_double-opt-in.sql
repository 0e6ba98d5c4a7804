CREATE TABLE `consent_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` text NOT NULL,
	`channel` text NOT NULL,
	`status` text NOT NULL,
	`requested_at` integer NOT NULL,
	`settled_at` integer,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `consent_requests_contact` ON `consent_requests` (`contact_id`,`channel`,`status`);--> statement-breakpoint
CREATE TABLE `sms_replies` (
	`provider` text NOT NULL,
	`reply_id` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`provider`, `reply_id`)
);
--> statement-breakpoint
ALTER TABLE `consent_changes` ADD `pending` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `consent_changes` ADD `ip` text;--> statement-breakpoint
ALTER TABLE `consent_changes` ADD `user_agent` text;