/* Changes a source. The type is fixed (delete and re-add to change it). `config` replaces the stored
 * config and is validated for the source's type; `secrets` is merged into the stored secrets key by key
 * (an empty string removes that key), so editing the host does not require re-entering the password. */
import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { sources } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { sealJson } from "@/lib/secrets";
import { validationError } from "@/lib/http/error-mapping";
import { CONFIG_SCHEMAS, missingConnectionFields, SECRET_SCHEMAS, ZHooks } from "./source-config";
import { ZName } from "@/lib/projects/slug";
import { ZSourceRole } from "./source-role";
import { getSourceRow, withPitrStatus } from "./get-source";
import { dropSourceSlot } from "@/lib/pitr/drop-source-slot";
import { pitrEnabled } from "@/lib/pitr/pitr-status";
import { specOf } from "./load-source-spec";
import { openSourceSecrets, toSourceView, type SourceView } from "./source-view";

export const ZUpdateSource = z.object({
  name: ZName.optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  secrets: z.record(z.string(), z.string().max(4096)).optional(),
  hooks: ZHooks.nullable().optional(),
  role: ZSourceRole.optional(),
  workerLabel: z
    .string()
    .trim()
    .max(63)
    .regex(/^[a-z0-9._-]*$/i, "Use letters, digits, dots, hyphens or underscores")
    .nullable()
    .optional(),
});
export type TUpdateSource = z.input<typeof ZUpdateSource>;

export function prefixed(error: z.ZodError, prefix: string): z.ZodError {
  return new z.ZodError(error.issues.map((i) => ({ ...i, path: [prefix, ...i.path] })));
}

export async function updateSource(id: string, input: TUpdateSource, actor: Actor): Promise<SourceView> {
  const data = ZUpdateSource.parse(input);
  const row = await getSourceRow(id);
  const db = getDb();
  const set: Partial<typeof sources.$inferInsert> = { updatedAt: new Date() };
  if (data.name !== undefined && data.name !== row.name) {
    const [clash] = await db
      .select({ id: sources.id, name: sources.name })
      .from(sources)
      .where(
        and(
          eq(sources.environmentId, row.environmentId),
          eq(sql`lower(${sources.name})`, data.name.toLowerCase()),
          ne(sources.id, id),
        ),
      );
    if (clash)
      throw new AppError(
        "conflict",
        `This environment already has a source named "${clash.name}" (names that differ only in case count as the same).`,
        {
          name: "This name is already used in this environment (ignoring case)",
        },
      );
    set.name = data.name;
  }
  let config = row.config;
  if (data.config !== undefined) {
    const parsed = CONFIG_SCHEMAS[row.type].safeParse(data.config);
    if (!parsed.success) throw validationError(prefixed(parsed.error, "config"));
    config = parsed.data as Record<string, unknown>;
    set.config = config;
  }
  let secrets = openSourceSecrets(row);
  if (data.secrets !== undefined) {
    const merged = { ...secrets };
    for (const [k, v] of Object.entries(data.secrets)) {
      if (v === "") delete merged[k];
      else merged[k] = v;
    }
    const parsed = SECRET_SCHEMAS[row.type].safeParse(merged);
    if (!parsed.success) throw validationError(prefixed(parsed.error, "secrets"));
    secrets = merged;
    set.secretsEnc = Object.keys(merged).length ? sealJson(merged) : null;
  }
  const missing = missingConnectionFields(row.type, config, secrets);
  if (Object.keys(missing).length)
    throw new AppError("validation_failed", "Give the host, database and user, or a connection URL.", missing);
  if (data.hooks !== undefined) set.hooks = data.hooks;
  if (data.role !== undefined) set.role = data.role;
  if (data.workerLabel !== undefined) set.workerLabel = data.workerLabel || null;
  const [updated] = await db.update(sources).set(set).where(eq(sources.id, id)).returning();
  // PITR turned off: drop the replication slot now (the stream's holder stops on its next pass).
  if (pitrEnabled(row) && !pitrEnabled(updated!)) await dropSourceSlot(specOf(row, openSourceSecrets(row)));
  await writeAudit({
    actor,
    action: "source.update",
    target: { type: "source", id, name: updated!.name },
    // Only the names of changed fields: never config values next to secrets, never secret values.
    details: { changed: Object.keys(data), ...(data.secrets ? { secretKeysChanged: Object.keys(data.secrets) } : {}) },
  });
  return withPitrStatus(toSourceView(updated!));
}
