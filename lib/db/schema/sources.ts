/* Sources: what is backed up in an environment. `config` is the non-secret part (host, port, path, ...);
 * `secretsEnc` is the AES-256-GCM sealed JSON of the secret part (password, url) — see lib/secrets.
 * `role` says what it holds (a restore's scope picks by role). `workerLabel` pins directory/SQLite jobs to the worker on the host that holds the path. */
import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { environments } from "./environments";

export type HookSpec = { command: string; timeoutSeconds?: number };
export type SourceHooks = { pre?: HookSpec; post?: HookSpec };

export const sources = pgTable(
  "sources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    environmentId: uuid("environment_id")
      .notNull()
      .references(() => environments.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    type: text("type", { enum: ["postgres", "mysql", "sqlite", "directory", "command"] }).notNull(),
    config: jsonb("config").$type<Record<string, unknown>>().notNull(),
    secretsEnc: text("secrets_enc"),
    hooks: jsonb("hooks").$type<SourceHooks>(),
    workerLabel: text("worker_label"),
    /** What it holds for a restore (lib/sources/source-role.ts): database, files, code or config. Set on
     * every source the app creates (backfilled from the type); read through roleOf (null: the type's). */
    role: text("role", { enum: ["database", "files", "code", "config"] }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sources_environment_idx").on(t.environmentId)],
);
