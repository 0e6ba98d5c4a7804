DROP INDEX `enrolments_contact`;--> statement-breakpoint
DROP INDEX `enrolments_version`;--> statement-breakpoint
ALTER TABLE `enrolments` ADD `due_at` integer;--> statement-breakpoint
ALTER TABLE `enrolments` ADD `timer_node` text;--> statement-breakpoint
ALTER TABLE `enrolments` ADD `timer_seq` integer;--> statement-breakpoint
CREATE INDEX `enrolments_scenario` ON `enrolments` (`scenario_id`,`version`);--> statement-breakpoint
CREATE INDEX `enrolments_due` ON `enrolments` (`due_at`) WHERE due_at IS NOT NULL;--> statement-breakpoint
-- hand-written: the pending timers move onto their enrolment's row before their table goes (the
-- earliest one, should an enrolment hold several: the engine keeps one per enrolment).
UPDATE `enrolments` SET `due_at` = t.due_at, `timer_node` = t.node, `timer_seq` = t.seq
FROM (
	SELECT enrolment_id, node, seq, due_at, row_number() OVER (PARTITION BY enrolment_id ORDER BY due_at, id) AS rank FROM `timers`
) AS t
WHERE `enrolments`.id = t.enrolment_id AND t.rank = 1 AND `enrolments`.status = 'active';
--> statement-breakpoint
DROP TABLE `timers`;
