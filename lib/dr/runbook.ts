/* Builds the DR runbook of one environment from its real data: its sources (where each lives, no
 * secrets), the newest good backup to restore with the Lifeboat REST call, and for every destination it
 * backs up to the bare-restic commands of the recovery kit with every secret value replaced by its
 * variable name — the kit itself (with the values) stays admin-only behind a password (lib/destinations).
 * Server-only: it opens specs to build the commands and drops every secret before returning. */
import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, environments, projects, sources } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { listEffectiveSettings } from "@/lib/backup-settings";
import { loadDestinationSpec } from "@/lib/destinations/load-destination-spec";
import { recoveryKit, shq } from "@/lib/engine";
import { describeDestination } from "@/lib/engine/destinations/config";
import { loadSourceSpec } from "@/lib/sources/load-source-spec";
import { goodBackupSql } from "@/lib/proof/latest-proof";
import type { Runbook, RunbookDestination, RunbookSource } from "./runbook-types";

const SECRET_FREE_ENV = new Set(["RESTIC_REPOSITORY", "AWS_DEFAULT_REGION"]);
const FROM_KIT = null;

/** Hides credentials inside URLs (rest:https://user:pass@host/ → rest:https://user:…@host/). */
export function hideUrlPassword(s: string): string {
  return s.replace(/(\/\/[^/:@\s]+):[^/@\s]+@/g, "$1:…@");
}

function scrub(text: string, secrets: [string, string][]): string {
  let out = text;
  for (const [name, value] of secrets) if (value.length >= 3) out = out.split(value).join(`$${name}`);
  return hideUrlPassword(out);
}

function secretValues(values: Record<string, unknown> | undefined, prefix: string): [string, string][] {
  return Object.entries(values ?? {})
    .filter(([, v]) => typeof v === "string" && v.length > 0)
    .map(([k, v]) => [`${prefix}${k.toUpperCase()}`, v as string]);
}

function sourceWhere(type: string, c: Record<string, unknown>): string {
  if (type === "postgres" || type === "mysql") {
    return c.host
      ? `${c.database ?? "?"} on ${c.host}:${c.port ?? (type === "postgres" ? 5432 : 3306)} as ${c.user ?? "?"}`
      : "connection URL (stored as a secret)";
  }
  if (type === "sqlite" || type === "directory") return String(c.path ?? "");
  return "custom backup and restore commands";
}

async function destinationRunbook(id: string, sourceSpecs: Awaited<ReturnType<typeof loadSourceSpec>>[]) {
  const spec = await loadDestinationSpec(id);
  const kit = recoveryKit(spec, { dataDir: env().dataDir, sources: sourceSpecs });
  const secrets: [string, string][] = [
    ["RESTIC_PASSWORD", kit.password],
    ...Object.entries(kit.env).filter(([k]) => !SECRET_FREE_ENV.has(k)),
    ...secretValues(spec.secrets, "DESTINATION_"),
    ...sourceSpecs.flatMap((s) => secretValues(s.secrets, "SOURCE_")),
  ];
  return {
    id,
    name: spec.name,
    where: hideUrlPassword(describeDestination(spec)),
    env: Object.entries(kit.env).map(([name, value]) => ({
      name,
      value: SECRET_FREE_ENV.has(name) && !/\/\/[^/@]*:[^/@]*@/.test(value) ? value : FROM_KIT,
    })),
    files: kit.files.map((f) => ({ path: f.path, what: f.what })),
    commands: kit.commands.map((c) => scrub(c, secrets)),
  } satisfies RunbookDestination;
}

export async function buildRunbook(environmentId: string, opts: { origin?: string } = {}): Promise<Runbook> {
  const db = getDb();
  const [row] = await db
    .select({ e: environments, projectName: projects.name })
    .from(environments)
    .innerJoin(projects, eq(projects.id, environments.projectId))
    .where(eq(environments.id, environmentId));
  if (!row) throw new Error(`environment ${environmentId} not found`);
  const [srcRows, [settings], [latest]] = await Promise.all([
    db.select().from(sources).where(eq(sources.environmentId, environmentId)).orderBy(asc(sources.name)),
    listEffectiveSettings({ ids: [environmentId] }),
    db
      .select({
        id: backups.id,
        finishedAt: backups.finishedAt,
        verification: sql<string | null>`${backups.verification}->>'status'`,
      })
      .from(backups)
      .where(sql`${backups.environmentId} = ${environmentId} and ${sql.raw(goodBackupSql('"backups"'))}`)
      .orderBy(sql`${backups.finishedAt} desc nulls last`)
      .limit(1),
  ]);
  const specs = await Promise.all(srcRows.map((s) => loadSourceSpec(s.id)));
  const destinations = await Promise.all(
    (settings?.destinationIds ?? []).map((d) =>
      destinationRunbook(d, specs).catch(
        (e: unknown): RunbookDestination => ({
          id: d,
          name: "a destination",
          where: "",
          env: [],
          files: [],
          commands: [],
          problem: `Its restic commands could not be built: ${hideUrlPassword(e instanceof Error ? e.message : String(e))}`,
        }),
      ),
    ),
  );
  const base = (opts.origin ?? "$LIFEBOAT_URL").replace(/\/$/, "");
  return {
    environment: {
      id: row.e.id,
      name: row.e.name,
      projectName: row.projectName,
      type: row.e.type,
      critical: row.e.critical,
    },
    sources: srcRows.map(
      (s): RunbookSource => ({ id: s.id, name: s.name, type: s.type, where: sourceWhere(s.type, s.config) }),
    ),
    backup: latest?.finishedAt
      ? { id: latest.id, finishedAt: latest.finishedAt.toISOString(), verification: latest.verification }
      : null,
    restoreCurl: latest
      ? [
          `curl -fsS -X POST ${shq(`${base}/api/v1/backups/${latest.id}/restore`)}`,
          `  -H "Authorization: Bearer $LIFEBOAT_TOKEN" -H 'Content-Type: application/json'`,
          `  -d '{"scope": "full"}'`,
        ].join(" \\\n")
      : null,
    destinations,
  };
}
