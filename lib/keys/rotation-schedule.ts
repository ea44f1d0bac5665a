/* Setting a destination's scheduled key rotation (every N days, or off) — admin, audited. */
import "server-only";
import { eq } from "drizzle-orm";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { destinations } from "@/lib/db/schema";
import { getDestinationRow } from "@/lib/destinations/get-destination";
import { type TKeyRotationSchedule, ZKeyRotationSchedule } from "./schema";

export async function setRotationSchedule(
  destinationId: string,
  input: TKeyRotationSchedule,
  actor: Actor,
): Promise<{ rotationDays: number | null }> {
  const { rotationDays } = ZKeyRotationSchedule.parse(input);
  const dest = await getDestinationRow(destinationId);
  await getDb()
    .update(destinations)
    .set({ keyRotationDays: rotationDays, updatedAt: new Date() })
    .where(eq(destinations.id, destinationId));
  await writeAudit({
    actor,
    action: "destination.key_rotation_schedule",
    target: { type: "destination", id: dest.id, name: dest.name },
    details: { from: dest.keyRotationDays, to: rotationDays },
  });
  return { rotationDays };
}
