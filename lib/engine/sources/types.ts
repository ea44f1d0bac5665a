/* What a source is, as the engine sees it: the SourceSpec contract (lib/sources builds it with secrets
 * opened), the options of backupSource/restoreSource, and one zod schema per source kind that checks the
 * config + secrets at the engine's boundary (jsonb from the database is not trusted to have the right
 * shape). Owns these shapes only; no processes here. */
import { z } from "zod";
import type { HookResult, HooksSpec } from "../hooks";
import type { OnProgress } from "../types";
import { SourceConfigInvalid } from "./errors";

export type SourceType = "postgres" | "mysql" | "sqlite" | "directory" | "command";

export type SourceSpec = {
  id: string;
  name: string;
  type: SourceType;
  config: Record<string, unknown>;
  secrets?: Record<string, unknown>;
  hooks?: HooksSpec;
};

export type BackupSourceOptions = {
  tags: string[];
  host: string;
  onProgress?: OnProgress;
  signal?: AbortSignal;
  /** Each hook's result as soon as it finished (for the job log). */
  onHook?: (r: HookResult) => void;
  /** Where a SQLite snapshot copy is made before it is streamed (default: the OS temp directory). */
  tmpDir?: string;
  /** Directory sources only: back up just these entries of the folder (absolute, or relative to it) as a
   * partial snapshot tagged with the folder (partial-snapshot.ts) — the safety backup of a restore of
   * selected files. */
  paths?: string[];
  /** A directory source: the snapshot to compare against (restic `--parent`). */
  parent?: string;
};

export type RestoreSourceOptions = {
  snapshotId: string;
  /** The source restored INTO (the same source, or its counterpart in another environment). */
  source: SourceSpec;
  /** Directory sources only: restore just these files/folders (absolute as in the snapshot, or relative
   * to the backed-up directory). Each one is replaced exactly; everything else is left alone. */
  paths?: string[];
  /** Directory and SQLite sources: restore to this path instead of the source's own path. */
  targetPath?: string;
  /** Directory sources: "mirror" (default) makes the folder equal to the backup — files added since are
   * removed; "merge" keeps them. Paths the source excludes are never deleted in either mode. */
  mode?: "mirror" | "merge";
  /** PostgreSQL: the target database was just created empty (a test restore's scratch copy), so the
   * restore skips --clean and the single transaction that protect a live database. */
  intoEmptyDatabase?: boolean;
  /** Dump sources: the dump's path in the snapshot when the caller knows it (the manifest's `file`) and
   * its size, so the restore skips the `restic ls` that would find it. */
  storedFile?: { path: string; size?: number };
  /** Dump sources into a database (PostgreSQL, MariaDB): the target database is still being created
   * (a test restore's scratch copy); restic starts reading meanwhile and the client starts once this
   * resolves (stream-backup's restoreIntoTool). */
  targetReady?: Promise<unknown>;
  signal?: AbortSignal;
  onProgress?: OnProgress;
  onHook?: (r: HookResult) => void;
};

export type RestoreSourceResult = {
  snapshotId: string;
  /** What was written: the database name, or the path of the file/directory. */
  target: string;
  durationMs: number;
  hooks: HookResult[];
  warnings: string[];
};

const port = z.coerce.number().int().min(1).max(65535);
const nonEmpty = z.string().trim().min(1);

/** PostgreSQL and MySQL share a shape: either discrete fields or one URL (as a secret). */
export const ZDatabaseSource = z
  .object({
    config: z.object({
      host: nonEmpty.optional(),
      port: port.optional(),
      database: nonEmpty.optional(),
      user: nonEmpty.optional(),
      /** PostgreSQL only: libpq's sslmode, passed as PGSSLMODE (a URL's own ?sslmode= wins). */
      sslmode: z.enum(["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]).optional(),
    }),
    secrets: z.object({ password: z.string().optional(), url: z.string().optional() }).default({}),
  })
  .refine((s) => !!s.secrets.url || !!s.config.database, {
    message: "A database source needs either a database name or a connection URL.",
  });
export type TDatabaseSource = z.infer<typeof ZDatabaseSource>;

export const ZSqliteSource = z.object({ config: z.object({ path: nonEmpty }) });
export const ZDirectorySource = z.object({
  config: z.object({ path: nonEmpty, exclude: z.array(nonEmpty).optional() }),
});
export const ZCommandSource = z.object({
  config: z.object({ backupCommand: nonEmpty, restoreCommand: nonEmpty.optional() }),
  // Passed to both commands as environment variables (names must be valid variable names).
  secrets: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
});

export function parseSource<T extends z.ZodType>(schema: T, source: SourceSpec): z.infer<T> {
  const parsed = schema.safeParse({ config: source.config ?? {}, secrets: source.secrets ?? {} });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "source"}: ${i.message}`).join("; ");
    throw new SourceConfigInvalid(source.name, problems + ".");
  }
  return parsed.data;
}
