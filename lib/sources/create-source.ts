/* Adds a source to an environment. Config is validated per type; secrets are sealed before they touch
 * the database; names are unique within the environment (they name the snapshot in the UI). */
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { getDb } from "@/lib/db";
import { sources } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { sealJson } from "@/lib/secrets";
import { getEnvironment } from "@/lib/environments/get-environment";
import { missingConnectionFields, ZSourceInput } from "./source-config";
import { defaultRole } from "./source-role";
import { compactSecrets, toSourceView, type SourceView } from "./source-view";

export const ZCreateSource = ZSourceInput;
export type TCreateSource = z.input<typeof ZCreateSource>;

export async function createSource(environmentId: string, input: TCreateSource, actor: Actor): Promise<SourceView> {
  const data = ZCreateSource.parse(input);
  const env = await getEnvironment(environmentId);
  const secrets = compactSecrets(data.secrets as Record<string, string | undefined> | undefined);
  const missing = missingConnectionFields(data.type, data.config, secrets);
  if (Object.keys(missing).length) {
    throw new AppError("validation_failed", "Give the host, database and user, or a connection URL.", missing);
  }
  const db = getDb();
  const [clash] = await db
    .select({ id: sources.id, name: sources.name })
    .from(sources)
    .where(and(eq(sources.environmentId, environmentId), eq(sql`lower(${sources.name})`, data.name.toLowerCase())));
  if (clash) {
    throw new AppError(
      "conflict",
      `Environment ${env.name} already has a source named "${clash.name}" (names that differ only in case count as the same).`,
      {
        name: "This name is already used in this environment (ignoring case)",
      },
    );
  }
  const [row] = await db
    .insert(sources)
    .values({
      environmentId,
      name: data.name,
      type: data.type,
      config: data.config,
      secretsEnc: Object.keys(secrets).length ? sealJson(secrets) : null,
      hooks: data.hooks ?? null,
      workerLabel: data.workerLabel ?? null,
      role: data.role ?? defaultRole(data.type),
    })
    .returning();
  await writeAudit({
    actor,
    action: "source.create",
    target: { type: "source", id: row!.id, name: row!.name },
    details: { environmentId, environment: env.name, type: row!.type, role: row!.role },
  });
  return toSourceView(row!);
}
