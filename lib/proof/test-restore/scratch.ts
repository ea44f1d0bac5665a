/* The scratch targets of test restores: named (`lifeboat_test_<short id>`), recorded on the
 * test_restores row BEFORE they are created, dropped afterwards (also after a failure or a cancel), and
 * swept when a worker starts or a killed test restore is given up or retried: whatever a row still lists
 * is dropped and struck off. Invariants: only scratch names are ever dropped (the engine refuses any
 * other database name; a path must carry the prefix); a folder is only removed on the host that made
 * it; a sweep on start leaves alone the rows of test restores whose job is alive (fresh heartbeat). */
import "server-only";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { dropScratchDatabase, scratchDatabaseSource, type SourceSpec, type TestServer } from "@/lib/engine";
import { logger } from "@/lib/logger";
import { loadSourceSpec } from "@/lib/sources/load-source-spec";
import { SCRATCH_PREFIX, type TScratchTarget } from "./scratch-schema";

/** `lifeboat_test_<8 hex of the test restore>_<n>`: short, unique per source, lower-case for MariaDB. */
export function scratchName(testRestoreId: string, index: number): string {
  return `${SCRATCH_PREFIX}${testRestoreId.replaceAll("-", "").slice(0, 8)}_${index}`;
}

/** The scratch folder of a test restore, under `root` (the project's restore location, else the system's
 * temporary folder). */
export function scratchFolder(testRestoreId: string, root: string = os.tmpdir()): string {
  return path.join(root, `${SCRATCH_PREFIX}${testRestoreId.replaceAll("-", "").slice(0, 12)}`);
}

/** The test server a database source names for its test restores (config.testServer), if any. */
export function testServerOf(spec: SourceSpec): TestServer | null {
  const t = (spec.config as { testServer?: TestServer }).testServer;
  return t?.host ? t : null;
}

export async function recordScratch(testRestoreId: string, target: TScratchTarget): Promise<void> {
  await getDb().execute(sql`update test_restores set scratch = scratch || ${JSON.stringify([target])}::jsonb
    where id = ${testRestoreId}`);
}

async function forgetScratch(testRestoreId: string, target: TScratchTarget): Promise<void> {
  await getDb().execute(sql`update test_restores set scratch = coalesce((select jsonb_agg(e) from
    jsonb_array_elements(scratch) e where e <> ${JSON.stringify(target)}::jsonb), '[]'::jsonb) where id = ${testRestoreId}`);
}

/** Drops one scratch target and strikes it off the row; false when it could not be dropped now. */
export async function dropScratch(testRestoreId: string, target: TScratchTarget): Promise<boolean> {
  try {
    if (target.kind === "database") {
      const spec = await loadSourceSpec(target.sourceId);
      await dropScratchDatabase(scratchDatabaseSource(spec, target.database, testServerOf(spec)));
    } else {
      if (target.host !== os.hostname()) return false; // another host's folder: that host sweeps it
      if (!path.basename(target.path).startsWith(SCRATCH_PREFIX))
        throw new Error(`${target.path} is not a scratch path`);
      await fsp.rm(target.path, { recursive: true, force: true });
    }
    await forgetScratch(testRestoreId, target);
    return true;
  } catch (e) {
    logger().warn({ testRestoreId, target, err: (e as Error).message }, "could not drop a scratch target");
    return false;
  }
}

/** Drops everything the row still lists (`listed`: the row's scratch column as the caller just read it,
 * which saves reading it again). */
export async function dropAllScratch(testRestoreId: string, listed?: TScratchTarget[]): Promise<void> {
  let list = listed;
  if (!list) {
    const { rows } = await getDb().execute(sql`select scratch from test_restores where id = ${testRestoreId}`);
    list = ((rows[0] as { scratch?: TScratchTarget[] } | undefined)?.scratch ?? []) as TScratchTarget[];
  }
  for (const t of list) await dropScratch(testRestoreId, t);
}

/** On worker start: drop the leftovers of test restores that are over, or whose job no longer has a
 * live worker (no heartbeat within the lease). Returns how many targets were dropped. */
export async function sweepScratchLeftovers(leaseSeconds: number): Promise<number> {
  const { rows } = await getDb().execute(sql`
    select t.id, t.scratch from test_restores t left join jobs j on j.id = t.job_id
    where jsonb_array_length(t.scratch) > 0
      and (t.status not in ('queued', 'running') or j.id is null or j.status <> 'running'
           or j.heartbeat_at is null or j.heartbeat_at < now() - make_interval(secs => ${leaseSeconds}))`);
  let dropped = 0;
  for (const r of rows as { id: string; scratch: TScratchTarget[] }[]) {
    for (const t of r.scratch) if (await dropScratch(r.id, t)) dropped++;
  }
  if (dropped) logger().info({ dropped }, "dropped scratch targets left by interrupted test restores");
  return dropped;
}
