CREATE TABLE `onsite_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`contact_id` text NOT NULL,
	`placement` text NOT NULL,
	`format` text NOT NULL,
	`content` text NOT NULL,
	`priority` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`max_impressions_per_day` integer,
	`scenario_id` text NOT NULL,
	`node` text NOT NULL,
	`event` text,
	`created_at` integer NOT NULL,
	`impressions_day` integer DEFAULT 0 NOT NULL,
	`impressions_today` integer DEFAULT 0 NOT NULL,
	`impressions` integer DEFAULT 0 NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `onsite_items_decide` ON `onsite_items` (`contact_id`,`placement`,`expires_at`);--> statement-breakpoint
CREATE TABLE `site_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`key` text NOT NULL,
	`origins` text NOT NULL,
	`visitor_per_minute` integer NOT NULL,
	`key_per_second` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `site_keys_key_unique` ON `site_keys` (`key`);