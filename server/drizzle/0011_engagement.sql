CREATE TABLE `feedback_receipts` (
	`provider` text NOT NULL,
	`delivery_id` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`provider`, `delivery_id`)
);
--> statement-breakpoint
CREATE TABLE `suppressions` (
	`channel` text NOT NULL,
	`address` text NOT NULL,
	`reason` text NOT NULL,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`channel`, `address`)
);
--> statement-breakpoint
CREATE INDEX `suppressions_created` ON `suppressions` ("created_at" desc);--> statement-breakpoint
ALTER TABLE `messages` ADD `address` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `provider_id` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `delivered_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `opened_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `clicked_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `bounced_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `bounce` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `complained_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `unsubscribed_at` integer;--> statement-breakpoint
CREATE INDEX `messages_provider_id` ON `messages` (`provider_id`) WHERE provider_id IS NOT NULL;