CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`scope` text NOT NULL,
	`hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_unique` ON `api_keys` (`hash`);--> statement-breakpoint
CREATE TABLE `consent_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` text NOT NULL,
	`channel` text NOT NULL,
	`granted` integer NOT NULL,
	`source` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `consent_changes_contact` ON `consent_changes` (`contact_id`,`at`);--> statement-breakpoint
CREATE TABLE `contact_aliases` (
	`anonymous_id` text PRIMARY KEY NOT NULL,
	`contact_id` text NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_aliases_contact` ON `contact_aliases` (`contact_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`anonymous` integer DEFAULT false NOT NULL,
	`attributes` text NOT NULL,
	`consents` text NOT NULL,
	`time_zone` text,
	`lists` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `enrolments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` text NOT NULL,
	`scenario_id` text NOT NULL,
	`version` integer NOT NULL,
	`pass` integer NOT NULL,
	`status` text NOT NULL,
	`node` text,
	`snapshot` text,
	`trigger` text NOT NULL,
	`entered_at` integer NOT NULL,
	`exited_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrolments_one_active` ON `enrolments` (`contact_id`,`scenario_id`) WHERE status = 'active';--> statement-breakpoint
CREATE INDEX `enrolments_contact` ON `enrolments` (`contact_id`,`status`);--> statement-breakpoint
CREATE INDEX `enrolments_contact_scenario` ON `enrolments` (`contact_id`,`scenario_id`,`pass`);--> statement-breakpoint
CREATE INDEX `enrolments_version` ON `enrolments` (`scenario_id`,`version`,`status`,`node`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` text NOT NULL,
	`name` text NOT NULL,
	`properties` text NOT NULL,
	`at` integer NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `events_contact_at` ON `events` (`contact_id`,`at`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`contact_id` text NOT NULL,
	`enrolment_id` integer,
	`scenario_id` text NOT NULL,
	`version` integer NOT NULL,
	`node` text NOT NULL,
	`channel` text NOT NULL,
	`template` text,
	`webhook` text,
	`status` text NOT NULL,
	`reason` text,
	`rendered` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE cascade ON DELETE cascade,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_idempotency_key_unique` ON `messages` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `messages_status` ON `messages` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `messages_contact` ON `messages` (`contact_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `messages_scenario` ON `messages` (`scenario_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `scenario_versions` (
	`scenario_id` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`published_at` integer NOT NULL,
	PRIMARY KEY(`scenario_id`, `version`),
	FOREIGN KEY (`scenario_id`) REFERENCES `scenarios`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `scenarios` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`draft` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enrolment_id` integer NOT NULL,
	`contact_id` text NOT NULL,
	`scenario_id` text NOT NULL,
	`version` integer NOT NULL,
	`at` integer NOT NULL,
	`node` text NOT NULL,
	`type` text NOT NULL,
	`outcome` text NOT NULL,
	`output` text,
	`reason` text,
	`rule` text,
	`until` integer,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `steps_contact` ON `steps` (`contact_id`,`at`);--> statement-breakpoint
CREATE INDEX `steps_version_node` ON `steps` (`scenario_id`,`version`,`node`);--> statement-breakpoint
CREATE TABLE `timers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enrolment_id` integer NOT NULL,
	`node` text NOT NULL,
	`seq` integer NOT NULL,
	`due_at` integer NOT NULL,
	FOREIGN KEY (`enrolment_id`) REFERENCES `enrolments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `timers_due` ON `timers` (`due_at`);--> statement-breakpoint
CREATE INDEX `timers_enrolment` ON `timers` (`enrolment_id`,`node`);