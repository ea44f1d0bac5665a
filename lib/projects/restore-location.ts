/* Where restores of a project into a folder are staged: the project's restore location when it has one,
 * else the system's temporary folder. Also the server-side check of a restore location before it is
 * saved: an absolute folder that exists (or is created) and that Lifeboat can write to (a probe file is
 * written and removed). */
import "server-only";
import { randomBytes } from "node:crypto";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { environments, projects } from "@/lib/db/schema";

/** Why this folder cannot be a restore location (null: it can). Creates it when missing. */
export async function restoreLocationProblem(folder: string): Promise<string | null> {
  try {
    await fsp.mkdir(folder, { recursive: true, mode: 0o700 });
  } catch (e) {
    return `Could not create ${folder}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
  const st = await fsp.stat(folder).catch(() => null);
  if (!st?.isDirectory()) return `${folder} is not a folder`;
  const probe = path.join(folder, `.lifeboat-write-test-${randomBytes(4).toString("hex")}`);
  try {
    await fsp.writeFile(probe, "");
    await fsp.rm(probe, { force: true });
  } catch (e) {
    return `Lifeboat cannot write to ${folder} (${(e as NodeJS.ErrnoException).code ?? "not writable"})`;
  }
  return null;
}

/** The folder under which restores of this environment's project stage their data. */
export async function stagingRootFor(environmentId: string): Promise<string> {
  const [row] = await getDb()
    .select({ location: projects.restoreLocation })
    .from(environments)
    .innerJoin(projects, eq(projects.id, environments.projectId))
    .where(eq(environments.id, environmentId));
  return row?.location ?? os.tmpdir();
}
