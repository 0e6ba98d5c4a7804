DROP INDEX `segment_members_contact`;--> statement-breakpoint
CREATE INDEX `segment_members_contact` ON `segment_members` (`contact_id`,`segment_id`);