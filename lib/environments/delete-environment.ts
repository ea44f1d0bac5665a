/* Deletes an environment that has no sources and no kept backups; otherwise refuses and names what is
 * still there. Backup settings go with it (cascade). */
import "server-only";
import { and, asc, count, eq, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, environments, sources } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { listNames } from "@/lib/projects/delete-project";
import { getEnvironment } from "./get-environment";

export async function deleteEnvironment(id: string, actor: Actor): Promise<void> {
  const env = await getEnvironment(id);
  const db = getDb();
  const refuse = async (msg: string) => {
    await writeAudit({
      actor,
      action: "environment.delete",
      target: { type: "environment", id, name: env.name },
      outcome: "failure",
      details: { reason: msg },
    });
    throw new AppError("in_use", msg);
  };
  const srcs = await db
    .select({ name: sources.name })
    .from(sources)
    .where(eq(sources.environmentId, id))
    .orderBy(asc(sources.name));
  if (srcs.length > 0) {
    await refuse(
      `Environment ${env.name} still has ${srcs.length} source${srcs.length === 1 ? "" : "s"}: ${listNames(srcs.map((s) => s.name))}. Delete ${srcs.length === 1 ? "it" : "them"} first.`,
    );
  }
  const [b] = await db
    .select({ n: count() })
    .from(backups)
    .where(and(eq(backups.environmentId, id), isNull(backups.deletedAt)));
  const nBackups = Number(b?.n ?? 0);
  if (nBackups > 0) {
    await refuse(
      `Environment ${env.name} still has ${nBackups} backup${nBackups === 1 ? "" : "s"}. Delete ${nBackups === 1 ? "it" : "them"} first, so no data is dropped by accident.`,
    );
  }
  await db.transaction(async (tx) => {
    await tx.delete(backups).where(eq(backups.environmentId, id)); // only soft-deleted rows remain here
    await tx.delete(environments).where(eq(environments.id, id));
  });
  await writeAudit({ actor, action: "environment.delete", target: { type: "environment", id, name: env.name } });
}
