CREATE TABLE "pitr_gaps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"after_segment" text,
	"resume_segment" text,
	"reason" text NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pitr_streams" (
	"source_id" uuid PRIMARY KEY NOT NULL,
	"state" text DEFAULT 'starting' NOT NULL,
	"message" text,
	"lease_holder" text,
	"lease_until" timestamp with time zone,
	"slot_retained_bytes" bigint,
	"down_since" timestamp with time zone,
	"last_shipped_at" timestamp with time zone,
	"last_shipped_wal" text,
	"last_base_backup_at" timestamp with time zone,
	"base_backup_due" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "pitr_gaps_source_idx" ON "pitr_gaps" USING btree ("source_id");