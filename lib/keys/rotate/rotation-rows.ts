/* Every read and write of key_rotations rows: queue one with its job (in the caller's transaction; the
 * partial unique index lets only one be active per destination), start, record a step, settle, and the
 * view pages and the API get. */
import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { keyRotations } from "@/lib/db/schema";
import type { KeyRotationStep } from "@/lib/db/schema/keys";
import { isUuid } from "@/lib/ids";
import type { SqlRunner } from "@/lib/jobs/tx";
import type { KeyRotationView } from "../schema";

export type RotationRow = typeof keyRotations.$inferSelect;

/** Inserts a queued rotation unless one is active for the destination; true when inserted. */
export async function insertQueuedRotation(
  q: SqlRunner,
  r: { id: string; destinationId: string; jobId: string; trigger: "manual" | "scheduled"; createdBy: string | null },
): Promise<boolean> {
  const { rows } = await q.executeSql(
    `insert into key_rotations (id, destination_id, job_id, trigger, created_by)
     values ($1, $2, $3, $4, $5)
     on conflict (destination_id) where status in ('queued', 'running') do nothing
     returning id`,
    [r.id, r.destinationId, r.jobId, r.trigger, r.createdBy],
  );
  return rows.length === 1;
}

export async function getRotationRow(id: string): Promise<RotationRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await getDb().select().from(keyRotations).where(eq(keyRotations.id, id));
  return row;
}

export async function activeRotation(destinationId: string): Promise<RotationRow | undefined> {
  const [row] = await getDb()
    .select()
    .from(keyRotations)
    .where(and(eq(keyRotations.destinationId, destinationId), inArray(keyRotations.status, ["queued", "running"])));
  return row;
}

export async function latestRotation(destinationId: string): Promise<KeyRotationView | null> {
  const [row] = await getDb()
    .select()
    .from(keyRotations)
    .where(eq(keyRotations.destinationId, destinationId))
    .orderBy(desc(keyRotations.createdAt))
    .limit(1);
  return row ? toRotationView(row) : null;
}

export async function markRotationRunning(id: string): Promise<void> {
  await getDb()
    .update(keyRotations)
    .set({ status: "running", startedAt: new Date() })
    .where(and(eq(keyRotations.id, id), inArray(keyRotations.status, ["queued", "running"])));
}

export async function recordRotationStep(
  id: string,
  step: KeyRotationStep,
  ids: { oldKeyId?: string; newKeyId?: string } = {},
): Promise<void> {
  await getDb()
    .update(keyRotations)
    .set({ step, ...ids })
    .where(eq(keyRotations.id, id));
}

export async function settleRotation(
  id: string,
  status: "succeeded" | "failed" | "cancelled",
  error: { message: string } | null = null,
): Promise<void> {
  await getDb()
    .update(keyRotations)
    .set({ status, finishedAt: new Date(), error })
    .where(and(eq(keyRotations.id, id), inArray(keyRotations.status, ["queued", "running"])));
}

export function toRotationView(r: RotationRow): KeyRotationView {
  return {
    id: r.id,
    destinationId: r.destinationId,
    jobId: r.jobId,
    status: r.status,
    trigger: r.trigger,
    step: r.step,
    oldKeyId: r.oldKeyId,
    newKeyId: r.newKeyId,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    error: r.error ?? null,
  };
}
