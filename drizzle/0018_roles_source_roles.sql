ALTER TABLE "projects" ADD COLUMN "restore_location" text;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "role" text;--> statement-breakpoint
UPDATE "sources" SET "role" = CASE WHEN "type" IN ('postgres', 'mysql', 'sqlite') THEN 'database' ELSE 'files' END;--> statement-breakpoint
ALTER TABLE "backup_settings" ADD COLUMN "compression" text;--> statement-breakpoint
ALTER TABLE "backup_snapshots" ADD COLUMN "source_role" text;--> statement-breakpoint
ALTER TABLE "restores" ADD COLUMN "include_code" boolean DEFAULT false NOT NULL;