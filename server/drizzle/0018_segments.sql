CREATE TABLE `segment_members` (
	`segment_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`entered_at` integer NOT NULL,
	PRIMARY KEY(`segment_id`, `contact_id`),
	FOREIGN KEY (`segment_id`) REFERENCES `segments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `segment_members_contact` ON `segment_members` (`contact_id`);--> statement-breakpoint
CREATE TABLE `segment_membership_rechecks` (
	`contact_id` text NOT NULL,
	`segment_id` text NOT NULL,
	`due_at` integer NOT NULL,
	PRIMARY KEY(`contact_id`, `segment_id`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE cascade ON DELETE cascade,
	FOREIGN KEY (`segment_id`) REFERENCES `segments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `segment_membership_rechecks_due` ON `segment_membership_rechecks` (`due_at`);--> statement-breakpoint
CREATE TABLE `segment_sizes` (
	`segment_id` text NOT NULL,
	`day` text NOT NULL,
	`size` integer NOT NULL,
	PRIMARY KEY(`segment_id`, `day`),
	FOREIGN KEY (`segment_id`) REFERENCES `segments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `segments` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`condition` text NOT NULL,
	`size` integer DEFAULT 0 NOT NULL,
	`compute_after` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);--> statement-breakpoint
-- hand-written: segments
-- A saved segment's size follows its members, whatever removes them (a change, a recomputation, an erased
-- contact, a merged visitor): "how many are in it now" is one row, never a count.
CREATE TRIGGER `segment_members_size_insert` AFTER INSERT ON `segment_members` BEGIN
	UPDATE `segments` SET `size` = `size` + 1 WHERE `id` = new.segment_id;
END;
--> statement-breakpoint
CREATE TRIGGER `segment_members_size_delete` AFTER DELETE ON `segment_members` BEGIN
	UPDATE `segments` SET `size` = `size` - 1 WHERE `id` = old.segment_id;
END;
