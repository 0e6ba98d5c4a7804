ALTER TABLE `enrolments` ADD `trigger_event` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `event` text;--> statement-breakpoint
-- Existing rows: enrolments started by an event that are active or have messages still to send get that event (the earliest event received at
-- their entry time under their entry trigger's name, as delivery used to find it), and pending
-- messages take their enrolment's. Rows already sent keep none: nothing renders them again.
UPDATE `enrolments` SET `trigger_event` = (
  SELECT json_object('name', ev.`name`, 'properties', json(ev.`properties`)) FROM `events` ev
  WHERE ev.`contact_id` = `enrolments`.`contact_id` AND ev.`received_at` = `enrolments`.`entered_at`
    AND ev.`name` = (
      SELECT json_extract(node.value, '$.config.event') FROM `scenario_versions` sv, json_each(sv.`definition`, '$.nodes') node
      WHERE sv.`scenario_id` = `enrolments`.`scenario_id` AND sv.`version` = `enrolments`.`version`
        AND json_extract(node.value, '$.type') = 'entry.event'
    )
  ORDER BY ev.`id` LIMIT 1
) WHERE `trigger` = 'event'
  AND (`status` = 'active' OR `id` IN (SELECT `enrolment_id` FROM `messages` WHERE `status` = 'pending'));--> statement-breakpoint
UPDATE `messages` SET `event` = (SELECT e.`trigger_event` FROM `enrolments` e WHERE e.`id` = `messages`.`enrolment_id`)
WHERE `status` = 'pending';
