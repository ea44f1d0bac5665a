ALTER TABLE "backup_settings" ADD COLUMN "test_restore" jsonb;--> statement-breakpoint
ALTER TABLE "test_restores" ADD COLUMN "scratch" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "test_restores" ADD COLUMN "slot" text;--> statement-breakpoint
CREATE UNIQUE INDEX "test_restores_env_slot_idx" ON "test_restores" USING btree ("environment_id","slot");