/* Reads and writes alert-rule overrides of a project or an environment and resolves the effective rule
 * (environment → project → default) with where each field comes from. PUT replaces this scope's
 * overrides (a kind left out inherits) and writes an audit entry. */
import "server-only";
import { eq } from "drizzle-orm";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { alertRuleOverrides } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { getEnvironment } from "@/lib/environments/get-environment";
import { getProject } from "@/lib/projects/get-project";
import { defaultRuleOptions } from "../rules";
import {
  type EffectiveRule,
  OVERRIDABLE_KINDS,
  type OverridableKind,
  type RuleOverridesView,
  type RuleSource,
  thresholdSpec,
  type ZRuleOverridesInput,
} from "./schema";

type Scope = "project" | "environment";
type Own = { enabled: boolean | null; threshold: number | null };

/** The default threshold of a kind, in its spec's unit. */
export function defaultThreshold(kind: OverridableKind): number | undefined {
  if (kind === "job_stuck") return defaultRuleOptions(env().LIFEBOAT_JOB_LEASE_SECONDS).stuckAfterSeconds / 60;
  return undefined;
}

async function ownOverrides(scopeId: string): Promise<Map<string, Own>> {
  const rows = await getDb().select().from(alertRuleOverrides).where(eq(alertRuleOverrides.scopeId, scopeId));
  return new Map(rows.map((r) => [r.kind, { enabled: r.enabled, threshold: r.threshold }]));
}

function resolve(kind: OverridableKind, layers: [RuleSource, Own | undefined][]): EffectiveRule {
  const pick = <K extends keyof Own>(field: K): [RuleSource, NonNullable<Own[K]>] | undefined => {
    for (const [src, own] of layers) if (own && own[field] != null) return [src, own[field]!];
    return undefined;
  };
  const own = layers[0]![1] ?? { enabled: null, threshold: null };
  const enabled = pick("enabled");
  const rule: EffectiveRule = {
    kind,
    enabled: enabled ? enabled[1] : true,
    source: { enabled: enabled ? enabled[0] : "default" },
    inherited: own.enabled == null ? ["enabled"] : [],
    own,
  };
  if (thresholdSpec(kind)) {
    const t = pick("threshold");
    rule.threshold = t ? t[1] : defaultThreshold(kind);
    rule.source.threshold = t ? t[0] : "default";
    if (own.threshold == null) rule.inherited.push("threshold");
  }
  return rule;
}

async function scopeLayers(scope: Scope, id: string): Promise<Map<string, Own>[]> {
  if (scope === "project") {
    await getProject(id);
    return [await ownOverrides(id)];
  }
  const e = await getEnvironment(id);
  return [await ownOverrides(id), await ownOverrides(e.projectId)];
}

export async function getRuleOverrides(scope: Scope, id: string): Promise<RuleOverridesView> {
  const [mine, project] = await scopeLayers(scope, id);
  const names: RuleSource[] = scope === "project" ? ["project"] : ["environment", "project"];
  return {
    scope,
    rules: OVERRIDABLE_KINDS.map((k) =>
      resolve(k, [
        [names[0]!, mine!.get(k)],
        ...(project ? ([[names[1]!, project.get(k)]] as [RuleSource, Own | undefined][]) : []),
      ]),
    ),
  };
}

export async function putRuleOverrides(
  scope: Scope,
  id: string,
  input: ReturnType<typeof ZRuleOverridesInput.parse>,
  actor: Actor,
): Promise<RuleOverridesView> {
  await scopeLayers(scope, id); // not_found with the right words
  const set = input.rules.filter((r) => r.enabled != null || r.threshold != null);
  await getDb().transaction(async (tx) => {
    await tx.delete(alertRuleOverrides).where(eq(alertRuleOverrides.scopeId, id));
    if (set.length)
      await tx.insert(alertRuleOverrides).values(
        set.map((r) => ({
          scope,
          scopeId: id,
          kind: r.kind,
          enabled: r.enabled ?? null,
          threshold: r.threshold ?? null,
        })),
      );
  });
  await writeAudit({
    actor,
    action: "alert_rules.update",
    target: { type: scope, id },
    outcome: "success",
  });
  return getRuleOverrides(scope, id);
}
