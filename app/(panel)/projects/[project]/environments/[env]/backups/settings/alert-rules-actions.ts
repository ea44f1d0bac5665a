/* Server action of the alert-rule overrides card on Backup settings: save this environment's overrides
 * (operator+). Thin: runAction authorises and validates with the REST API's schema. */
"use server";
import { z } from "zod";
import { putRuleOverrides } from "@/lib/alerts/overrides/store";
import { type TRuleOverridesInput, ZRuleOverridesInput } from "@/lib/alerts/overrides/schema";
import { runAction } from "@/lib/http";

const ZScopeId = z.string().uuid();

export async function saveAlertRulesAction(input: { environmentId: string; rules: TRuleOverridesInput }) {
  return runAction(
    "operator",
    ZRuleOverridesInput,
    input.rules,
    (rules, actor) => putRuleOverrides("environment", ZScopeId.parse(input.environmentId), rules, actor),
    { action: "alert-rules.update" },
  );
}
