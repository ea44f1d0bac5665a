/* Every read and write of repository_rekeys rows: queue one with its job (in the caller's transaction;
 * the partial unique index lets only one be active per destination), start, record a step, settle, and
 * the view the API and pages get. The switch itself is switch-repository.ts (one transaction). */
import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { repositoryRekeys } from "@/lib/db/schema";
import { REKEY_STEPS, type RekeyStep } from "@/lib/db/schema/rekeys";
import { isUuid } from "@/lib/ids";
import type { SqlRunner } from "@/lib/jobs/tx";
import { type DestinationKind, locationLabel } from "./new-location";
import type { RekeyView } from "./schema";

export type RekeyRow = typeof repositoryRekeys.$inferSelect;

export const stepDone = (row: RekeyRow, step: RekeyStep) => REKEY_STEPS.indexOf(row.step) >= REKEY_STEPS.indexOf(step);

/** Inserts a queued re-key unless one is active for the destination; true when inserted. */
export async function insertQueuedRekey(
  q: SqlRunner,
  r: {
    id: string;
    destinationId: string;
    jobId: string;
    newConfig: Record<string, unknown>;
    newPasswordEnc: string;
    keepOldDays: number;
    createdBy: string | null;
  },
): Promise<boolean> {
  const { rows } = await q.executeSql(
    `insert into repository_rekeys (id, destination_id, job_id, new_config, new_password_enc, keep_old_days, created_by)
     values ($1, $2, $3, $4::jsonb, $5, $6, $7)
     on conflict (destination_id) where status in ('queued', 'running') do nothing
     returning id`,
    [r.id, r.destinationId, r.jobId, JSON.stringify(r.newConfig), r.newPasswordEnc, r.keepOldDays, r.createdBy],
  );
  return rows.length === 1;
}

export async function getRekeyRow(id: string): Promise<RekeyRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await getDb().select().from(repositoryRekeys).where(eq(repositoryRekeys.id, id));
  return row;
}

export async function activeRekey(destinationId: string): Promise<RekeyRow | undefined> {
  const [row] = await getDb()
    .select()
    .from(repositoryRekeys)
    .where(
      and(eq(repositoryRekeys.destinationId, destinationId), inArray(repositoryRekeys.status, ["queued", "running"])),
    );
  return row;
}

export async function latestRekeyRow(destinationId: string): Promise<RekeyRow | undefined> {
  const [row] = await getDb()
    .select()
    .from(repositoryRekeys)
    .where(eq(repositoryRekeys.destinationId, destinationId))
    .orderBy(desc(repositoryRekeys.createdAt))
    .limit(1);
  return row;
}

export async function markRekeyRunning(id: string): Promise<void> {
  await getDb()
    .update(repositoryRekeys)
    .set({ status: "running", startedAt: new Date() })
    .where(and(eq(repositoryRekeys.id, id), inArray(repositoryRekeys.status, ["queued", "running"])));
}

export async function recordRekeyStep(
  id: string,
  step: RekeyStep,
  extra: Partial<Pick<RekeyRow, "oldRepositoryId" | "newRepositoryId" | "snapshotMap">> = {},
): Promise<RekeyRow> {
  const [row] = await getDb()
    .update(repositoryRekeys)
    .set({ step, ...extra })
    .where(eq(repositoryRekeys.id, id))
    .returning();
  return row!;
}

/** Settles a re-key that did not switch (failed or cancelled); a switched one is never unsettled. */
export async function settleRekey(
  id: string,
  status: "failed" | "cancelled",
  error: { message: string } | null = null,
): Promise<void> {
  await getDb()
    .update(repositoryRekeys)
    .set({ status, finishedAt: new Date(), error })
    .where(and(eq(repositoryRekeys.id, id), inArray(repositoryRekeys.status, ["queued", "running"])));
}

export function toRekeyView(r: RekeyRow, type: DestinationKind): RekeyView {
  return {
    id: r.id,
    destinationId: r.destinationId,
    jobId: r.jobId,
    status: r.status,
    step: r.step,
    newLocation: locationLabel(type, r.newConfig),
    keepOldDays: r.keepOldDays,
    snapshotsCopied: r.snapshotMap ? Object.keys(r.snapshotMap).length : null,
    createdAt: r.createdAt.toISOString(),
    switchedAt: r.switchedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    error: r.error ?? null,
  };
}
