ALTER TABLE `messages` ADD `next_attempt_at` integer;--> statement-breakpoint
CREATE INDEX `messages_next_attempt` ON `messages` (`status`,`next_attempt_at`,`id`);