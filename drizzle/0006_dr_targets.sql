ALTER TABLE "environments" ADD COLUMN "rpo_seconds" integer;--> statement-breakpoint
ALTER TABLE "environments" ADD COLUMN "rto_seconds" integer;--> statement-breakpoint
ALTER TABLE "environments" ADD COLUMN "critical" boolean DEFAULT false NOT NULL;