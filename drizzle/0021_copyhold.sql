ALTER TABLE "backup_snapshots" ADD COLUMN "forgotten_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "backups" ADD COLUMN "primary_forgotten_at" timestamp with time zone;