CREATE TABLE "repository_rekeys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"destination_id" uuid NOT NULL,
	"job_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"step" text DEFAULT 'queued' NOT NULL,
	"new_config" jsonb NOT NULL,
	"new_password_enc" text NOT NULL,
	"old_config" jsonb,
	"old_password_enc" text,
	"snapshot_map" jsonb,
	"old_repository_id" text,
	"new_repository_id" text,
	"keep_old_days" integer DEFAULT 7 NOT NULL,
	"delete_after" timestamp with time zone,
	"old_deleted_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"switched_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"error" jsonb
);
--> statement-breakpoint
ALTER TABLE "repository_rekeys" ADD CONSTRAINT "repository_rekeys_destination_id_destinations_id_fk" FOREIGN KEY ("destination_id") REFERENCES "public"."destinations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "repository_rekeys_dest_created_idx" ON "repository_rekeys" USING btree ("destination_id","created_at");--> statement-breakpoint
CREATE INDEX "repository_rekeys_delete_idx" ON "repository_rekeys" USING btree ("delete_after") WHERE status = 'switched';--> statement-breakpoint
CREATE UNIQUE INDEX "repository_rekeys_one_active_idx" ON "repository_rekeys" USING btree ("destination_id") WHERE status in ('queued', 'running');