ALTER TABLE "integrity_checks" ADD COLUMN "slot" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "integrity_checks" ADD COLUMN "cleared_locks" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "integrity_checks_dest_slot_idx" ON "integrity_checks" USING btree ("destination_id","slot") WHERE slot is not null;