CREATE TABLE `daily_counters` (
	`scenario_id` text NOT NULL,
	`day` integer NOT NULL,
	`version` integer NOT NULL,
	`node` text NOT NULL,
	`metric` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`scenario_id`, `day`, `version`, `node`, `metric`)
);--> statement-breakpoint
-- hand-written: daily counters
-- Backfill, once, of the daily counters from what the database holds: entries from the enrolments (node ''),
-- ends at their node on the day they ended, sends from the outbox by what became of them, and the skips and
-- deferrals the engine decided from the trace (as far as retention kept it). Days are UTC days since the epoch.
-- Revenue starts at this migration: conversions before it did not record what they earned.
INSERT INTO `daily_counters` (`scenario_id`, `day`, `version`, `node`, `metric`, `n`)
SELECT scenario_id, entered_at / 86400000, version, '', 'entered', count(*)
FROM `enrolments` WHERE true GROUP BY scenario_id, entered_at / 86400000, version
ON CONFLICT (scenario_id, day, version, node, metric) DO UPDATE SET n = n + excluded.n;
--> statement-breakpoint
INSERT INTO `daily_counters` (`scenario_id`, `day`, `version`, `node`, `metric`, `n`)
SELECT scenario_id, exited_at / 86400000, version, node, status, count(*)
FROM `enrolments` WHERE status IN ('converted', 'completed', 'exited') AND node IS NOT NULL AND exited_at IS NOT NULL
GROUP BY scenario_id, exited_at / 86400000, version, node, status
ON CONFLICT (scenario_id, day, version, node, metric) DO UPDATE SET n = n + excluded.n;
--> statement-breakpoint
INSERT INTO `daily_counters` (`scenario_id`, `day`, `version`, `node`, `metric`, `n`)
SELECT scenario_id, created_at / 86400000, version, node, CASE WHEN status IN ('failed', 'skipped') THEN status ELSE 'sent' END, count(*)
FROM `messages` WHERE true GROUP BY scenario_id, created_at / 86400000, version, node, CASE WHEN status IN ('failed', 'skipped') THEN status ELSE 'sent' END
ON CONFLICT (scenario_id, day, version, node, metric) DO UPDATE SET n = n + excluded.n;
--> statement-breakpoint
INSERT INTO `daily_counters` (`scenario_id`, `day`, `version`, `node`, `metric`, `n`)
SELECT scenario_id, at / 86400000, version, node, outcome, count(*)
FROM `steps` WHERE outcome IN ('skipped', 'deferred') GROUP BY scenario_id, at / 86400000, version, node, outcome
ON CONFLICT (scenario_id, day, version, node, metric) DO UPDATE SET n = n + excluded.n;
