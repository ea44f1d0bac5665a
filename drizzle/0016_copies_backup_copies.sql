CREATE TABLE "backup_copies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"backup_id" uuid NOT NULL,
	"destination_id" uuid NOT NULL,
	"from_destination_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"snapshot_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"job_id" uuid,
	"error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"copied_at" timestamp with time zone,
	"forgotten_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "backup_settings" ADD COLUMN "copies" jsonb;--> statement-breakpoint
ALTER TABLE "restores" ADD COLUMN "restored_from_copy" jsonb;--> statement-breakpoint
ALTER TABLE "backup_copies" ADD CONSTRAINT "backup_copies_backup_id_backups_id_fk" FOREIGN KEY ("backup_id") REFERENCES "public"."backups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "backup_copies_backup_dest_idx" ON "backup_copies" USING btree ("backup_id","destination_id");--> statement-breakpoint
CREATE INDEX "backup_copies_dest_idx" ON "backup_copies" USING btree ("destination_id","status");