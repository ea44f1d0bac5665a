/* Environment-type policies (GET|PUT /api/v1/environment-types/{type}, the Environment types page): read a
 * type's stored defaults (the seed when it has no row) and save them (admin; the caller checked the role
 * and ZTypePolicy). Saving takes effect at once everywhere: effective settings join the table in their
 * own query, so there is no cache to invalidate. A `policy` list becomes one schedule (no time zone: each
 * environment's own) and the retention. One audit entry per save. */
import "server-only";
import { count, sql } from "drizzle-orm";
import { writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { environments, environmentTypePolicies } from "@/lib/db/schema";
import { describePolicy, resolvePolicy, storedRetention } from "@/lib/retention";
import { describeSchedule } from "@/lib/schedules";
import { ENVIRONMENT_TYPES, type EnvironmentType, seedDefaultsFor, type TypePolicyValues } from "./defaults";
import { fromIntervalPolicy, policyApplies, type IntervalItem, toIntervalPolicy } from "./interval-policy";
import type { TTypePolicyParsed } from "./type-policy-schema";

export type TypePolicyView = TypePolicyValues & {
  type: EnvironmentType;
  /** Schedules + retention as a Platform.sh list, when representable (else null). */
  policy: IntervalItem[] | null;
  scheduleDescriptions: string[];
  retentionDescription: string;
  /** How many environments have this type. */
  environments: number;
  /** When the row last changed (the migration's seed counts); null: no row, the built-in default. */
  updatedAt: string | null;
};

type Row = typeof environmentTypePolicies.$inferSelect;

function view(type: EnvironmentType, row: Row | undefined, envCount: number): TypePolicyView {
  const v: TypePolicyValues = row
    ? {
        schedules: row.schedules,
        retention: row.retention,
        maxManualBackups: row.maxManualBackups,
        maxBackups: row.maxBackups,
        live: row.live,
      }
    : seedDefaultsFor(type);
  return {
    type,
    ...v,
    policy: toIntervalPolicy(v.schedules, v.retention),
    scheduleDescriptions: v.schedules.map((s) =>
      describeSchedule({ cron: s.cron, timezone: s.timezone ?? "each environment's time zone" }),
    ),
    retentionDescription: describePolicy(resolvePolicy(v.retention)),
    environments: envCount,
    updatedAt: row ? row.updatedAt.toISOString() : null,
  };
}

export async function listTypePolicies(): Promise<TypePolicyView[]> {
  const db = getDb();
  const [rows, counts] = await Promise.all([
    db.select().from(environmentTypePolicies),
    db.select({ type: environments.type, n: count() }).from(environments).groupBy(environments.type),
  ]);
  return ENVIRONMENT_TYPES.map((t) =>
    view(
      t,
      rows.find((r) => r.type === t),
      counts.find((c) => c.type === t)?.n ?? 0,
    ),
  );
}

export async function getTypePolicy(type: EnvironmentType): Promise<TypePolicyView> {
  return (await listTypePolicies()).find((p) => p.type === type)!;
}

export async function putTypePolicy(
  type: EnvironmentType,
  data: TTypePolicyParsed,
  actor: Actor,
): Promise<TypePolicyView> {
  const before = await getTypePolicy(type);
  const seed = seedDefaultsFor(type);
  const fromList = policyApplies(data) ? fromIntervalPolicy(data.policy) : null;
  const pick = <K extends keyof TypePolicyValues>(k: K, given: TypePolicyValues[K] | null | undefined) =>
    given === undefined ? before[k] : given === null ? seed[k] : given;
  const next: TypePolicyValues = {
    schedules: fromList
      ? [{ cron: fromList.cron }]
      : pick(
          "schedules",
          data.schedules
            ? data.schedules.map((s) => (s.timezone ? { cron: s.cron, timezone: s.timezone } : { cron: s.cron }))
            : data.schedules,
        ),
    retention: fromList
      ? fromList.retention
      : pick("retention", data.retention ? storedRetention(data.retention) : data.retention),
    maxManualBackups: pick("maxManualBackups", data.maxManualBackups),
    maxBackups: pick("maxBackups", data.maxBackups),
    live: pick("live", data.live),
  };
  await getDb()
    .insert(environmentTypePolicies)
    .values({ type, ...next })
    .onConflictDoUpdate({ target: environmentTypePolicies.type, set: { ...next, updatedAt: sql`now()` } });
  const after = await getTypePolicy(type);
  const changed = (Object.keys(next) as (keyof TypePolicyValues)[]).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
  await writeAudit({
    actor,
    action: "environment-type.update",
    target: { type: "environment-type", id: type, name: `${type} environments` },
    details: { changed, ...next },
  });
  return after;
}

/** For the type parameter of a route: the type, or null when it is not one. */
export function environmentTypeOrNull(v: string | undefined): EnvironmentType | null {
  return ENVIRONMENT_TYPES.includes(v as EnvironmentType) ? (v as EnvironmentType) : null;
}
