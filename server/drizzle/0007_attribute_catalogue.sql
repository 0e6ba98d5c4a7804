CREATE TABLE `contact_attributes` (
	`name` text PRIMARY KEY NOT NULL,
	`contacts` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `contact_totals` (
	`id` integer PRIMARY KEY NOT NULL,
	`known` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `declared_attributes` (
	`name` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `scenario_versions` ADD `note` text;--> statement-breakpoint
-- hand-written: attribute catalogue
-- The seen attributes and the number of known contacts follow every write to `contacts` (upsert, identify, merge,
-- erasure) from triggers, so the catalogue never scans the contacts. An update that changes values but not keys
-- writes nothing here.
INSERT INTO `contact_attributes` (`name`, `contacts`)
SELECT j.key, count(*) FROM `contacts` c, json_each(c.attributes) j WHERE c.anonymous = 0 GROUP BY j.key;
--> statement-breakpoint
INSERT INTO `contact_totals` (`id`, `known`) SELECT 1, count(*) FROM `contacts` WHERE anonymous = 0;
--> statement-breakpoint
CREATE TRIGGER `contact_attributes_insert` AFTER INSERT ON `contacts` WHEN new.anonymous = 0 BEGIN
  INSERT INTO `contact_attributes` (`name`, `contacts`) SELECT key, 1 FROM json_each(new.attributes) WHERE true
    ON CONFLICT (`name`) DO UPDATE SET `contacts` = `contacts` + 1;
  INSERT INTO `contact_totals` (`id`, `known`) VALUES (1, 1) ON CONFLICT (`id`) DO UPDATE SET `known` = `known` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `contact_attributes_delete` AFTER DELETE ON `contacts` WHEN old.anonymous = 0 BEGIN
  UPDATE `contact_attributes` SET `contacts` = `contacts` - 1 WHERE `name` IN (SELECT key FROM json_each(old.attributes));
  DELETE FROM `contact_attributes` WHERE `contacts` <= 0 AND `name` IN (SELECT key FROM json_each(old.attributes));
  UPDATE `contact_totals` SET `known` = `known` - 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `contact_attributes_update` AFTER UPDATE OF attributes ON `contacts`
  WHEN old.anonymous = 0 AND new.anonymous = 0 AND old.attributes IS NOT new.attributes BEGIN
  UPDATE `contact_attributes` SET `contacts` = `contacts` - 1 WHERE `name` IN
    (SELECT key FROM json_each(old.attributes) WHERE key NOT IN (SELECT key FROM json_each(new.attributes)));
  DELETE FROM `contact_attributes` WHERE `contacts` <= 0 AND `name` IN (SELECT key FROM json_each(old.attributes));
  INSERT INTO `contact_attributes` (`name`, `contacts`)
    SELECT key, 1 FROM json_each(new.attributes) WHERE key NOT IN (SELECT key FROM json_each(old.attributes))
    ON CONFLICT (`name`) DO UPDATE SET `contacts` = `contacts` + 1;
END;
--> statement-breakpoint
-- An anonymous visitor identified as a known contact (or the reverse) enters (leaves) the catalogue whole.
CREATE TRIGGER `contact_attributes_known` AFTER UPDATE OF anonymous, attributes ON `contacts`
  WHEN old.anonymous IS NOT new.anonymous BEGIN
  UPDATE `contact_attributes` SET `contacts` = `contacts` - 1 WHERE old.anonymous = 0 AND `name` IN (SELECT key FROM json_each(old.attributes));
  DELETE FROM `contact_attributes` WHERE `contacts` <= 0 AND `name` IN (SELECT key FROM json_each(old.attributes));
  INSERT INTO `contact_attributes` (`name`, `contacts`) SELECT key, 1 FROM json_each(new.attributes) WHERE new.anonymous = 0
    ON CONFLICT (`name`) DO UPDATE SET `contacts` = `contacts` + 1;
  INSERT INTO `contact_totals` (`id`, `known`) VALUES (1, (new.anonymous = 0) - (old.anonymous = 0))
    ON CONFLICT (`id`) DO UPDATE SET `known` = `known` + excluded.known;
END;
