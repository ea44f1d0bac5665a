CREATE INDEX "backup_snapshots_dest_finished_idx" ON "backup_snapshots" USING btree ("destination_id","finished_at" DESC NULLS LAST) WHERE status in ('succeeded', 'partial', 'failed');--> statement-breakpoint
CREATE INDEX "backups_env_finished_idx" ON "backups" USING btree ("environment_id","created_at" DESC NULLS LAST) WHERE deleted_at is null and status in ('succeeded', 'partial', 'failed');--> statement-breakpoint
CREATE INDEX "backups_env_good_idx" ON "backups" USING btree ("environment_id","finished_at") WHERE status = 'succeeded' and deleted_at is null;--> statement-breakpoint
-- Finished snapshot rows written before their finish time was recorded (destination unavailable): the
-- backup's finish time, so destination_unreachable's ordering sees them.
UPDATE "backup_snapshots" bs SET "finished_at" = b."finished_at" FROM "backups" b WHERE b."id" = bs."backup_id" AND bs."finished_at" IS NULL AND bs."status" IN ('succeeded', 'partial', 'failed');
