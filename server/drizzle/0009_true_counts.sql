CREATE INDEX `messages_failed` ON `messages` (`scenario_id`,`node`) WHERE status = 'failed';--> statement-breakpoint
-- hand-written: true counts
-- Backfill, once, of the counters added since 0005: completed goals, deferrals, skips per rule, and what
-- delivery did with sends the steps counted as sent (failed after their tries, or skipped for a consent
-- withdrawn meanwhile), moved from `sent`. Conversions counted before this migration stay as they were.
INSERT INTO `node_counters` (`scenario_id`, `version`, `node`, `output`, `metric`, `n`)
SELECT scenario_id, version, node, '', 'completed', count(*)
FROM `enrolments` WHERE status = 'completed' AND node IS NOT NULL GROUP BY scenario_id, version, node
ON CONFLICT (scenario_id, version, node, output, metric) DO UPDATE SET n = n + excluded.n;
--> statement-breakpoint
INSERT INTO `node_counters` (`scenario_id`, `version`, `node`, `output`, `metric`, `n`)
SELECT scenario_id, version, node, '', 'deferred', count(*)
FROM `steps` WHERE outcome = 'deferred' GROUP BY scenario_id, version, node
ON CONFLICT (scenario_id, version, node, output, metric) DO UPDATE SET n = n + excluded.n;
--> statement-breakpoint
INSERT INTO `node_counters` (`scenario_id`, `version`, `node`, `output`, `metric`, `n`)
SELECT scenario_id, version, node, '', 'skipped:' || rule, count(*)
FROM `steps` WHERE outcome = 'skipped' AND rule IS NOT NULL GROUP BY scenario_id, version, node, rule
ON CONFLICT (scenario_id, version, node, output, metric) DO UPDATE SET n = n + excluded.n;
--> statement-breakpoint
INSERT INTO `node_counters` (`scenario_id`, `version`, `node`, `output`, `metric`, `n`)
SELECT scenario_id, version, node, '', m.metric, count(*) * m.sign
FROM `messages` JOIN (
	SELECT 'failed' AS status, 'failed' AS metric, 1 AS sign
	UNION ALL SELECT 'failed', 'sent', -1
	UNION ALL SELECT 'skipped', 'skipped', 1
	UNION ALL SELECT 'skipped', 'skipped:consent', 1
	UNION ALL SELECT 'skipped', 'sent', -1
) AS m ON m.status = `messages`.status
WHERE true GROUP BY scenario_id, version, node, m.metric
ON CONFLICT (scenario_id, version, node, output, metric) DO UPDATE SET n = n + excluded.n;
