CREATE TABLE `date_backfills` (
	`scenario_id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`from_at` integer NOT NULL,
	`after_contact` text
);
--> statement-breakpoint
CREATE TABLE `date_entries` (
	`contact_id` text NOT NULL,
	`scenario_id` text NOT NULL,
	`due_at` integer NOT NULL,
	`set_at` integer NOT NULL,
	PRIMARY KEY(`contact_id`, `scenario_id`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `date_entries_due` ON `date_entries` (`due_at`);--> statement-breakpoint
CREATE INDEX `contacts_updated` ON `contacts` ("updated_at" desc,`id`);--> statement-breakpoint
CREATE INDEX `messages_enrolment` ON `messages` (`enrolment_id`);--> statement-breakpoint
-- hand-written: date_entries_search
-- Contact search: a contentless FTS5 index over each contact's id and attribute values, keyed by the
-- contacts table's rowid and kept in step by triggers (an id changes on a merge, attributes on any write).
CREATE VIRTUAL TABLE `contacts_search` USING fts5(`contact_id`, `attribute_values`, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `contacts_search` (rowid, `contact_id`, `attribute_values`)
  SELECT rowid, id, (SELECT group_concat(value, ' ') FROM json_each(contacts.attributes) WHERE type <> 'null') FROM contacts;
--> statement-breakpoint
CREATE TRIGGER `contacts_search_insert` AFTER INSERT ON `contacts` BEGIN
  INSERT INTO `contacts_search` (rowid, `contact_id`, `attribute_values`)
    VALUES (new.rowid, new.id, (SELECT group_concat(value, ' ') FROM json_each(new.attributes) WHERE type <> 'null'));
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_search_update` AFTER UPDATE OF id, attributes ON `contacts`
  WHEN old.id IS NOT new.id OR old.attributes IS NOT new.attributes BEGIN
  DELETE FROM `contacts_search` WHERE rowid = old.rowid;
  INSERT INTO `contacts_search` (rowid, `contact_id`, `attribute_values`)
    VALUES (new.rowid, new.id, (SELECT group_concat(value, ' ') FROM json_each(new.attributes) WHERE type <> 'null'));
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_search_delete` AFTER DELETE ON `contacts` BEGIN
  DELETE FROM `contacts_search` WHERE rowid = old.rowid;
END;
--> statement-breakpoint
-- Date entries replace the date sweep: the contacts of the date scenarios live now get their rows from the backfill job.
INSERT INTO `date_backfills` (`scenario_id`, `version`, `from_at`, `after_contact`)
  SELECT v.scenario_id, v.version, CAST(unixepoch('subsec') * 1000 AS INTEGER), NULL
  FROM scenario_versions v JOIN scenarios s ON s.id = v.scenario_id
  WHERE s.status = 'live'
    AND v.version = (SELECT max(v2.version) FROM scenario_versions v2 WHERE v2.scenario_id = v.scenario_id)
    AND EXISTS (SELECT 1 FROM json_each(v.definition, '$.nodes') n WHERE json_extract(n.value, '$.type') = 'entry.date');
