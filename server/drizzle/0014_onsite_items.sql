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
CREATE INDEX `onsite_items_decide` ON `onsite_items` (`contact_id`,`placement`,`expires_at`);