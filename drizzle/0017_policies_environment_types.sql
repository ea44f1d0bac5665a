CREATE TABLE "environment_type_policies" (
	"type" text PRIMARY KEY NOT NULL,
	"schedules" jsonb NOT NULL,
	"retention" jsonb NOT NULL,
	"max_manual_backups" integer NOT NULL,
	"max_backups" integer DEFAULT 0 NOT NULL,
	"live" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "backup_settings" ADD COLUMN "max_backups" integer;--> statement-breakpoint
INSERT INTO "environment_type_policies" ("type", "schedules", "retention", "max_manual_backups", "max_backups", "live") VALUES
	('production', '[{"cron":"@daily-random"}]'::jsonb, '{"preset":"lagoon"}'::jsonb, 5, 0, true),
	('staging', '[{"cron":"@nightly-random"}]'::jsonb, '{"preset":"2d"}'::jsonb, 5, 0, true),
	('development', '[{"cron":"@nightly-random"}]'::jsonb, '{"preset":"2d"}'::jsonb, 5, 0, true)
ON CONFLICT ("type") DO NOTHING;
