/* Deletes a destination nobody uses. Refused, naming the users, when it is the default, when backup
 * settings or a project point at it, or when backups still have snapshots in it (deleting the row would
 * lose the repository password and with it those backups). The repository's files are left untouched. */
import "server-only";
import { and, count, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, backupSettings, backupSnapshots, destinations, environments, projects } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { listNames } from "@/lib/projects/delete-project";
import { getDestinationRow } from "./get-destination";

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export async function destinationUsage(id: string): Promise<string[]> {
  const db = getDb();
  const reasons: string[] = [];
  const envs = await db
    .select({ project: projects.name, env: environments.name })
    .from(backupSettings)
    .innerJoin(environments, eq(environments.id, backupSettings.environmentId))
    .innerJoin(projects, eq(projects.id, environments.projectId))
    .where(sql`${backupSettings.destinationIds} @> ${JSON.stringify([id])}::jsonb`);
  if (envs.length) {
    reasons.push(
      `backs up ${plural(envs.length, "environment")}: ${listNames(envs.map((e) => `${e.project}/${e.env}`).sort())}`,
    );
  }
  const projs = await db.select({ name: projects.name }).from(projects).where(eq(projects.defaultDestinationId, id));
  if (projs.length)
    reasons.push(`is the default of ${plural(projs.length, "project")}: ${listNames(projs.map((p) => p.name).sort())}`);
  const [snaps] = await db
    .select({ n: count() })
    .from(backupSnapshots)
    .innerJoin(backups, eq(backups.id, backupSnapshots.backupId))
    .where(and(eq(backupSnapshots.destinationId, id), isNull(backupSnapshots.forgottenAt), isNull(backups.deletedAt)));
  const n = Number(snaps?.n ?? 0);
  if (n) reasons.push(`still holds ${plural(n, "snapshot")} of kept backups (delete those backups first)`);
  return reasons;
}

export async function deleteDestination(id: string, actor: Actor): Promise<void> {
  const row = await getDestinationRow(id);
  const reasons: string[] = [];
  if (row.isDefault) reasons.push("is the default destination (make another destination the default first)");
  reasons.push(...(await destinationUsage(id)));
  if (reasons.length) {
    const msg = `Destination ${row.name} cannot be deleted: it ${reasons.join("; it ")}.`;
    await writeAudit({
      actor,
      action: "destination.delete",
      target: { type: "destination", id, name: row.name },
      outcome: "failure",
      details: { reason: msg },
    });
    throw new AppError("in_use", msg);
  }
  await getDb().delete(destinations).where(eq(destinations.id, id));
  await writeAudit({ actor, action: "destination.delete", target: { type: "destination", id, name: row.name } });
}
