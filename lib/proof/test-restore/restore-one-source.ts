/* One source of a test restore: restore its snapshot into a scratch target with the real restore engine
 * (lib/engine `restoreSource`, under the repository's shared lock like a restore), check the copy and
 * drop the target. PostgreSQL/MariaDB: a scratch database `lifeboat_test_<id>` on the source's server
 * (or its test server); SQLite: a temp file (integrity_check); folders: a temp folder. Checks: restic
 * read every byte, the dump loaded, tables and exact row counts (or files and bytes) equal the manifest,
 * required paths exist, smoke queries pass. The target is recorded on the row before it is created and
 * handed back with the result: the runner drops it once the result is written (also after a failure or
 * a cancel); a kill is swept later (./scratch.ts). Hooks never run: the spec given to the engine has
 * none, since a test restore must not touch the live application. */
import "server-only";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  Cancelled,
  countTableRows,
  createScratchDatabase,
  ResticError,
  restoreSource,
  runSmokeQuery,
  scratchDatabaseSource,
  sqliteIntegrityCheck,
  type Repo,
  type SourceSpec,
} from "@/lib/engine";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { errorInfo } from "@/lib/error-info";
import {
  ZSmokeQuery,
  worstStatus,
  type TCheckResult,
  type TSnapshotManifest,
  type TTestRestoreSource,
} from "@/lib/proof/schema";
import { compareFolder, compareTables, requiredPathsCheck, smokeQueryCheck } from "./compare-manifest";
import { folderStats, missingPaths } from "./folder-stats";
import type { PhaseClock } from "./phase-clock";
import { recordScratch, scratchFolder, scratchName, testServerOf } from "./scratch";
import type { TScratchTarget } from "./scratch-schema";

export type SourceToTest = {
  testRestoreId: string;
  index: number;
  spec: SourceSpec;
  snapshotId: string;
  destinationId: string;
  repo: Repo;
  manifest: TSnapshotManifest | null;
  /** The snapshot's size (backup_snapshots.total_bytes), for the restore's progress. */
  dumpBytes?: number | null;
  signal: AbortSignal;
  /** Where folder restores are staged: the project's restore location (default: the temporary folder). */
  scratchRoot?: string;
  /** Phase timings for the job log. */
  clock?: PhaseClock;
};

/** A source's result and the scratch target it left for the caller to drop (null: none was made). */
export type TestedSource = { result: TTestRestoreSource; scratch: TScratchTarget | null };

const pass = (name: string, message: string): TCheckResult => ({ name, status: "passed", message });
const fail = (name: string, message: string): TCheckResult => ({ name, status: "failed", message });

/** Where this source is restored to, as an engine spec without hooks, and what to record first. */
function planTarget(t: SourceToTest): { spec: SourceSpec; scratch: TScratchTarget; targetPath?: string } {
  const bare: SourceSpec = {
    id: t.spec.id,
    name: t.spec.name,
    type: t.spec.type,
    config: t.spec.config,
    secrets: t.spec.secrets,
  };
  if (bare.type === "postgres" || bare.type === "mysql") {
    const database = scratchName(t.testRestoreId, t.index);
    const spec = scratchDatabaseSource(bare, database, testServerOf(bare));
    return { spec, scratch: { kind: "database", sourceId: bare.id, database } };
  }
  const folder = scratchFolder(t.testRestoreId, t.scratchRoot);
  const targetPath = path.join(folder, bare.type === "sqlite" ? `${t.index}.sqlite` : `${t.index}`);
  return { spec: bare, scratch: { kind: "path", path: folder, host: os.hostname() }, targetPath };
}

function smokeQueriesOf(spec: SourceSpec) {
  const raw = (spec.config as { smokeQueries?: unknown }).smokeQueries;
  return Array.isArray(raw) ? raw.flatMap((q) => (ZSmokeQuery.safeParse(q).success ? [ZSmokeQuery.parse(q)] : [])) : [];
}

async function checkDatabase(t: SourceToTest, spec: SourceSpec): Promise<TCheckResult[]> {
  const checks: TCheckResult[] = [];
  if (spec.type === "sqlite") {
    const result = await sqliteIntegrityCheck(String(spec.config.path));
    checks.push(
      result === "ok"
        ? pass("SQLite integrity check", "PRAGMA integrity_check returned ok.")
        : fail("SQLite integrity check", result.slice(0, 300)),
    );
  }
  checks.push(compareTables(t.manifest, await countTableRows(spec, t.signal)));
  t.clock?.mark("counts");
  for (const q of smokeQueriesOf(t.spec)) {
    try {
      checks.push(smokeQueryCheck(q, await runSmokeQuery(spec, q.sql, t.signal)));
    } catch (e) {
      if (t.signal.aborted) throw e;
      checks.push({
        ...smokeQueryCheck(q, null),
        status: "failed",
        message: `The query failed: ${(e as Error).message}`,
      });
    }
    t.clock?.mark("smoke query");
  }
  return checks;
}

async function checkFolder(t: SourceToTest, dir: string): Promise<TCheckResult[]> {
  const checks = [compareFolder(t.manifest, await folderStats(dir))];
  const required = (t.spec.config as { requiredPaths?: unknown }).requiredPaths;
  if (Array.isArray(required) && required.length) {
    const list = required.filter((p): p is string => typeof p === "string");
    checks.push(requiredPathsCheck(list, await missingPaths(dir, list)));
  }
  return checks;
}

export async function testRestoreSource(t: SourceToTest): Promise<TestedSource> {
  const base = { sourceId: t.spec.id, name: t.spec.name };
  if (t.spec.type === "command") {
    const note = "A custom command source restores by running its own command; it has no scratch target.";
    const result: TTestRestoreSource = {
      ...base,
      status: "succeeded",
      durationSeconds: null,
      checks: [{ name: "Not test-restored", status: "warning", message: note }],
    };
    return { result, scratch: null };
  }
  const plan = planTarget(t);
  await recordScratch(t.testRestoreId, plan.scratch);
  return { result: await restoreAndCheck(t, plan), scratch: plan.scratch };
}

/** The manifest's dump path (no `restic ls` needed to find it) with the snapshot's size, if recorded. */
function knownDumpFile(t: SourceToTest): { path: string; size?: number } | undefined {
  const m = t.manifest;
  return m?.kind === "database" && m.file ? { path: m.file, size: t.dumpBytes ?? undefined } : undefined;
}

async function restoreAndCheck(t: SourceToTest, plan: ReturnType<typeof planTarget>): Promise<TTestRestoreSource> {
  const base = { sourceId: t.spec.id, name: t.spec.name };
  const checks: TCheckResult[] = [];
  let durationSeconds: number | null = null;
  // A scratch database is created while restic opens the repository and starts reading (the client
  // starts once it exists): its creation is off the critical path. `created` settles before this returns,
  // so the caller's drop never races a CREATE DATABASE still running.
  let created: Promise<void> | null = null;
  let createError: unknown;
  try {
    const isDb = plan.scratch.kind === "database";
    if (plan.scratch.kind === "database") {
      const t0 = performance.now();
      created = createScratchDatabase(plan.spec, t.signal).then(
        () => t.clock?.aside("create target", performance.now() - t0),
        (e) => {
          createError = e;
          throw e;
        },
      );
      created.catch(() => {}); // awaited in the restore and in finally
    } else {
      await fsp.mkdir(plan.scratch.path, { recursive: true, mode: 0o700 });
      t.clock?.mark("create target");
    }
    const started = performance.now();
    try {
      await withRepositoryLock(
        t.destinationId,
        "shared",
        () =>
          restoreSource(t.repo, {
            snapshotId: t.snapshotId,
            source: plan.spec,
            targetPath: plan.targetPath,
            intoEmptyDatabase: true, // the scratch database was created empty just now
            storedFile: knownDumpFile(t),
            targetReady: created ?? undefined,
            signal: t.signal,
          }),
        { signal: t.signal, purpose: "test restore" },
      );
    } catch (e) {
      if (e instanceof Cancelled || t.signal.aborted) throw e;
      if (createError !== undefined) {
        // The scratch database could not be made: nothing was restored (as when it was made first).
        checks.push(fail("Scratch copy checked", errorInfo(createError).message));
        return { ...base, status: "failed", durationSeconds: null, checks };
      }
      const message = errorInfo(e).message;
      checks.push(
        e instanceof ResticError
          ? fail("Restic read every byte", message)
          : fail(isDb || t.spec.type === "sqlite" ? "Dump loaded without error" : "Files restored", message),
      );
      return { ...base, status: "failed", durationSeconds: null, checks };
    }
    durationSeconds = Math.round((performance.now() - started) / 10) / 100;
    t.clock?.mark("restore");
    checks.push(
      pass("Restic read every byte", `restic restored snapshot ${t.snapshotId.slice(0, 8)} without a read error.`),
    );
    if (t.spec.type === "directory") {
      checks.push(...(await checkFolder(t, plan.targetPath!)));
      t.clock?.mark("files");
    } else {
      checks.push(
        pass(
          "Dump loaded without error",
          isDb
            ? `Loaded into the scratch database ${String(plan.spec.config.database)}.`
            : "The database file was written.",
        ),
      );
      const spec =
        t.spec.type === "sqlite" ? { ...plan.spec, config: { ...plan.spec.config, path: plan.targetPath } } : plan.spec;
      checks.push(...(await checkDatabase(t, spec)));
    }
    return { ...base, status: worstStatus(checks) === "failed" ? "failed" : "succeeded", durationSeconds, checks };
  } catch (e) {
    if (e instanceof Cancelled || t.signal.aborted) throw e;
    checks.push(fail("Scratch copy checked", errorInfo(e).message));
    return { ...base, status: "failed", durationSeconds, checks };
  } finally {
    await created?.catch(() => {});
  }
}
