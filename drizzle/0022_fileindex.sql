CREATE TABLE "file_index_pages" (
	"key" text NOT NULL,
	"page" integer NOT NULL,
	"entries" jsonb NOT NULL,
	"children" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "file_index_pages_key_page_pk" PRIMARY KEY("key","page")
);
--> statement-breakpoint
ALTER TABLE "backup_snapshots" ADD COLUMN "index_root" text;--> statement-breakpoint
-- The old per-file index is dropped, not converted: its snapshots read as unindexed (the browser lists
-- them from the repository) and the next backup of each source writes a folder index afresh.
UPDATE "backup_snapshots" SET "indexed_at" = NULL;--> statement-breakpoint
DROP TABLE "snapshot_files" CASCADE;
