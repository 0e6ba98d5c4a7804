CREATE TABLE `audit_retention` (
	`id` integer PRIMARY KEY NOT NULL,
	`days` integer,
	CONSTRAINT "audit_retention_one_row" CHECK("audit_retention"."id" = 1),
	CONSTRAINT "audit_retention_floor" CHECK("audit_retention"."days" is null or "audit_retention"."days" >= 180)
);
--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`invited_by` text,
	`created_at` integer NOT NULL,
	`sent_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_email_unique` ON `invitations` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_hash_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE TABLE `login_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_failures_key` ON `login_failures` (`scope`,`key`,`at`);--> statement-breakpoint
CREATE INDEX `login_failures_at` ON `login_failures` (`at`);--> statement-breakpoint
ALTER TABLE `users` ADD `name` text;--> statement-breakpoint
-- hand-written: audit-retention
-- The one row of the setting: keep every entry (days null) until an admin sets a retention.
INSERT INTO `audit_retention` (`id`, `days`) VALUES (1, NULL);--> statement-breakpoint
-- The instant before which entries may go: by the database's own clock, never the server's (a manual clock moved
-- forward through POST /api/clock must not age the log); no row while the log is kept for good.
CREATE VIEW `audit_prune_horizon` AS SELECT CAST(strftime('%s', 'now') AS INTEGER) * 1000 - `days` * 86400000 AS `before` FROM `audit_retention` WHERE `id` = 1 AND `days` IS NOT NULL;--> statement-breakpoint
-- Still append-only: a DELETE goes through only for an entry older than the retention (the pruning job's); any other
-- DELETE, and every UPDATE (the other trigger, unchanged), is refused.
DROP TRIGGER `audit_log_no_delete`;--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` WHEN NOT EXISTS (SELECT 1 FROM `audit_prune_horizon` WHERE old.`at` < `before`) BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: only entries older than its retention may be deleted'); END;
