/* The health rule of the dashboard, pure so it can be tested. Failing (red) when the last backup failed,
 * when a production environment has no good backup in the last 24 h, or when proof says a restore would
 * not work: the latest backup failed its verification or is damaged, the latest integrity check of a
 * destination it uses failed, or the last test restore failed. At risk (amber) when a non-production
 * environment has none in 3 days, the last one was partial or cancelled, its verification warned, there
 * is no schedule, the environment is paused, or no test restore proved it in the last 30 days. Healthy
 * (green) otherwise. Never green without a good backup. `proof` absent: only the backup rules apply. */

export type Health = "healthy" | "at_risk" | "failing";

export type ProofInput = {
  /** Verification status of the newest finished backup ("passed", "warning", "failed", "pending"). */
  latestVerification: string | null;
  latestDamaged: boolean;
  /** Name of a destination the environment uses whose latest integrity check failed. */
  failedCheckDestination: string | null;
  latestTestRestoreStatus: string | null;
  lastProvenAt: string | Date | null;
};

export type HealthInput = {
  type: "production" | "staging" | "development";
  active: boolean;
  hasSchedule: boolean;
  lastStatus: string | null;
  lastGoodAt: string | Date | null;
  proof?: ProofInput;
};

const DAY = 86_400_000;
const PROVEN_WITHIN = 30 * DAY;

type Verdict = { health: Health; reason: string };

function proofFailing(p: ProofInput): Verdict | null {
  const failing = (reason: string): Verdict => ({ health: "failing", reason });
  if (p.latestDamaged) return failing("The latest backup is damaged: an integrity check found data it needs broken.");
  if (p.latestVerification === "failed") return failing("The latest backup failed its verification.");
  if (p.failedCheckDestination) return failing(`The last integrity check of ${p.failedCheckDestination} failed.`);
  if (p.latestTestRestoreStatus === "failed") return failing("The last test restore failed.");
  return null;
}

function proofAtRisk(p: ProofInput, now: Date): Verdict | null {
  if (p.latestVerification === "warning")
    return { health: "at_risk", reason: "The latest backup's verification warned." };
  if (!p.lastProvenAt) return { health: "at_risk", reason: "No test restore has proven it yet." };
  if (now.getTime() - new Date(p.lastProvenAt).getTime() > PROVEN_WITHIN) {
    return { health: "at_risk", reason: "No proven restore in the last 30 days." };
  }
  return null;
}

export function healthOf(e: HealthInput, now: Date = new Date()): Verdict {
  const goodAge = e.lastGoodAt ? now.getTime() - new Date(e.lastGoodAt).getTime() : Infinity;
  if (e.lastStatus === "failed") return { health: "failing", reason: "The last backup failed." };
  if (e.type === "production" && goodAge > DAY) {
    return {
      health: "failing",
      reason: e.lastGoodAt ? "No good backup in the last 24 hours." : "Never backed up successfully.",
    };
  }
  const proofRed = e.proof ? proofFailing(e.proof) : null;
  if (proofRed) return proofRed;
  if (!e.lastGoodAt) return { health: "at_risk", reason: "Never backed up successfully." };
  if (goodAge > 3 * DAY) return { health: "at_risk", reason: "No good backup in the last 3 days." };
  if (e.lastStatus === "partial") return { health: "at_risk", reason: "The last backup was partial." };
  if (e.lastStatus === "cancelled") return { health: "at_risk", reason: "The last backup was cancelled." };
  if (!e.active) return { health: "at_risk", reason: "Schedules are paused." };
  if (!e.hasSchedule) return { health: "at_risk", reason: "No schedule: backups only run by hand." };
  const proofAmber = e.proof ? proofAtRisk(e.proof, now) : null;
  if (proofAmber) return proofAmber;
  return {
    health: "healthy",
    reason: e.proof ? "Backed up recently and proven by a test restore." : "Backed up recently.",
  };
}
