DROP INDEX "audit_log_at";
--> statement-breakpoint
DROP INDEX "consent_changes_contact";
--> statement-breakpoint
DROP INDEX "consent_requests_contact";
--> statement-breakpoint
DROP INDEX "enrolments_contact_scenario";
--> statement-breakpoint
DROP INDEX "enrolments_scenario_entered";
--> statement-breakpoint
DROP INDEX "enrolments_due";
--> statement-breakpoint
DROP INDEX "events_contact_at";
--> statement-breakpoint
DROP INDEX "login_failures_key";
--> statement-breakpoint
DROP INDEX "login_failures_at";
--> statement-breakpoint
DROP INDEX "messages_contact";
--> statement-breakpoint
DROP INDEX "messages_scenario";
--> statement-breakpoint
DROP INDEX "messages_enrolment";
--> statement-breakpoint
DROP INDEX "messages_failed";
--> statement-breakpoint
DROP INDEX "messages_provider_id";
--> statement-breakpoint
DROP INDEX "onsite_items_decide";
--> statement-breakpoint
DROP INDEX "preference_changes_contact";
--> statement-breakpoint
DROP INDEX "steps_enrolment";
--> statement-breakpoint
CREATE INDEX "audit_log_at" ON "audit_log" USING btree ("at","id");
--> statement-breakpoint
CREATE INDEX "consent_changes_contact" ON "consent_changes" USING btree ("contact_id","at","id");
--> statement-breakpoint
CREATE INDEX "consent_requests_contact" ON "consent_requests" USING btree ("contact_id","channel","status","id");
--> statement-breakpoint
CREATE INDEX "enrolments_contact_scenario" ON "enrolments" USING btree ("contact_id","scenario_id","pass","id");
--> statement-breakpoint
CREATE INDEX "enrolments_scenario_entered" ON "enrolments" USING btree ("scenario_id","entered_at","status","id");
--> statement-breakpoint
CREATE INDEX "enrolments_due" ON "enrolments" USING btree ("due_at","id") WHERE due_at IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "events_contact_at" ON "events" USING btree ("contact_id","at","id");
--> statement-breakpoint
CREATE INDEX "login_failures_key" ON "login_failures" USING btree ("scope","key","at","id");
--> statement-breakpoint
CREATE INDEX "login_failures_at" ON "login_failures" USING btree ("at","id");
--> statement-breakpoint
CREATE INDEX "messages_contact" ON "messages" USING btree ("contact_id","created_at","id");
--> statement-breakpoint
CREATE INDEX "messages_scenario" ON "messages" USING btree ("scenario_id","created_at","id");
--> statement-breakpoint
CREATE INDEX "messages_enrolment" ON "messages" USING btree ("enrolment_id","id");
--> statement-breakpoint
CREATE INDEX "messages_failed" ON "messages" USING btree ("scenario_id","node","id") WHERE status = 'failed';
--> statement-breakpoint
CREATE INDEX "messages_provider_id" ON "messages" USING btree ("provider_id","id") WHERE provider_id IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "onsite_items_decide" ON "onsite_items" USING btree ("contact_id","placement","expires_at","id");
--> statement-breakpoint
CREATE INDEX "preference_changes_contact" ON "preference_changes" USING btree ("contact_id","at","id");
--> statement-breakpoint
CREATE INDEX "steps_enrolment" ON "steps" USING btree ("enrolment_id","id");
