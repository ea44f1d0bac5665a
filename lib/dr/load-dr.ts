/* GET /api/v1/environments/{id}/dr and the DR tab: the environment's targets (lib/environments/rpo-target)
 * against what was measured (./measure-dr, lib/proof/latest-proof) and the verdict (./dr-status). Also
 * PUT: edits the targets (admin, audited; null returns a target to its default). Server-only. */
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { environments } from "@/lib/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { getEnvironment, type EnvironmentView } from "@/lib/environments";
import { defaultTargets, effectiveTargets } from "@/lib/environments/rpo-target";
import { testRestoreFacts } from "@/lib/proof/latest-proof";
import { drVerdict } from "./dr-status";
import { measureBackups } from "./measure-dr";
import { type DrView, type TDrTargetsInput, ZDrTargetsInput } from "./schema";

export async function drViewOf(env: EnvironmentView, now = new Date()): Promise<DrView> {
  const [backups, restores] = await Promise.all([measureBackups(env.id, now), testRestoreFacts([env.id])]);
  const t = effectiveTargets(env);
  const targets = { rpoSeconds: t.rpoSeconds, rtoSeconds: t.rtoSeconds };
  const measured: DrView["measured"] = { ...backups, lastTestRestore: restores.get(env.id)?.latest ?? null };
  return {
    environmentId: env.id,
    targets,
    critical: env.critical,
    inherited: { rpoSeconds: t.rpoInherited, rtoSeconds: t.rtoInherited },
    defaults: defaultTargets(env),
    measured,
    ...drVerdict(targets, measured, now),
    measuredAt: now.toISOString(),
  };
}

export async function getDr(environmentId: string, now = new Date()): Promise<DrView> {
  return drViewOf(await getEnvironment(environmentId), now);
}

export async function putDrTargets(environmentId: string, input: TDrTargetsInput, actor: Actor): Promise<DrView> {
  const data = ZDrTargetsInput.parse(input);
  const before = await getEnvironment(environmentId);
  const [row] = await getDb()
    .update(environments)
    .set({ ...data, updatedAt: new Date() })
    .where(eq(environments.id, environmentId))
    .returning();
  const after = { rpoSeconds: row!.rpoSeconds, rtoSeconds: row!.rtoSeconds, critical: row!.critical };
  await writeAudit({
    actor,
    action: "environment.dr_targets",
    target: { type: "environment", id: environmentId, name: before.name },
    details: {
      before: { rpoSeconds: before.rpoSeconds, rtoSeconds: before.rtoSeconds, critical: before.critical },
      after,
    },
  });
  return getDr(environmentId);
}
