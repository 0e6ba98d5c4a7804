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