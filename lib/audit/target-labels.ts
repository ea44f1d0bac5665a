/* Names an audit entry's target the way a reader needs it, resolved when the log is read: an
 * environment with its project ("Acme / production"), a source with its environment, a backup with
 * its environment and time, and the backup-settings entries (which store only the environment's id)
 * likewise. Targets deleted since keep the name stored with the entry. One batch query per kind. */
import "server-only";
import { eq, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, environments, projects, sources } from "@/lib/db/schema";

type Target = { targetType: string | null; targetId: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function idsOf(items: Target[], type: string): string[] {
  const ids = items.filter((i) => i.targetType === type && i.targetId && UUID.test(i.targetId)).map((i) => i.targetId!);
  return [...new Set(ids)];
}

async function environmentLabels(ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await getDb()
    .select({ id: environments.id, env: environments.name, project: projects.name })
    .from(environments)
    .innerJoin(projects, eq(projects.id, environments.projectId))
    .where(inArray(environments.id, ids));
  return new Map(rows.map((r) => [r.id, `${r.project} / ${r.env}`]));
}

async function sourceLabels(ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await getDb()
    .select({ id: sources.id, source: sources.name, env: environments.name, project: projects.name })
    .from(sources)
    .innerJoin(environments, eq(environments.id, sources.environmentId))
    .innerJoin(projects, eq(projects.id, environments.projectId))
    .where(inArray(sources.id, ids));
  return new Map(rows.map((r) => [r.id, `${r.project} / ${r.env} / ${r.source}`]));
}

async function backupLabels(ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await getDb()
    .select({ id: backups.id, at: backups.createdAt, env: environments.name, project: projects.name })
    .from(backups)
    .innerJoin(environments, eq(environments.id, backups.environmentId))
    .innerJoin(projects, eq(projects.id, environments.projectId))
    .where(inArray(backups.id, ids));
  return new Map(
    rows.map((r) => [
      r.id,
      `${r.project} / ${r.env} · backup of ${r.at.toISOString().slice(0, 16).replace("T", " ")} UTC`,
    ]),
  );
}

/** Labels keyed by `${type}:${id}` for every target of these entries that still exists. */
export async function resolveTargetLabels(items: Target[]): Promise<Map<string, string>> {
  const [envs, srcs, bks] = await Promise.all([
    environmentLabels(idsOf(items, "environment")),
    sourceLabels(idsOf(items, "source")),
    backupLabels(idsOf(items, "backup")),
  ]);
  const out = new Map<string, string>();
  for (const [kind, labels] of [
    ["environment", envs],
    ["source", srcs],
    ["backup", bks],
  ] as const) {
    for (const [id, label] of labels) out.set(`${kind}:${id}`, label);
  }
  return out;
}
