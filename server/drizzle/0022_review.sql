CREATE TABLE `review_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scenario_id` text NOT NULL,
	`status` text NOT NULL,
	`snapshot` text NOT NULL,
	`base_version` integer,
	`note` text,
	`requested_by` text NOT NULL,
	`requested_at` integer NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`comment` text,
	`published_version` integer,
	FOREIGN KEY (`scenario_id`) REFERENCES `scenarios`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `review_requests_scenario` ON `review_requests` (`scenario_id`,`id`);--> statement-breakpoint
CREATE INDEX `review_requests_status` ON `review_requests` (`status`,`id`);