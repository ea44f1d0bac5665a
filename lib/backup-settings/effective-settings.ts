/* Effective backup settings of environments: the stored row merged over the environment type's
 * defaults (environment_type_policies, joined in the same query: no cache to go stale between the web
 * process that saves a type and the worker that schedules), plus where the destinations come from (own choice → the project's default destination →
 * the global default). The one place that knows the inheritance rule; the settings screen, the jobs
 * (backup, retention) and the scheduler all read through it. Read-only. */
import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import {
  backupSettings,
  destinations,
  environments,
  environmentTypePolicies,
  projects,
  type SourceHooks,
} from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { defaultsFor, type EnvironmentType, type TypeDefaults } from "./defaults";
import { defaultTestRestoreSchedule, type TTestRestoreSchedule } from "@/lib/proof/test-restore/scratch-schema";
import type { SettingsField, TBackupSettingsValues } from "./schema";
import type { TCopyTarget } from "@/lib/copies/schema";
import type { TCompression } from "./compression";

export type EffectiveSettings = TBackupSettingsValues & {
  environmentId: string;
  environmentType: EnvironmentType;
  timezone: string;
  active: boolean;
  /** What destinationIds inherits when not chosen: the project's default, else the global default. */
  defaultDestinationIds: string[];
  hooks: SourceHooks | null;
  /** The test-restore schedule: the stored one, else the type's default. */
  testRestore: TTestRestoreSchedule;
  /** Copy targets ("Copy to", lib/copies): not inherited; none when never set. */
  copies: TCopyTarget[];
  /** What the environment's type gives it (environment_type_policies, else the seed). */
  typeDefaults: TypeDefaults;
  compression: TCompression;
  /** Fields that come from the type default (destinationIds: from the project or global default). */
  inherited: SettingsField[];
  /** When the stored settings last changed (or the environment was created): schedules never fire
   * for slots before it. */
  since: Date;
};

type EnvRow = typeof environments.$inferSelect;
type SettingsRow = typeof backupSettings.$inferSelect;
type TypeRow = typeof environmentTypePolicies.$inferSelect;

function merge(
  env: EnvRow,
  row: SettingsRow | undefined,
  typeRow: TypeRow | null,
  fallbackDestinations: string[],
): EffectiveSettings {
  const d = defaultsFor(env.type, env.timezone, typeRow);
  const inherited: SettingsField[] = [];
  const pick = <T>(field: SettingsField, own: T | null | undefined, def: T): T => {
    if (own === null || own === undefined) {
      inherited.push(field);
      return def;
    }
    return own;
  };
  const ownDest = row?.destinationIds && row.destinationIds.length ? row.destinationIds : null;
  return {
    environmentId: env.id,
    environmentType: env.type,
    timezone: env.timezone,
    active: env.active,
    schedules: pick("schedules", row?.schedules, d.schedules),
    retention: pick("retention", row?.retention, d.retention),
    maxManualBackups: pick("maxManualBackups", row?.maxManualBackups, d.maxManualBackups),
    maxBackups: pick("maxBackups", row?.maxBackups, d.maxBackups),
    destinationIds: pick("destinationIds", ownDest, fallbackDestinations),
    defaultDestinationIds: fallbackDestinations,
    live: pick("live", row?.live, d.live),
    hooks: row?.hooks ?? null,
    testRestore: row?.testRestore ?? defaultTestRestoreSchedule(env.type),
    copies: row?.copies ?? [],
    typeDefaults: d,
    compression: row?.compression ?? "auto",
    inherited,
    since: row?.updatedAt ?? env.createdAt,
  };
}

async function globalDefaultDestination(): Promise<string | null> {
  const [g] = await getDb()
    .select({ id: destinations.id })
    .from(destinations)
    .where(eq(destinations.isDefault, true))
    .limit(1);
  return g?.id ?? null;
}

const GLOBAL_DEFAULT_DESTINATION = sql<
  string | null
>`(select ${destinations.id} from ${destinations} where ${destinations.isDefault} = true limit 1)`;

/** Effective settings of one environment; not_found when it does not exist. */
export async function getEffectiveSettings(environmentId: string): Promise<EffectiveSettings> {
  return (await getEnvironmentWithSettings(environmentId)).settings;
}

/** The environment's row and its effective settings, in one query (the global default destination is
 * a subquery of it); not_found when the environment does not exist. For whoever needs both (starting
 * and running a backup). */
export async function getEnvironmentWithSettings(
  environmentId: string,
): Promise<{ env: EnvRow; settings: EffectiveSettings }> {
  if (!isUuid(environmentId))
    throw new AppError("not_found", "This environment does not exist (it may have been deleted).");
  const [hit] = await getDb()
    .select({
      env: environments,
      settings: backupSettings,
      typePolicy: environmentTypePolicies,
      projectDefault: projects.defaultDestinationId,
      globalDefault: GLOBAL_DEFAULT_DESTINATION,
    })
    .from(environments)
    .innerJoin(projects, eq(projects.id, environments.projectId))
    .leftJoin(backupSettings, eq(backupSettings.environmentId, environments.id))
    .leftJoin(environmentTypePolicies, eq(environmentTypePolicies.type, environments.type))
    .where(eq(environments.id, environmentId));
  if (!hit) throw new AppError("not_found", "This environment does not exist (it may have been deleted).");
  const fallback = hit.projectDefault ?? hit.globalDefault;
  return {
    env: hit.env,
    settings: merge(hit.env, hit.settings ?? undefined, hit.typePolicy, fallback ? [fallback] : []),
  };
}

/** Effective settings of many environments (all when `ids` is omitted) in two queries. */
export async function listEffectiveSettings(
  opts: { ids?: string[]; activeOnly?: boolean } = {},
): Promise<EffectiveSettings[]> {
  if (opts.ids && opts.ids.length === 0) return [];
  const db = getDb();
  const base = db
    .select({
      env: environments,
      settings: backupSettings,
      typePolicy: environmentTypePolicies,
      projectDefault: projects.defaultDestinationId,
    })
    .from(environments)
    .innerJoin(projects, eq(projects.id, environments.projectId))
    .leftJoin(backupSettings, eq(backupSettings.environmentId, environments.id))
    .leftJoin(environmentTypePolicies, eq(environmentTypePolicies.type, environments.type));
  const rows = opts.ids
    ? await base.where(inArray(environments.id, opts.ids))
    : opts.activeOnly
      ? await base.where(eq(environments.active, true))
      : await base;
  const global = await globalDefaultDestination();
  return rows
    .filter((r) => !opts.activeOnly || r.env.active)
    .map((r) => {
      const fallback = r.projectDefault ?? global;
      return merge(r.env, r.settings ?? undefined, r.typePolicy, fallback ? [fallback] : []);
    });
}
