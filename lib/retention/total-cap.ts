/* The total cap on top of the policy (Platform.sh max_backups: manual and automated backups together):
 * when more good backups are kept than the cap allows, the oldest automated ones go first, then the
 * oldest manual ones. Safety backups, running ones and failed attempts do not count and are never
 * touched here, and the newest good backup is never removed. Pure: mutates the decisions it is given. */
import type { RetentionDecision } from "./apply-retention";

const GOOD = new Set(["succeeded", "partial"]);

/** `newestFirst`: every decision, newest first. `max` 0/null/undefined: no cap. */
export function capTotal(newestFirst: RetentionDecision[], max: number | null | undefined, protectedId?: string): void {
  if (!max || max <= 0) return;
  const counted = newestFirst.filter((d) => d.action === "keep" && GOOD.has(d.status) && d.trigger !== "safety");
  let over = counted.length - max;
  const oldestFirst = [...counted].reverse();
  for (const trigger of ["scheduled", "manual"] as const) {
    for (const d of oldestFirst) {
      if (over <= 0) return;
      if (d.trigger !== trigger || d.id === protectedId) continue;
      d.action = "remove";
      d.rules = [];
      d.reasons = [
        `More than ${max} backups in total (manual and automated): the oldest ${trigger === "scheduled" ? "automated" : "manual"} ones are removed first.`,
      ];
      over--;
    }
  }
}
