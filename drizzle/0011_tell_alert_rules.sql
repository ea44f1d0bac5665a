CREATE TABLE "alert_rule_overrides" (
	"scope" text NOT NULL,
	"scope_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"enabled" boolean,
	"threshold" double precision,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_rule_overrides_scope_id_kind_pk" PRIMARY KEY("scope_id","kind")
);
--> statement-breakpoint
CREATE TABLE "destination_storage_settings" (
	"destination_id" uuid PRIMARY KEY NOT NULL,
	"budget_gib" double precision,
	"price_per_gib_month" double precision,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification_channels" ADD COLUMN "ping_start_cursor" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "destination_storage_settings" ADD CONSTRAINT "destination_storage_settings_destination_id_destinations_id_fk" FOREIGN KEY ("destination_id") REFERENCES "public"."destinations"("id") ON DELETE cascade ON UPDATE no action;