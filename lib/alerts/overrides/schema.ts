/* Alert-rule overrides per project and environment: which kinds can be overridden, which of them take a
 * threshold (unit, bounds), the PUT body and the GET shape (effective value + where each field comes
 * from). Browser-safe: the overrides form validates with the same schema as the route. */
import { z } from "zod";
import type { AlertKind } from "../schema";

export type ThresholdSpec = { unit: string; min: number; max: number; help: string };

/** Environment-subject kinds an override can switch off; `threshold` where the rule has one. */
export const OVERRIDABLE_RULES = {
  backup_failed: {},
  overdue: {},
  job_stuck: {
    threshold: { unit: "minutes", min: 5, max: 10_080, help: "Minutes a running job may go without a heartbeat" },
  },
  verification_failed: {},
  size_anomaly: {},
  check_failed: {},
  test_restore_failed: {},
  copy_behind: {},
  wal_stream_down: {},
} as const satisfies Partial<Record<AlertKind, { threshold?: ThresholdSpec }>>;

export type OverridableKind = keyof typeof OVERRIDABLE_RULES;
export const OVERRIDABLE_KINDS = Object.keys(OVERRIDABLE_RULES) as OverridableKind[];

export function thresholdSpec(kind: OverridableKind): ThresholdSpec | undefined {
  return (OVERRIDABLE_RULES[kind] as { threshold?: ThresholdSpec }).threshold;
}

/** Shown for overdue: its threshold lives with the environment's DR targets. */
export const OVERDUE_THRESHOLD_NOTE = "The threshold is the environment's RPO, set on its Disaster recovery tab.";

const ZRuleOverride = z
  .object({
    kind: z.enum(OVERRIDABLE_KINDS as [OverridableKind, ...OverridableKind[]], {
      error: `kind must be one of: ${OVERRIDABLE_KINDS.join(", ")}`,
    }),
    enabled: z.boolean("enabled must be true or false").nullable().optional(),
    threshold: z.number("threshold must be a number").nullable().optional(),
  })
  .superRefine((r, ctx) => {
    if (r.threshold == null) return;
    const spec = thresholdSpec(r.kind);
    if (!spec) {
      const why = r.kind === "overdue" ? OVERDUE_THRESHOLD_NOTE : `${r.kind} has no threshold.`;
      ctx.addIssue({ code: "custom", path: ["threshold"], message: why });
    } else if (r.threshold < spec.min || r.threshold > spec.max)
      ctx.addIssue({
        code: "custom",
        path: ["threshold"],
        message: `${spec.help}: between ${spec.min} and ${spec.max} ${spec.unit}`,
      });
  });

/** PUT body: the overrides of this scope; a kind left out, or a field null/absent, inherits. */
export const ZRuleOverridesInput = z.object({
  rules: z
    .array(ZRuleOverride)
    .max(OVERRIDABLE_KINDS.length)
    .refine((l) => new Set(l.map((r) => r.kind)).size === l.length, "Each kind may appear once"),
});
export type TRuleOverridesInput = z.input<typeof ZRuleOverridesInput>;

export type RuleSource = "environment" | "project" | "default";

export type EffectiveRule = {
  kind: OverridableKind;
  enabled: boolean;
  threshold?: number;
  /** Where each field's value comes from; `inherited` lists the fields not set on this scope. */
  source: { enabled: RuleSource; threshold?: RuleSource };
  inherited: ("enabled" | "threshold")[];
  /** This scope's own values (null: inherits), for the form. */
  own: { enabled: boolean | null; threshold: number | null };
};

export type RuleOverridesView = { scope: "project" | "environment"; rules: EffectiveRule[] };
