/* The engine's public surface. Everything outside lib/engine imports from here ("@/lib/engine"), never
 * from files inside it. lib/engine imports nothing from lib/db, Next.js or sessions and runs under plain
 * node (the worker uses tsx). */
export * from "./types";
export * from "./errors";
export { configureEngine, resticVersion, type LockRetryPolicy, type LockRetryInfo } from "./restic/config";
export { backupPaths, backupStdin } from "./restic/backup";
export { listSnapshots, resolveSnapshotId, type ListSnapshotsOptions } from "./restic/snapshots";
export { copySnapshots } from "./restic/copy";
export { lsSnapshot, type LsOptions } from "./restic/ls";
export { diffSnapshots, type SnapshotChange } from "./restic/diff";
export { localListedSnapshots } from "./restic/local-repo";
export { restoreSnapshot, dumpFile } from "./restic/restore";
export { forget, policyArgs, prune, type PruneOptions } from "./restic/forget";
export { acquireRepoLock, type LockMode } from "./restic/repo-lock";
export { damagedPackIds, snapshotsUsingPacks } from "./restic/damaged-packs";
export { readLockFiles, type ResticLockFile } from "./restic/foreign-locks";
export {
  initRepo,
  check,
  stats,
  unlock,
  RepoExists,
  readRepoConfig,
} from "./restic/repository";
export {
  listKeys,
  addKey,
  removeKey,
  currentKeyId,
  passwordOpens,
  KeyNotFound,
  type AddKeyOptions,
} from "./restic/keys";
// Destinations, sources, hooks and the recovery kit, re-exported here so callers have one import path.
export * from "./destinations";
export * from "./sources";
export * from "./hooks";
export * from "./recovery-kit";
export * from "./pitr";
