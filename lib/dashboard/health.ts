/* The health rule of the dashboard, pure so it can be tested: failing (red) when the last backup
 * failed, or when a production environment has no good backup in the last 24 h; at risk (amber) when a
 * non-production environment has none in 3 days, the last one was partial or cancelled, there is no
 * schedule, or the environment is paused; healthy (green) otherwise. Never green without a good backup. */

export type Health = "healthy" | "at_risk" | "failing";

export type HealthInput = {
  type: "production" | "staging" | "development";
  active: boolean;
  hasSchedule: boolean;
  lastStatus: string | null;
  lastGoodAt: string | Date | null;
};

export function healthOf(e: HealthInput, now: Date = new Date()): { health: Health; reason: string } {
  const goodAge = e.lastGoodAt ? now.getTime() - new Date(e.lastGoodAt).getTime() : Infinity;
  const day = 86_400_000;
  if (e.lastStatus === "failed") return { health: "failing", reason: "The last backup failed." };
  if (e.type === "production" && goodAge > day) {
    return {
      health: "failing",
      reason: e.lastGoodAt ? "No good backup in the last 24 hours." : "Never backed up successfully.",
    };
  }
  if (!e.lastGoodAt) return { health: "at_risk", reason: "Never backed up successfully." };
  if (goodAge > 3 * day) return { health: "at_risk", reason: "No good backup in the last 3 days." };
  if (e.lastStatus === "partial") return { health: "at_risk", reason: "The last backup was partial." };
  if (e.lastStatus === "cancelled") return { health: "at_risk", reason: "The last backup was cancelled." };
  if (!e.active) return { health: "at_risk", reason: "Schedules are paused." };
  if (!e.hasSchedule) return { health: "at_risk", reason: "No schedule: backups only run by hand." };
  return { health: "healthy", reason: "Backed up recently." };
}
