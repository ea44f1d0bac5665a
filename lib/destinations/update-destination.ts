/* Changes a destination: name, config (validated for its type), secrets (merged key by key; "" removes
 * a key) and whether it is the default. The repository password never changes here (a new password
 * would not open the existing repository). Unsetting the default is done by making another one default. */
import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { destinations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { sealJson } from "@/lib/secrets";
import { validationError } from "@/lib/http/error-mapping";
import { isUniqueViolation } from "@/lib/projects/slug";
import {
  DESTINATION_CONFIG_SCHEMAS,
  DESTINATION_SECRET_SCHEMAS,
  type TUpdateDestination,
  ZUpdateDestination,
} from "./schema";
import { getDestinationRow } from "./get-destination";
import { openDestinationSecrets, toDestinationView, type DestinationView } from "./destination-view";

function prefixed(error: z.ZodError, prefix: string): z.ZodError {
  return new z.ZodError(error.issues.map((i) => ({ ...i, path: [prefix, ...i.path] })));
}

export async function updateDestination(id: string, input: TUpdateDestination, actor: Actor): Promise<DestinationView> {
  const data = ZUpdateDestination.parse(input);
  const row = await getDestinationRow(id);
  if (data.isDefault === false && row.isDefault) {
    throw new AppError(
      "validation_failed",
      "There must always be a default destination. Make another destination the default instead.",
      {
        isDefault: "To change the default, make another destination the default",
      },
    );
  }
  const set: Partial<typeof destinations.$inferInsert> = { updatedAt: new Date() };
  if (data.name !== undefined) set.name = data.name;
  if (data.config !== undefined) {
    const parsed = DESTINATION_CONFIG_SCHEMAS[row.type].safeParse(data.config);
    if (!parsed.success) throw validationError(prefixed(parsed.error, "config"));
    set.config = parsed.data as Record<string, unknown>;
    // A different place may hold no repository yet: the next verify or backup finds out again.
    if (JSON.stringify(set.config) !== JSON.stringify(row.config)) set.initializedAt = null;
  }
  if (data.secrets !== undefined) {
    const merged = { ...openDestinationSecrets(row) };
    for (const [k, v] of Object.entries(data.secrets)) {
      if (v === "") delete merged[k];
      else merged[k] = v;
    }
    const parsed = DESTINATION_SECRET_SCHEMAS[row.type].safeParse(merged);
    if (!parsed.success) throw validationError(prefixed(parsed.error, "secrets"));
    set.secretsEnc = Object.keys(merged).length ? sealJson(merged) : null;
  }
  if (data.isDefault) set.isDefault = true;
  try {
    const updated = await getDb().transaction(async (tx) => {
      if (data.isDefault)
        await tx
          .update(destinations)
          .set({ isDefault: false })
          .where(and(eq(destinations.isDefault, true), ne(destinations.id, id)));
      const [u] = await tx.update(destinations).set(set).where(eq(destinations.id, id)).returning();
      return u!;
    });
    await writeAudit({
      actor,
      action: "destination.update",
      target: { type: "destination", id, name: updated.name },
      details: {
        changed: Object.keys(data),
        ...(data.secrets ? { secretKeysChanged: Object.keys(data.secrets) } : {}),
      },
    });
    return toDestinationView(updated);
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError("conflict", `A destination named "${data.name}" already exists.`, {
        name: "This name is already used by another destination",
      });
    }
    throw e;
  }
}
