CREATE TABLE "key_rotations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"destination_id" uuid NOT NULL,
	"job_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"trigger" text NOT NULL,
	"step" text DEFAULT 'queued' NOT NULL,
	"old_key_id" text,
	"new_key_id" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"error" jsonb
);
--> statement-breakpoint
ALTER TABLE "destinations" ADD COLUMN "pending_repo_password_enc" text;--> statement-breakpoint
ALTER TABLE "destinations" ADD COLUMN "key_rotated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "destinations" ADD COLUMN "key_rotation_days" integer;--> statement-breakpoint
ALTER TABLE "key_rotations" ADD CONSTRAINT "key_rotations_destination_id_destinations_id_fk" FOREIGN KEY ("destination_id") REFERENCES "public"."destinations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "key_rotations_dest_created_idx" ON "key_rotations" USING btree ("destination_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "key_rotations_one_active_idx" ON "key_rotations" USING btree ("destination_id") WHERE status in ('queued', 'running');