/* The SQL that applies alert-rule overrides inside a rule's one query: two joins on the overrides'
 * primary key (the environment's own row, then its project's) and the effective enabled / threshold
 * expressions. `disabledEnvironments` answers, in one query, which environments have some kinds
 * switched off (for kinds raised through syncAlertConditions). */
import "server-only";
import type { SqlRunner } from "@/lib/jobs/tx";

/** Joins for `kind` (a literal from OVERRIDABLE_KINDS) on environment alias `e`; aliases eo/po. */
export function overrideJoins(kind: string, e = "e"): string {
  if (!/^[a-z_]+$/.test(kind)) throw new Error(`bad rule kind ${kind}`);
  return `left join alert_rule_overrides eo on eo.scope_id = ${e}.id and eo.kind = '${kind}'
          left join alert_rule_overrides po on po.scope_id = ${e}.project_id and po.kind = '${kind}'`;
}

export const OVERRIDE_ENABLED = "coalesce(eo.enabled, po.enabled, true)";

/** The effective threshold, or `fallback` (an SQL expression) when neither scope sets one. */
export function overrideThreshold(fallback: string): string {
  return `coalesce(eo.threshold, po.threshold, ${fallback})`;
}

export async function disabledEnvironments(q: SqlRunner, kinds: string[]): Promise<Set<string>> {
  if (!kinds.length) return new Set();
  const { rows } = await q.executeSql(
    `select distinct e.id as env_id, o.kind from alert_rule_overrides o
     join environments e on e.id = o.scope_id or e.project_id = o.scope_id
     left join alert_rule_overrides eo on eo.scope_id = e.id and eo.kind = o.kind
     left join alert_rule_overrides po on po.scope_id = e.project_id and po.kind = o.kind
     where o.kind = any($1::text[]) and o.enabled = false and coalesce(eo.enabled, po.enabled, true) = false`,
    [kinds],
  );
  return new Set(rows.map((r) => `${r.env_id}:${r.kind}`));
}
