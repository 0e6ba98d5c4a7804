ALTER TABLE `campaign_runs` ADD `definition` text;--> statement-breakpoint
ALTER TABLE `campaign_runs` ADD `journey_version` integer;--> statement-breakpoint
ALTER TABLE `scenarios` ADD `campaign_id` text;--> statement-breakpoint
-- hand-written: campaign-message
-- Runs from before runs kept their definition: the campaign's (campaigns were not edited then).
UPDATE `campaign_runs` SET `definition` = (SELECT `definition` FROM `campaigns` WHERE `campaigns`.`id` = `campaign_runs`.`campaign_id`) WHERE `definition` IS NULL;
