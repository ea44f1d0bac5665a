/* Adds a destination. A fresh restic repository password (32 random bytes, base64url) is generated and
 * sealed together with the provider secrets; the repository itself is initialised by the first verify
 * or backup. The first destination ever created becomes the default. */
import "server-only";
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { destinations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { sealJson, sealSecret } from "@/lib/secrets";
import { isUniqueViolation } from "@/lib/projects/slug";
import { type TCreateDestination, ZCreateDestination } from "./schema";
import { toDestinationView, type DestinationView } from "./destination-view";

export function generateRepoPassword(): string {
  return crypto.randomBytes(32).toString("base64url");
}

export async function createDestination(input: TCreateDestination, actor: Actor): Promise<DestinationView> {
  const data = ZCreateDestination.parse(input);
  const secrets = Object.fromEntries(
    Object.entries((data.secrets ?? {}) as Record<string, string | undefined>).filter(
      ([, v]) => typeof v === "string" && v !== "",
    ),
  );
  try {
    const row = await getDb().transaction(async (tx) => {
      const [anyDefault] = await tx
        .select({ id: destinations.id })
        .from(destinations)
        .where(eq(destinations.isDefault, true))
        .limit(1);
      const isDefault = data.isDefault === true || !anyDefault;
      if (isDefault && anyDefault)
        await tx.update(destinations).set({ isDefault: false }).where(eq(destinations.isDefault, true));
      const [inserted] = await tx
        .insert(destinations)
        .values({
          name: data.name,
          type: data.type,
          config: data.config as Record<string, unknown>,
          secretsEnc: Object.keys(secrets).length ? sealJson(secrets) : null,
          repoPasswordEnc: sealSecret(generateRepoPassword()),
          isDefault,
        })
        .returning();
      return inserted!;
    });
    await writeAudit({
      actor,
      action: "destination.create",
      target: { type: "destination", id: row.id, name: row.name },
      details: { type: row.type, isDefault: row.isDefault },
    });
    return toDestinationView(row);
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError("conflict", `A destination named "${data.name}" already exists. Choose another name.`, {
        name: "This name is already used by another destination",
      });
    }
    throw e;
  }
}
