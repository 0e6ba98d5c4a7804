CREATE TABLE `node_counters` (
	`scenario_id` text NOT NULL,
	`version` integer NOT NULL,
	`node` text NOT NULL,
	`output` text NOT NULL,
	`metric` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`scenario_id`, `version`, `node`, `output`, `metric`)
);
--> statement-breakpoint
DROP INDEX `steps_version_node`;--> statement-breakpoint
ALTER TABLE `enrolments` ADD `visited` text;--> statement-breakpoint
-- hand-written: node counters
-- An erased contact's enrolments go by cascade: one waiting somewhere no longer waits there.
CREATE TRIGGER `node_counters_erased_waiting` AFTER DELETE ON `enrolments`
WHEN old.status = 'active' AND old.node IS NOT NULL
BEGIN
	UPDATE `node_counters` SET `n` = `n` - 1
	WHERE `scenario_id` = old.scenario_id AND `version` = old.version AND `node` = old.node AND `output` = '' AND `metric` = 'waiting';
END;
--> statement-breakpoint
-- Backfill, once: the counts the trace and the enrolments hold today.
INSERT INTO `node_counters` (`scenario_id`, `version`, `node`, `output`, `metric`, `n`)
SELECT s.scenario_id, s.version, s.node, '', 'entered', count(DISTINCT s.enrolment_id)
FROM `steps` s JOIN `enrolments` e ON e.id = s.enrolment_id GROUP BY s.scenario_id, s.version, s.node;
--> statement-breakpoint
INSERT INTO `node_counters` (`scenario_id`, `version`, `node`, `output`, `metric`, `n`)
SELECT s.scenario_id, s.version, s.node, '', 'converted', count(DISTINCT s.enrolment_id)
FROM `steps` s JOIN `enrolments` e ON e.id = s.enrolment_id WHERE e.status = 'converted' GROUP BY s.scenario_id, s.version, s.node;
--> statement-breakpoint
INSERT INTO `node_counters` (`scenario_id`, `version`, `node`, `output`, `metric`, `n`)
SELECT s.scenario_id, s.version, s.node, s.output, 'taken', count(DISTINCT s.enrolment_id)
FROM `steps` s JOIN `enrolments` e ON e.id = s.enrolment_id WHERE s.output IS NOT NULL GROUP BY s.scenario_id, s.version, s.node, s.output;
--> statement-breakpoint
INSERT INTO `node_counters` (`scenario_id`, `version`, `node`, `output`, `metric`, `n`)
SELECT s.scenario_id, s.version, s.node, s.output, 'converted', count(DISTINCT s.enrolment_id)
FROM `steps` s JOIN `enrolments` e ON e.id = s.enrolment_id WHERE s.output IS NOT NULL AND e.status = 'converted' GROUP BY s.scenario_id, s.version, s.node, s.output;
--> statement-breakpoint
INSERT INTO `node_counters` (`scenario_id`, `version`, `node`, `output`, `metric`, `n`)
SELECT scenario_id, version, node, '', CASE status WHEN 'active' THEN 'waiting' ELSE 'exited' END, count(*)
FROM `enrolments` WHERE status IN ('active', 'exited') AND node IS NOT NULL GROUP BY scenario_id, version, node, status;
--> statement-breakpoint
INSERT INTO `node_counters` (`scenario_id`, `version`, `node`, `output`, `metric`, `n`)
SELECT scenario_id, version, node, '', outcome, count(*)
FROM `steps` WHERE outcome IN ('sent', 'skipped') GROUP BY scenario_id, version, node, outcome;
--> statement-breakpoint
UPDATE `enrolments` SET `visited` = v.keys
FROM (
	SELECT enrolment_id, json_group_array(key) AS keys FROM (
		SELECT DISTINCT s.enrolment_id, s.node AS key FROM `steps` s JOIN `enrolments` e ON e.id = s.enrolment_id WHERE e.status = 'active'
		UNION
		SELECT DISTINCT s.enrolment_id, s.node || ':' || s.output FROM `steps` s JOIN `enrolments` e ON e.id = s.enrolment_id WHERE e.status = 'active' AND s.output IS NOT NULL
	) GROUP BY enrolment_id
) AS v
WHERE `enrolments`.id = v.enrolment_id;
