CREATE TABLE "destination_check_settings" (
	"destination_id" uuid PRIMARY KEY NOT NULL,
	"read_data_runs" integer,
	"max_read_bytes_per_run" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "destination_check_settings" ADD CONSTRAINT "destination_check_settings_destination_id_destinations_id_fk" FOREIGN KEY ("destination_id") REFERENCES "public"."destinations"("id") ON DELETE cascade ON UPDATE no action;