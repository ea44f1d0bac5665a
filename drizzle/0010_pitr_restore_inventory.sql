CREATE TABLE "pitr_snapshot_cache" (
	"destination_id" uuid NOT NULL,
	"snapshot_id" text NOT NULL,
	"source_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"entry" jsonb NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pitr_snapshot_cache_destination_id_snapshot_id_pk" PRIMARY KEY("destination_id","snapshot_id")
);
--> statement-breakpoint
ALTER TABLE "restores" ALTER COLUMN "backup_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "restores" ADD COLUMN "pitr" jsonb;--> statement-breakpoint
ALTER TABLE "restores" ADD COLUMN "recovered_to" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "pitr_snapshot_cache_source_idx" ON "pitr_snapshot_cache" USING btree ("destination_id","source_id");