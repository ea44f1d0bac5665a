/* backupSource / restoreSource: the one entry point the job runners use for any kind of source. Owns
 * dispatch by source type, the pre/post hooks around each operation (lib/engine/hooks; backupSourceData
 * is the same backup without them, for a caller that owns the hooks), and finding
 * what a snapshot holds (its stored file or folder, from the snapshot's `paths`) so a restore can go to
 * a different source than the one backed up (another environment's database). Invariants: a backup
 * either returns the BackupResult of a snapshot that is complete, or throws (DumpFailed, HookFailed,
 * SourceConfigInvalid, the wrapper's ResticError family); hooks' results reach `onHook` and the result
 * or error (`error.hooks`). The engine knows nothing of the database: specs come in ready (secrets
 * opened). */
import { hookFailureMessage, runWithHooks, type HookResult } from "../hooks";
import { lsSnapshot } from "../restic/ls";
import type { BackupResult, Repo } from "../types";
import { backupCommandSource, restoreCommandSource } from "./command";
import { backupDirectory, restoreDirectory } from "./directory";
import { RestoreFailed, SourceConfigInvalid } from "./errors";
import { backupMysql, restoreMysql } from "./mysql";
import { describeSnapshot } from "./partial-snapshot";
import { backupPostgres, restorePostgres } from "./postgres";
import { backupSqlite, restoreSqlite } from "./sqlite";
import type { StoredFile } from "./stream-backup";
import {
  parseSource,
  ZCommandSource,
  ZDatabaseSource,
  ZDirectorySource,
  ZSqliteSource,
  type BackupSourceOptions,
  type RestoreSourceOptions,
  type RestoreSourceResult,
  type SourceSpec,
} from "./types";

export type { BackupSourceOptions, RestoreSourceOptions, RestoreSourceResult, SourceSpec, SourceType } from "./types";
export { DumpFailed, DumpIncomplete, RestoreFailed, SourceConfigInvalid } from "./errors";
// For testing a source's settings before they are saved (lib/sources/test-source): the same connection
// rules and process handling the backups use.
export { postgresToolConnection } from "./postgres";
export type { ToolConnection } from "./database-connection";
export { mysqlToolConnection } from "./mysql";
export { spawnTool, exitedCleanly, type ToolExit } from "./child";
export { parseSource, ZDirectorySource, ZSqliteSource } from "./types";
export type { RestoreMode } from "./directory-place";
export { excludeMatcher } from "./exclude-match";
export { contentsOf, type SnapshotContents } from "./partial-snapshot";
// Test restores (lib/proof/test-restore): scratch databases and the queries that check a restored copy.
export {
  countTableRows,
  createScratchDatabase,
  dropScratchDatabase,
  runSmokeQuery,
  scratchDatabaseExists,
  scratchDatabaseSource,
  SCRATCH_DATABASE_PATTERN,
  type TableRowCount,
  type TestServer,
} from "./scratch-database";
export { sqliteIntegrityCheck } from "./sqlite";
// Downloading a stored PostgreSQL dump as plain SQL (lib/backups/stream-file-download).
export { pgDumpAsSql } from "./pgdump-as-sql";

export type SourceBackupResult = BackupResult & { hooks: HookResult[] };

function hookEnv(source: SourceSpec, operation: "backup" | "restore"): Record<string, string> {
  return { LIFEBOAT_OPERATION: operation, LIFEBOAT_SOURCE_NAME: source.name, LIFEBOAT_SOURCE_TYPE: source.type };
}

export async function backupSource(
  repo: Repo,
  source: SourceSpec,
  opts: BackupSourceOptions,
): Promise<SourceBackupResult> {
  validateSource(source);
  const outcome = await runWithHooks(
    source.hooks,
    { env: hookEnv(source, "backup"), signal: opts.signal, onHook: opts.onHook },
    () => backupSourceData(repo, source, opts),
  );
  const warnings = [...outcome.value.warnings];
  if (outcome.postFailed) warnings.push(hookFailureMessage(outcome.postFailed));
  return { ...outcome.value, warnings, hooks: outcome.hooks };
}

/** The backup of a source's data alone, without its hooks: for a caller that owns the hooks itself
 * (the backup run wraps one source's backups into several destinations in one pre/post pair). */
export function backupSourceData(repo: Repo, source: SourceSpec, opts: BackupSourceOptions): Promise<BackupResult> {
  validateSource(source);
  switch (source.type) {
    case "postgres":
      return backupPostgres(repo, source, opts);
    case "mysql":
      return backupMysql(repo, source, opts);
    case "sqlite":
      return backupSqlite(repo, source, opts);
    case "directory":
      // The manifest a test restore compares against: the snapshot's own file count and bytes.
      return backupDirectory(repo, source, opts).then((r) => ({
        ...r,
        proof: { checks: [], manifest: { kind: "directory", fileCount: r.totalFiles, totalBytes: r.totalBytes } },
      }));
    case "command":
      return backupCommandSource(repo, source, opts);
    default:
      throw new Error(`Unknown source type "${(source as SourceSpec).type}".`);
  }
}

/** The one file a dump snapshot holds (`/shop.pgdump`) and its size — whatever the target is named. */
async function storedFile(
  repo: Repo,
  snapshotId: string,
  sourceName: string,
  signal?: AbortSignal,
): Promise<StoredFile> {
  for await (const e of lsSnapshot(repo, snapshotId, { signal })) {
    if (e.type === "file") return { snapshotId, path: e.path, size: e.size };
  }
  throw new RestoreFailed(sourceName, "the restore", `found no stored dump in snapshot ${snapshotId.slice(0, 8)}`);
}

/** Checks the source's settings up front, so a misconfigured source never runs its pre hook. */
export function validateSource(source: SourceSpec): void {
  const schema = {
    postgres: ZDatabaseSource,
    mysql: ZDatabaseSource,
    sqlite: ZSqliteSource,
    directory: ZDirectorySource,
    command: ZCommandSource,
  }[source.type];
  if (!schema) throw new SourceConfigInvalid(source.name, `"${source.type}" is not a known source type.`);
  parseSource(schema, source);
}

export async function restoreSource(repo: Repo, opts: RestoreSourceOptions): Promise<RestoreSourceResult> {
  const started = Date.now();
  const target = opts.source;
  validateSource(target);
  const outcome = await runWithHooks(
    target.hooks,
    { env: hookEnv(target, "restore"), signal: opts.signal, onHook: opts.onHook },
    async () => {
      const { signal, onProgress } = opts;
      if (target.type === "directory") {
        const describe = () => describeSnapshot(repo, opts.snapshotId, target.name, signal);
        return restoreDirectory(repo, target, { snapshotId: opts.snapshotId, describe }, opts);
      }
      const file = opts.storedFile
        ? { snapshotId: opts.snapshotId, ...opts.storedFile }
        : await storedFile(repo, opts.snapshotId, target.name, signal);
      switch (target.type) {
        case "postgres":
          return restorePostgres(repo, target, file, {
            signal,
            onProgress,
            intoEmptyDatabase: opts.intoEmptyDatabase,
            targetReady: opts.targetReady,
          });
        case "mysql":
          return restoreMysql(repo, target, file, { signal, onProgress, targetReady: opts.targetReady });
        case "sqlite":
          return restoreSqlite(repo, target, file, { targetPath: opts.targetPath, signal, onProgress });
        case "command":
          return restoreCommandSource(repo, target, file, { signal, onProgress });
        default:
          throw new Error(`Unknown source type "${(target as SourceSpec).type}".`);
      }
    },
  );
  return {
    snapshotId: opts.snapshotId,
    target: outcome.value,
    durationMs: Date.now() - started,
    hooks: outcome.hooks,
    warnings: outcome.postFailed ? [hookFailureMessage(outcome.postFailed)] : [],
  };
}
